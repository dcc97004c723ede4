#!/usr/bin/env bash
# Prints an access token for a demo account of scripts/run.sh, fetched from the token server through the gateway.
#
#   scripts/token.sh learner|admin [gateway-url]
#   TOKEN=$(scripts/token.sh learner)
#
# learner: the mobile app's password grant (client learning-mobile). admin: the admin SPA's sign-in, played with curl
# and a cookie jar (client learning-admin has no password grant): the authorization endpoint sends the browser to the
# login page, the form is posted with its antiforgery token, the authorization endpoint answers with a code at
# {gateway}/admin/callback, and the code is redeemed with its PKCE verifier.
set -euo pipefail
who=${1:-learner}
gateway=${2:-http://127.0.0.1:${LP_GATEWAY_PORT:-5000}}
# LP_TOKEN_EMAIL and LP_TOKEN_PASSWORD name another account than the demo one.
case "$who" in
  learner) user=${LP_TOKEN_EMAIL:-learner@demo.local} pass=${LP_TOKEN_PASSWORD:-demo-learner-password} ;;
  admin) user=${LP_TOKEN_EMAIL:-admin@demo.local} pass=${LP_TOKEN_PASSWORD:-demo-admin-password} ;;
  *) echo "usage: scripts/token.sh learner|admin [gateway-url]" >&2; exit 2 ;;
esac

fail() { echo "no token: $*" >&2; exit 1; }

if [[ "$who" == learner ]]; then
  response=$(curl -sS -X POST "$gateway/api/auth/connect/token" \
    --data-urlencode grant_type=password --data-urlencode "username=$user" --data-urlencode "password=$pass" \
    --data-urlencode client_id=learning-mobile --data-urlencode "scope=learning.app offline_access")
else
  jar=$(mktemp)
  trap 'rm -f "$jar"' EXIT
  base64url() { base64 -w0 | tr '+/' '-_' | tr -d '='; }
  verifier=$(head -c 32 /dev/urandom | base64url)
  challenge=$(printf '%s' "$verifier" | openssl dgst -sha256 -binary | base64url)
  redirect_uri="$gateway/admin/callback"
  # 1. The authorization request: no session yet, so 302 to the login page (-w prints the resolved Location).
  login_url=$(curl -sS -G -o /dev/null -w '%{redirect_url}' -c "$jar" -b "$jar" "$gateway/api/auth/connect/authorize" \
    --data-urlencode client_id=learning-admin --data-urlencode response_type=code \
    --data-urlencode "scope=openid learning.admin offline_access" --data-urlencode "redirect_uri=$redirect_uri" \
    --data-urlencode "code_challenge=$challenge" --data-urlencode code_challenge_method=S256 --data-urlencode state=token-sh)
  [[ -n "$login_url" ]] || fail "the authorization endpoint did not redirect to the login page"
  # 2. The login page: its antiforgery cookie goes into the jar, its token and return URL are read from the form.
  page=$(curl -sS -c "$jar" -b "$jar" "$login_url")
  af_token=$(printf '%s' "$page" | sed -nE 's/.*name="__RequestVerificationToken" value="([^"]*)".*/\1/p')
  return_url=$(printf '%s' "$page" | sed -nE 's/.*name="returnUrl" value="([^"]*)".*/\1/p' | sed 's/&amp;/\&/g')
  [[ -n "$af_token" && -n "$return_url" ]] || fail "no login form at $login_url"
  # 3. Sign in: 302 back to the authorization endpoint, now with a session cookie.
  authorize_url=$(curl -sS -o /dev/null -w '%{redirect_url}' -c "$jar" -b "$jar" "$login_url" \
    --data-urlencode "__RequestVerificationToken=$af_token" --data-urlencode "email=$user" \
    --data-urlencode "password=$pass" --data-urlencode "returnUrl=$return_url")
  [[ -n "$authorize_url" ]] || fail "the login page refused $user"
  # 4. The authorization endpoint answers with the code at the redirect URI.
  callback=$(curl -sS -o /dev/null -w '%{redirect_url}' -c "$jar" -b "$jar" "$authorize_url")
  code=$(printf '%s' "$callback" | sed -nE 's/.*[?&]code=([^&]+).*/\1/p')
  [[ -n "$code" ]] || fail "no code in $callback"
  # 5. The code and its verifier for the tokens (a public client: no secret).
  response=$(curl -sS -X POST "$gateway/api/auth/connect/token" \
    --data-urlencode grant_type=authorization_code --data-urlencode "code=$(printf '%b' "${code//%/\\x}")" \
    --data-urlencode "redirect_uri=$redirect_uri" --data-urlencode client_id=learning-admin \
    --data-urlencode "code_verifier=$verifier")
fi
token=$(printf '%s' "$response" | sed -nE 's/.*"access_token" *: *"([^"]+)".*/\1/p')
[[ -n "$token" ]] || fail "$response"
printf '%s\n' "$token"

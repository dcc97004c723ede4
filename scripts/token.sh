#!/usr/bin/env bash
# Prints an access token for a demo account of scripts/run.sh, fetched from the token server through the gateway.
#
#   scripts/token.sh learner|admin [gateway-url]
#   TOKEN=$(scripts/token.sh learner)
set -euo pipefail
who=${1:-learner}
gateway=${2:-http://127.0.0.1:${LP_GATEWAY_PORT:-5000}}
case "$who" in
  learner) user=learner@demo.local pass=demo-learner-password client=learning-mobile scope=learning.app ;;
  admin) user=admin@demo.local pass=demo-admin-password client=learning-admin scope=learning.admin ;;
  *) echo "usage: scripts/token.sh learner|admin [gateway-url]" >&2; exit 2 ;;
esac
response=$(curl -sS -X POST "$gateway/api/auth/connect/token" \
  --data-urlencode grant_type=password --data-urlencode "username=$user" --data-urlencode "password=$pass" \
  --data-urlencode "client_id=$client" --data-urlencode "scope=$scope offline_access")
token=$(printf '%s' "$response" | sed -nE 's/.*"access_token" *: *"([^"]+)".*/\1/p')
[[ -n "$token" ]] || { echo "no token: $response" >&2; exit 1; }
printf '%s\n' "$token"

#!/usr/bin/env bash
# Regenerate the admin app's typed API client from the WebApi's OpenAPI document:
#
#   scripts/gen-admin-client.sh
#
# Builds and starts the WebApi alone on a free loopback port (no database or Redis needed to serve the document),
# writes its /swagger/v1/swagger.json to web/admin/openapi/learning.json (with the public issuer of scripts/run.sh) and
# runs openapi-typescript into web/admin/src/api/schema.d.ts. Both files are checked in: AdminClientDocumentTests
# fails when the first differs from what the WebApi serves, `npm run check:types` when the second differs from the first.
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
ADMIN="$ROOT/web/admin"

read -r port <<<"$(free_ports 1)"
dotnet build "$ROOT/src/WebApi" -v quiet -nologo >/dev/null
log="$(mktemp /tmp/lp-gen-client.XXXXXX)"
# The document names the token server; the canonical copy carries the public issuer scripts/run.sh gives the hosts.
env ASPNETCORE_ENVIRONMENT=Development ASPNETCORE_URLS="http://127.0.0.1:$port" \
  Auth__Authority=http://127.0.0.1:5000/api/auth/ Database__MigrateOnStartup=false Seed__Demo=false \
  dotnet run --no-build --no-launch-profile --project "$ROOT/src/WebApi" >"$log" 2>&1 &
pid=$!
# shellcheck disable=SC2317  # invoked by the trap
stop() { kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; rm -f "$log"; }
trap stop EXIT
wait_until 90 "the WebApi's OpenAPI document" curl -fsS -o /dev/null "http://127.0.0.1:$port/swagger/v1/swagger.json" ||
  { cat "$log" >&2; die "the WebApi did not serve its document"; }
mkdir -p "$ADMIN/openapi"
curl -fsS "http://127.0.0.1:$port/swagger/v1/swagger.json" |
  node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>process.stdout.write(JSON.stringify(JSON.parse(s),null,2)+"\n"))' \
  >"$ADMIN/openapi/learning.json"
[[ -d "$ADMIN/node_modules" ]] || (cd "$ADMIN" && npm ci --no-audit --no-fund)
(cd "$ADMIN" && npm run --silent gen:types)
log "wrote web/admin/openapi/learning.json and web/admin/src/api/schema.d.ts"

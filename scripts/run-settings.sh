# shellcheck shell=bash
# The settings scripts/run.sh gives the three hosts, as defaults only: whatever the operator's environment already sets
# (another Redis, another issuer, Production, ...) is kept. Sourced by run.sh after services.sh's env.sh (which follows
# the same rule for the connection strings, Redis and S3); tested by tests/Deployment.Tests (RunScriptSettingsTests).
#
#   GATEWAY_PORT, WEBAPI_PORT, IDENTITY_PORT must be set (run.sh takes them from LP_GATEWAY_PORT etc., default 5000/5080/5081).

# default NAME VALUE: export NAME=VALUE unless NAME is already set (even to an empty value: that is the operator's too).
default() { [[ -n "${!1+set}" ]] || export "$1=$2"; }

# Development settings: appsettings.Development.json of each host (dev keys in .local/identity-keys, dev client
# secrets) plus the demo accounts below.
default ASPNETCORE_ENVIRONMENT Development
default Database__MigrateOnStartup true
default AuthServer__Seed__AdminEmail admin@demo.local
default AuthServer__Seed__AdminPassword demo-admin-password
default AuthServer__Seed__LearnerEmail learner@demo.local
default AuthServer__Seed__LearnerPassword demo-learner-password
# The public issuer is the gateway's URL (what apps see, in every token's iss and in discovery); the WebApi and the
# Gateway validate it and read the discovery document and keys from the token server directly.
default AuthServer__Issuer "http://127.0.0.1:$GATEWAY_PORT/api/auth/"
default Auth__Authority "$AuthServer__Issuer"
default Auth__MetadataAddress "http://127.0.0.1:$IDENTITY_PORT/api/auth/.well-known/openid-configuration"
# --- admin SPA: the gateway serves web/admin's build at /admin/; the app uploads lesson media straight to S3 (its CSP) ---
default AdminApp__Path "$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/web/admin/dist"
[[ -z "${S3__ServiceUrl:-}" ]] || default AdminApp__ConnectSources__0 "$S3__ServiceUrl"
# --- end admin SPA ---
default Gateway__Introspection__Endpoint "http://127.0.0.1:$IDENTITY_PORT/api/auth/connect/introspect"

# The gateway's upstreams follow the ports. Their names hold a '-', which no shell variable can: they are passed with env
# to the gateway alone (upstream_settings), unless the operator's environment has them.
upstream_settings() {
  local name
  for name in "ReverseProxy__Clusters__identity__Destinations__identity-1__Address=http://127.0.0.1:$IDENTITY_PORT/" \
              "ReverseProxy__Clusters__learning__Destinations__learning-1__Address=http://127.0.0.1:$WEBAPI_PORT/"; do
    printenv "${name%%=*}" >/dev/null || printf '%s\n' "$name"
  done
}

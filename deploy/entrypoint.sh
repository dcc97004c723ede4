#!/bin/sh
# The image's entry point (Dockerfile): runs one host, or applies the migrations and exits.
#
#   entrypoint.sh [WebApi|Identity|Gateway|migrate] [host arguments...]   (default: WebApi)
#
# migrate: LearningDB's, then AuthDB's pending migrations (EF Core bundles built by scripts/migration-bundles.sh), from
# ConnectionStrings__LearningDb and ConnectionStrings__AuthDb; each bundle skips what is applied already. The same command
# in docker-compose.yml (service migrate) and in deploy/k8s (the migrations Job); tests/Deployment.Tests runs this file's
# migrate against a fresh PostgreSQL. LP_APP_DIR (default /app) is where the hosts and bundles are: only tests set it.
set -e
app="${LP_APP_DIR:-/app}"
host=WebApi
case "${1:-}" in
  ""|-*) ;;
  WebApi|webapi) host=WebApi; shift ;;
  Identity|identity) host=Identity; shift ;;
  Gateway|gateway) host=Gateway; shift ;;
  migrate)
    : "${ConnectionStrings__LearningDb:?migrate needs ConnectionStrings__LearningDb}"
    : "${ConnectionStrings__AuthDb:?migrate needs ConnectionStrings__AuthDb}"
    "$app/migrations/learningdb" --connection "$ConnectionStrings__LearningDb"
    exec "$app/migrations/authdb" --connection "$ConnectionStrings__AuthDb" ;;
  *) echo "unknown host \"$1\"; expected WebApi, Identity, Gateway or migrate" >&2; exit 64 ;;
esac
# The cd matters: WebApplication.CreateBuilder takes the working directory as the content root, and that is where
# appsettings*.json are read from.
cd "$app/$host"
exec dotnet "$app/$host/LearningPlatform.$host.dll" "$@"

#!/usr/bin/env bash
# Builds the EF Core migration bundles that the image's `migrate` command runs (deploy/entrypoint.sh):
#
#   scripts/migration-bundles.sh OUTPUT_DIR [dotnet ef migrations bundle options, e.g. --configuration Release]
#
# OUTPUT_DIR/learningdb (LearningDbContext, src/Infrastructure) and OUTPUT_DIR/authdb (AuthDbContext, src/Identity): one
# framework-dependent executable per database, each applying its pending migrations to `--connection`. The Dockerfile
# builds them with this script, and tests/Deployment.Tests builds them the same way and runs them on a fresh PostgreSQL.
set -euo pipefail
[[ $# -ge 1 ]] || { sed -n '2,8s/^# \{0,1\}//p' "$0" >&2; exit 2; }
out="$1"; shift
cd "$(dirname "${BASH_SOURCE[0]}")/.."
mkdir -p "$out"
dotnet tool restore >/dev/null
dotnet ef migrations bundle --force "$@" \
  --project src/Infrastructure/Infrastructure.csproj --startup-project src/Infrastructure/Infrastructure.csproj \
  --output "$out/learningdb"
dotnet ef migrations bundle --force "$@" \
  --project src/Identity/Identity.csproj --startup-project src/Identity/Identity.csproj --context AuthDbContext \
  --output "$out/authdb"

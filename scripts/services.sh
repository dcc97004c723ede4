#!/usr/bin/env bash
# Local PostgreSQL + Redis + s3rver (fake S3) bound to 127.0.0.1, no Docker.
#
#   scripts/services.sh start|stop|status [--dir DIR] [--pg-port N] [--redis-port N] [--s3-port N] [--throwaway]
#                                         [--redis-cluster [--redis-cluster-ports N,N,N]] [--pg-replica [--pg-replica-port N]]
#
# DIR defaults to $ROOT/.local/services. `start` installs what is missing, is idempotent,
# and writes DIR/env.sh (source it to get connection settings). `--throwaway` turns off
# PostgreSQL durability (fsync etc.) for test instances that are deleted afterwards.
# `--redis-cluster` also starts a Redis Cluster of three masters (default ports 56380-56382) and `--pg-replica` a
# streaming replica of the PostgreSQL server (pg_basebackup -R, default port 55433); env.sh then points the app's
# Redis__Configuration and ConnectionStrings__LearningDbRead at them (unless the environment names others).
# Ports used by `start` are remembered in DIR/ports.env, so `stop`/`status` need only --dir.
# `status` exits 0 when all that was started runs, 3 otherwise.
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

usage() { sed -n '2,14s/^# \{0,1\}//p' "$0" >&2; exit 2; }

CMD="${1:-}"; [[ $# -gt 0 ]] && shift
DIR="$ROOT/.local/services"
PG_PORT='' REDIS_PORT='' S3_PORT='' THROWAWAY=0 CLUSTER_PORTS='' REPLICA_PORT=''
while [[ $# -gt 0 ]]; do
  case "$1" in
    --dir) DIR="${2:?--dir needs a value}"; shift 2 ;;
    --pg-port) PG_PORT="${2:?--pg-port needs a value}"; shift 2 ;;
    --redis-port) REDIS_PORT="${2:?--redis-port needs a value}"; shift 2 ;;
    --s3-port) S3_PORT="${2:?--s3-port needs a value}"; shift 2 ;;
    --throwaway) THROWAWAY=1; shift ;;
    --redis-cluster) CLUSTER_PORTS="${CLUSTER_PORTS:-56380,56381,56382}"; shift ;;
    --redis-cluster-ports) CLUSTER_PORTS="${2:?--redis-cluster-ports needs three ports, e.g. 56380,56381,56382}"; shift 2 ;;
    --pg-replica) REPLICA_PORT="${REPLICA_PORT:-55433}"; shift ;;
    --pg-replica-port) REPLICA_PORT="${2:?--pg-replica-port needs a value}"; shift 2 ;;
    *) usage ;;
  esac
done
[[ "$CMD" =~ ^(start|stop|status)$ ]] || usage

if [[ ! -d "$DIR" ]]; then
  if [[ $CMD == stop ]]; then log "nothing to stop in $DIR"; exit 0; fi
  if [[ $CMD == status ]]; then echo "no services in $DIR (never started)"; exit 3; fi
  mkdir -p "$DIR"
fi
DIR="$(cd "$DIR" && pwd)"   # absolute: as_pg_owner runs from /
PG_DATA="$DIR/pg/data"
REDIS_PID="$DIR/redis/redis.pid"
S3_PID="$DIR/s3rver.pid"

# Ports: command line > ports remembered by the last start > defaults.
REC_PG='' REC_REDIS='' REC_S3='' REC_CLUSTER='' REC_REPLICA=''
# shellcheck disable=SC1091  # generated file
if [[ -f "$DIR/ports.env" ]]; then source "$DIR/ports.env"; fi
PG_PORT="${PG_PORT:-${REC_PG:-55432}}"
REDIS_PORT="${REDIS_PORT:-${REC_REDIS:-56379}}"
S3_PORT="${S3_PORT:-${REC_S3:-54569}}"
# The cluster and the replica are started only when asked; stop and status find them from the last start.
if [[ $CMD != start ]]; then CLUSTER_PORTS="${CLUSTER_PORTS:-$REC_CLUSTER}" REPLICA_PORT="${REPLICA_PORT:-$REC_REPLICA}"; fi
if [[ -n "$CLUSTER_PORTS" && ! "$CLUSTER_PORTS" =~ ^[0-9]+,[0-9]+,[0-9]+$ ]]; then die "--redis-cluster-ports takes three ports: N,N,N"; fi
CLUSTER_PORT_LIST=()
if [[ -n "$CLUSTER_PORTS" ]]; then IFS=, read -r -a CLUSTER_PORT_LIST <<<"$CLUSTER_PORTS"; fi
REPLICA_DATA="$DIR/pg-replica/data"

pg_running()    { [[ -n "${PG_BIN:-}" && -f "$PG_DATA/PG_VERSION" ]] && as_pg_owner "$PG_BIN/pg_ctl" status -D "$PG_DATA" >/dev/null 2>&1; }
redis_running() { pidfile_alive "$REDIS_PID" redis-server; }
s3_running()    { pidfile_alive "$S3_PID" s3rver; }
redis_ping()    { [[ "$(redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping 2>/dev/null)" == PONG ]]; }
node_running()  { pidfile_alive "$DIR/redis-cluster/$1/redis.pid" redis-server; }
node_ping()     { [[ "$(redis-cli -h 127.0.0.1 -p "$1" ping 2>/dev/null)" == PONG ]]; }
cluster_ok() {
  local p
  for p in "${CLUSTER_PORT_LIST[@]}"; do
    redis-cli -h 127.0.0.1 -p "$p" cluster info 2>/dev/null | grep -q '^cluster_state:ok' || return 1
  done
}
replica_running() { [[ -n "${PG_BIN:-}" && -f "$REPLICA_DATA/PG_VERSION" ]] && as_pg_owner "$PG_BIN/pg_ctl" status -D "$REPLICA_DATA" >/dev/null 2>&1; }

# Port must be free before we start a server on it (catches clashes with other programs).
need_free_port() { port_free "$1" || die "port $1 ($2) is already in use by another process; pick another with --$2-port"; }

start_pg() {
  if [[ ! -f "$PG_DATA/PG_VERSION" ]]; then
    mkdir -p "$DIR/pg"
    if [[ $EUID -eq 0 ]]; then
      ensure_pg_user
      chown "$LP_PG_USER" "$DIR/pg"
      runuser -u "$LP_PG_USER" -- test -x "$DIR/pg" ||
        die "user $LP_PG_USER cannot reach $DIR/pg: every parent directory must be traversable (chmod o+x)"
    fi
    chmod 700 "$DIR/pg"
    log "initdb $PG_DATA"
    local init=("$PG_BIN/initdb" -D "$PG_DATA" -U postgres --auth=trust -E UTF8)
    if ! as_pg_owner "${init[@]}" --locale=C.UTF-8 >"$DIR/pg/initdb.log" 2>&1; then
      log "initdb with C.UTF-8 failed, retrying with --locale=C"
      as_pg_owner rm -rf "$PG_DATA"
      as_pg_owner "${init[@]}" --locale=C >>"$DIR/pg/initdb.log" 2>&1 || die "initdb failed, see $DIR/pg/initdb.log"
    fi
  fi
  if pg_running; then
    log "postgres already running"
  else
    # Options go to postgres on the command line only; nothing is written to postgresql.conf.
    local opts="-c listen_addresses=127.0.0.1 -c port=$PG_PORT -c unix_socket_directories='$DIR/pg' -c max_connections=300"
    [[ $THROWAWAY -eq 1 ]] && opts+=" -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
    as_pg_owner "$PG_BIN/pg_ctl" start -w -t 30 -D "$PG_DATA" -l "$DIR/pg/postgres.log" -o "$opts" >/dev/null ||
      die "postgres did not start, see $DIR/pg/postgres.log"
  fi
  wait_until 30 postgres "$PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$PG_PORT" -U postgres ||
    die "postgres not ready, see $DIR/pg/postgres.log"
  local psql=("$PG_BIN/psql" -h 127.0.0.1 -p "$PG_PORT" -U postgres -v ON_ERROR_STOP=1)
  local db
  for db in learning auth; do   # LearningDB and AuthDB
    if [[ "$("${psql[@]}" -tAc "select 1 from pg_database where datname='$db'")" != 1 ]]; then
      "$PG_BIN/createdb" -h 127.0.0.1 -p "$PG_PORT" -U postgres "$db"
    fi
  done
}

start_redis() {
  mkdir -p "$DIR/redis"
  if redis_running; then
    log "redis already running"
  else
    redis-server --bind 127.0.0.1 --port "$REDIS_PORT" --save '' --appendonly no --daemonize yes \
      --pidfile "$REDIS_PID" --logfile "$DIR/redis/redis.log" --dir "$DIR/redis"
  fi
  wait_until 30 redis redis_ping || die "redis not ready, see $DIR/redis/redis.log"
}

# Three masters, no replicas, each in DIR/redis-cluster/PORT, joined once with redis-cli --cluster create (their
# nodes.conf keeps the cluster across restarts in the same DIR).
start_redis_cluster() {
  local p nodes=()
  for p in "${CLUSTER_PORT_LIST[@]}"; do
    mkdir -p "$DIR/redis-cluster/$p"
    nodes+=("127.0.0.1:$p")
    node_running "$p" && continue
    redis-server --bind 127.0.0.1 --port "$p" --cluster-enabled yes --cluster-config-file nodes.conf --save '' \
      --appendonly no --daemonize yes --pidfile "$DIR/redis-cluster/$p/redis.pid" \
      --logfile "$DIR/redis-cluster/$p/redis.log" --dir "$DIR/redis-cluster/$p"
  done
  for p in "${CLUSTER_PORT_LIST[@]}"; do
    # The log's tail in the message: a throw-away directory (scripts/test.sh) is deleted right after this.
    wait_until 30 "cluster node $p" node_ping "$p" ||
      die "redis cluster node $p not ready; its log ends: $(tail -n 5 "$DIR/redis-cluster/$p/redis.log" 2>/dev/null | tr '\n' ' ')"
  done
  # Nodes that know only themselves are new: join them (restarted nodes rejoin by their nodes.conf).
  if redis-cli -h 127.0.0.1 -p "${CLUSTER_PORT_LIST[0]}" cluster info 2>/dev/null | grep -q '^cluster_known_nodes:1'; then
    redis-cli --cluster create "${nodes[@]}" --cluster-replicas 0 --cluster-yes >"$DIR/redis-cluster/create.log" 2>&1 ||
      die "redis-cli --cluster create failed, see $DIR/redis-cluster/create.log"
  fi
  wait_until 30 "the redis cluster to cover every slot" cluster_ok || die "redis cluster not ok, see $DIR/redis-cluster/*/redis.log"
}

# A hot standby of the PostgreSQL server, streaming from it through a replication slot (so the primary keeps the WAL
# the standby has not received yet), read-only: what ConnectionStrings:LearningDbRead is for.
start_pg_replica() {
  if [[ ! -f "$REPLICA_DATA/PG_VERSION" ]]; then
    mkdir -p "$DIR/pg-replica"
    [[ $EUID -eq 0 ]] && chown "$LP_PG_USER" "$DIR/pg-replica"
    chmod 700 "$DIR/pg-replica"
    local psql=("$PG_BIN/psql" -h 127.0.0.1 -p "$PG_PORT" -U postgres -v ON_ERROR_STOP=1 -tAc)
    if [[ "$("${psql[@]}" "select 1 from pg_replication_slots where slot_name = 'lp_replica'")" == 1 ]]; then
      "${psql[@]}" "select pg_drop_replication_slot('lp_replica')" >/dev/null
    fi
    log "pg_basebackup into $REPLICA_DATA"
    # --checkpoint=fast: the default spread checkpoint makes a fresh, idle cluster wait minutes for its backup.
    as_pg_owner "$PG_BIN/pg_basebackup" -h 127.0.0.1 -p "$PG_PORT" -U postgres -D "$REPLICA_DATA" -R -X stream \
      --checkpoint=fast -C -S lp_replica >"$DIR/pg-replica/basebackup.log" 2>&1 || die "pg_basebackup failed, see $DIR/pg-replica/basebackup.log"
  fi
  if replica_running; then
    log "postgres replica already running"
  else
    local opts="-c listen_addresses=127.0.0.1 -c port=$REPLICA_PORT -c unix_socket_directories='$DIR/pg-replica' -c max_connections=300"
    [[ $THROWAWAY -eq 1 ]] && opts+=" -c fsync=off -c synchronous_commit=off"
    as_pg_owner "$PG_BIN/pg_ctl" start -w -t 60 -D "$REPLICA_DATA" -l "$DIR/pg-replica/postgres.log" -o "$opts" >/dev/null ||
      die "postgres replica did not start, see $DIR/pg-replica/postgres.log"
  fi
  wait_until 60 "postgres replica" "$PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$REPLICA_PORT" -U postgres ||
    die "postgres replica not ready, see $DIR/pg-replica/postgres.log"
}

start_s3() {
  mkdir -p "$DIR/s3"
  if s3_running; then
    log "s3rver already running"
  else
    # setsid: own session, so a Ctrl-C aimed at a foreground app (run.sh) does not kill it.
    # --allow-mismatched-signatures: V2 signatures are not checked (it never checks V4 ones). Its one account is
    # access key S3RVER, secret S3RVER: any other key is refused (InvalidAccessKeyId), hence S3__AccessKey below.
    setsid node "$S3RVER_BIN" --address 127.0.0.1 --port "$S3_PORT" --directory "$DIR/s3" --silent \
      --allow-mismatched-signatures --configure-bucket learning-media </dev/null >"$DIR/s3rver.log" 2>&1 &
    echo $! >"$S3_PID"
  fi
  # s3rver creates the bucket before it starts listening, so an open port means ready.
  wait_until 30 s3rver tcp_open "$S3_PORT" || die "s3rver not ready, see $DIR/s3rver.log"
  s3_running || die "s3rver pid $(cat "$S3_PID") is not alive, see $DIR/s3rver.log"
}

write_env() {
  local cluster='' app_redis="127.0.0.1:$REDIS_PORT" p
  for p in "${CLUSTER_PORT_LIST[@]}"; do cluster+="${cluster:+,}127.0.0.1:$p"; done
  # The app uses the cluster when one was started.
  [[ -n "$cluster" ]] && app_redis="$cluster"
  cat >"$DIR/env.sh" <<EOF
# Generated by scripts/services.sh start; source it.
export LP_PG_ADMIN="Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Database=postgres"
export LP_REDIS="127.0.0.1:$REDIS_PORT"
export LP_S3_URL="http://127.0.0.1:$S3_PORT"
export LP_PG_PORT=$PG_PORT
export LP_REDIS_PORT=$REDIS_PORT
export LP_S3_PORT=$S3_PORT
export LP_PG_BIN="$PG_BIN"
# The app's own configuration (databases "learning" and "auth", bucket "learning-media"), unless the caller's
# environment already names other servers (e.g. Redis__Configuration for a Redis Cluster).
export ConnectionStrings__LearningDb="\${ConnectionStrings__LearningDb:-Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Database=learning}"
export ConnectionStrings__AuthDb="\${ConnectionStrings__AuthDb:-Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Database=auth}"
export Redis__Configuration="\${Redis__Configuration:-$app_redis}"
export S3__ServiceUrl="\${S3__ServiceUrl:-http://127.0.0.1:$S3_PORT}"
export S3__AccessKey="\${S3__AccessKey:-S3RVER}" S3__SecretKey="\${S3__SecretKey:-S3RVER}"
export S3__Bucket="\${S3__Bucket:-learning-media}" S3__CreateBucket="\${S3__CreateBucket:-true}"
EOF
  if [[ -n "$cluster" ]]; then
    printf 'export LP_REDIS_CLUSTER="%s"\n' "$cluster" >>"$DIR/env.sh"
  fi
  if [[ -n "$REPLICA_PORT" ]]; then
    cat >>"$DIR/env.sh" <<EOF
export LP_PG_REPLICA_ADMIN="Host=127.0.0.1;Port=$REPLICA_PORT;Username=postgres;Database=postgres"
export LP_PG_REPLICA_PORT=$REPLICA_PORT
export ConnectionStrings__LearningDbRead="\${ConnectionStrings__LearningDbRead:-Host=127.0.0.1;Port=$REPLICA_PORT;Username=postgres;Database=learning}"
EOF
  fi
}

stop_all() {
  if replica_running; then
    as_pg_owner "$PG_BIN/pg_ctl" stop -D "$REPLICA_DATA" -m fast -w -t 30 >/dev/null || die "postgres replica did not stop"
    log "postgres replica stopped"
  fi
  local p
  for p in "${CLUSTER_PORT_LIST[@]}"; do
    if node_running "$p"; then
      redis-cli -h 127.0.0.1 -p "$p" shutdown nosave >/dev/null 2>&1 || kill "$(cat "$DIR/redis-cluster/$p/redis.pid")" 2>/dev/null || true
      wait_until 15 "cluster node $p to exit" eval "! node_running $p" || kill -9 "$(cat "$DIR/redis-cluster/$p/redis.pid")" 2>/dev/null || true
      log "redis cluster node $p stopped"
    fi
  done
  if pg_running; then
    as_pg_owner "$PG_BIN/pg_ctl" stop -D "$PG_DATA" -m fast -w -t 30 >/dev/null || die "postgres did not stop"
    log "postgres stopped"
  fi
  if redis_running; then
    redis-cli -h 127.0.0.1 -p "$REDIS_PORT" shutdown nosave >/dev/null 2>&1 || kill "$(cat "$REDIS_PID")" 2>/dev/null || true
    wait_until 15 "redis to exit" eval '! redis_running' || kill -9 "$(cat "$REDIS_PID")" 2>/dev/null || true
    log "redis stopped"
  fi
  if s3_running; then
    kill "$(cat "$S3_PID")" 2>/dev/null || true
    wait_until 15 "s3rver to exit" eval '! s3_running' || kill -9 "$(cat "$S3_PID")" 2>/dev/null || true
    log "s3rver stopped"
  fi
  rm -f "$S3_PID"
}

PG_BIN="$(pg_bindir)"
case "$CMD" in
  start)
    # Refuse to silently keep servers that run on other ports than requested.
    if [[ -f "$DIR/ports.env" && "$REC_PG/$REC_REDIS/$REC_S3" != "$PG_PORT/$REDIS_PORT/$S3_PORT" ]] &&
       { pg_running || redis_running || s3_running; }; then
      die "services in $DIR already run on ports $REC_PG/$REC_REDIS/$REC_S3; run '$0 stop --dir $DIR' first"
    fi
    ensure_system_packages
    PG_BIN="$(pg_bindir)"
    ensure_s3rver
    # Check all ports first, so a clash does not leave half of the servers started.
    pg_running    || need_free_port "$PG_PORT" pg
    redis_running || need_free_port "$REDIS_PORT" redis
    s3_running    || need_free_port "$S3_PORT" s3
    for p in "${CLUSTER_PORT_LIST[@]}"; do node_running "$p" || need_free_port "$p" redis-cluster; done
    if [[ -n "$REPLICA_PORT" ]]; then replica_running || need_free_port "$REPLICA_PORT" pg-replica; fi
    printf 'REC_PG=%s\nREC_REDIS=%s\nREC_S3=%s\nREC_CLUSTER=%s\nREC_REPLICA=%s\n' \
      "$PG_PORT" "$REDIS_PORT" "$S3_PORT" "$CLUSTER_PORTS" "$REPLICA_PORT" >"$DIR/ports.env"
    [[ $EUID -eq 0 ]] && chmod 755 "$DIR"   # lpdev must be able to traverse DIR
    start_pg
    start_redis
    start_s3
    if [[ -n "$CLUSTER_PORTS" ]]; then start_redis_cluster; fi
    if [[ -n "$REPLICA_PORT" ]]; then start_pg_replica; fi
    write_env
    log "ready: postgres 127.0.0.1:$PG_PORT, redis 127.0.0.1:$REDIS_PORT, s3 http://127.0.0.1:$S3_PORT${CLUSTER_PORTS:+, redis cluster $CLUSTER_PORTS}${REPLICA_PORT:+, postgres replica 127.0.0.1:$REPLICA_PORT}; env: $DIR/env.sh"
    ;;
  stop)
    stop_all
    ;;
  status)
    rc=0
    if pg_running; then echo "postgres: running on 127.0.0.1:$PG_PORT"; else echo "postgres: stopped"; rc=3; fi
    if redis_running; then echo "redis:    running on 127.0.0.1:$REDIS_PORT"; else echo "redis:    stopped"; rc=3; fi
    if s3_running; then echo "s3rver:   running on http://127.0.0.1:$S3_PORT"; else echo "s3rver:   stopped"; rc=3; fi
    if [[ -n "$CLUSTER_PORTS" ]]; then
      if cluster_ok; then echo "redis cluster: ok on $CLUSTER_PORTS"; else echo "redis cluster: not ok ($CLUSTER_PORTS)"; rc=3; fi
    fi
    if [[ -n "$REPLICA_PORT" ]]; then
      if replica_running; then echo "postgres replica: running on 127.0.0.1:$REPLICA_PORT"; else echo "postgres replica: stopped"; rc=3; fi
    fi
    exit $rc
    ;;
esac

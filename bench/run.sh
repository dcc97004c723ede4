#!/usr/bin/env bash
# Submit-response load against the WebApi vs pgbench -N against the same PostgreSQL, in one run.
#
#   bench/run.sh [--duration SECONDS] [--warmup SECONDS] [--workers N] [--pgbench-clients N] [--profile]
#
# Starts throw-away but durable PostgreSQL/Redis/s3rver on free loopback ports, builds and starts the WebApi
# (Release, Production), drives POST .../responses with bench/ResponseLoad, stops the app, runs pgbench -N on
# the same server, prints the summary and writes it to bench/results/<timestamp>.txt. Removes everything it
# started, also on failure or Ctrl-C. About 2 minutes with a warm build. See bench/README.md.
# --profile also samples every CPU with `perf record` for 10 s inside the app's window (the app runs with
# DOTNET_PerfMapEnabled=1 and W^X off, so its JIT-compiled frames have names) and adds where the time went.
# Results: bench/results/ (gitignored).
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/../scripts/lib.sh"   # ROOT, log, die, free_ports, wait_until
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

DURATION=20 WORKERS=64 PGBENCH_CLIENTS=16 PROFILE=0
WARMUP=30 QUESTIONS=50 PGBENCH_SCALE=10
while [[ $# -gt 0 ]]; do
  case "$1" in
    --duration) DURATION="${2:?}"; shift 2 ;;
    --warmup) WARMUP="${2:?}"; shift 2 ;;
    --workers) WORKERS="${2:?}"; shift 2 ;;
    --pgbench-clients) PGBENCH_CLIENTS="${2:?}"; shift 2 ;;
    --profile) PROFILE=1; shift ;;
    *) sed -n '2,4s/^# \{0,1\}//p' "$0" >&2; exit 2 ;;
  esac
done
for n in "$DURATION" "$WARMUP" "$WORKERS" "$PGBENCH_CLIENTS"; do
  if ! [[ "$n" =~ ^[0-9]+$ ]] || ((n < 1 || n > 300)); then die "numbers must be 1..300, got '$n'"; fi
done
((DURATION >= 5)) || die "--duration must be at least 5 seconds"
# Enough open attempts that no worker runs out of unanswered questions up to 5000 answers/s.
LEARNERS_PER_WORKER=$(( (5000 * (WARMUP + DURATION) + WORKERS * QUESTIONS - 1) / (WORKERS * QUESTIONS) ))
((LEARNERS_PER_WORKER <= 1000)) || LEARNERS_PER_WORKER=1000
command -v dotnet >/dev/null || die "dotnet SDK not found (see global.json for the version)"
command -v curl >/dev/null || die "curl not found"

# "total idle iowait" CPU ticks of the whole machine.
machine_ticks() { awk '/^cpu /{ t = 0; for (i = 2; i <= 9; i++) t += $i; print t, $5, $6; exit }' /proc/stat; }

# Every process's /proc/PID/stat line ("pid (comm) state ppid ... utime stime ...") into file $1.
proc_snapshot() { cat /proc/[0-9]*/stat >"$1" 2>/dev/null || true; }

# CPU ticks between snapshots $1 and $2, charged to: the postmaster $3 and its children, pgbench $4, anything
# else. Prints "postgres pgbench others busiest-others". A process that started in between counts from zero.
proc_delta() {
  awk -v pm="$3" -v pgb="$4" '
    function parse(line) {
      pid = line; sub(/ .*/, "", pid)
      comm = line; sub(/^[^(]*[(]/, "", comm); sub(/[)] [^)]*$/, "", comm); gsub(/ /, "_", comm)
      rest = line; sub(/^.*[)] /, "", rest); split(rest, f, " "); ppid = f[2]; ticks = f[12] + f[13]
    }
    NR == FNR { parse($0); before[pid] = ticks; next }
    { parse($0); d = ticks - (pid in before ? before[pid] : 0)
      if (pid == pm || ppid == pm) pg += d; else if (pid == pgb) b += d; else { o += d; oc[comm] += d } }
    END {
      top = ""
      for (k = 0; k < 3; k++) { best = ""; for (c in oc) if (best == "" || oc[c] > oc[best]) best = c
        if (best == "" || oc[best] <= 0) break; top = top (top == "" ? "" : ",") best ":" oc[best]; delete oc[best] }
      print pg + 0, b + 0, o + 0, (top == "" ? "-" : top)
    }' "$1" "$2"
}

# Wait for FILE to appear (bounded), then keep the second iteration of `top` over 5 s: the busiest processes.
top_snapshot() {
  local marker=$1 out=$2 tries=600
  while [[ -n "$marker" && ! -e "$marker" ]]; do ((tries-- > 0)) || return 0; sleep 0.2; done
  sleep 3
  top -b -c -n 2 -d 5 -w 160 2>/dev/null | awk '/^top - /{ n++ } n == 2' | head -n 19 >"$out" || true
}

# perf record -a for 10 s, 2 s after FILE appears (bounded). The app's JIT frames are named through /tmp/perf-PID.map.
profile_window() {
  local marker=$1 tries=600
  while [[ ! -e "$marker" ]]; do ((tries-- > 0)) || return 0; sleep 0.2; done
  sleep 2
  perf record -e cpu-clock -F 499 -a -g -o "$RUN_DIR/perf.data" -- sleep 10 >"$RUN_DIR/perf.log" 2>&1 || true
}

RUN_DIR="$(mktemp -d /tmp/lp-bench.XXXXXX)"
chmod 755 "$RUN_DIR"   # when root, postgres runs as user lpdev and must traverse this dir
APP_PID='' SNAP_PID='' PERF_PID='' DRIVER_PID='' PGB_TIMEOUT_PID='' PERF_MAPS=()
# shellcheck disable=SC2317  # invoked by the trap
# Stop a background job of ours: its children first (top, perf), then the job itself.
stop_job() { pkill -P "$1" 2>/dev/null || true; kill "$1" 2>/dev/null || true; }
cleanup() {
  local job
  for job in "$SNAP_PID" "$PERF_PID" "$DRIVER_PID" "$PGB_TIMEOUT_PID"; do
    if [[ -n "$job" ]]; then stop_job "$job"; fi
  done
  if [[ -n "$APP_PID" ]] && kill -0 "$APP_PID" 2>/dev/null; then
    kill "$APP_PID" 2>/dev/null || true
    wait_until 15 "the app to exit" eval "! kill -0 $APP_PID" || kill -9 "$APP_PID" 2>/dev/null || true
  fi
  "$ROOT/scripts/services.sh" stop --dir "$RUN_DIR" || log "WARNING: could not stop services in $RUN_DIR"
  rm -f "${PERF_MAPS[@]}"
  rm -rf "$RUN_DIR"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# --- build (before any server runs, so the build does not compete with them) ---
# What is measured is what is built now (src/ may change while this runs).
COMMIT="$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo '?')"
if [[ -n "$(git -C "$ROOT" status --porcelain -- src 2>/dev/null)" ]]; then COMMIT+=" (src/ has uncommitted changes)"; fi
log "building WebApi and ResponseLoad (Release)"
timeout 600 dotnet build -c Release -v q -nologo "$ROOT/src/WebApi" >"$RUN_DIR/build.log" 2>&1 ||
  { tail -n 30 "$RUN_DIR/build.log" >&2; die "WebApi build failed"; }
timeout 600 dotnet build -c Release -v q -nologo "$ROOT/bench/ResponseLoad" >>"$RUN_DIR/build.log" 2>&1 ||
  { tail -n 30 "$RUN_DIR/build.log" >&2; die "ResponseLoad build failed"; }
APP_DLL="$ROOT/src/WebApi/bin/Release/net10.0/LearningPlatform.WebApi.dll"
DRIVER_DLL="$ROOT/bench/ResponseLoad/bin/Release/net10.0/LearningPlatform.ResponseLoad.dll"

# --- services: durable settings (no --throwaway), so the app and pgbench both pay for fsync ---
read -r PG_PORT REDIS_PORT S3_PORT APP_PORT AUTH_PORT <<<"$(free_ports 5)"
"$ROOT/scripts/services.sh" start --dir "$RUN_DIR" \
  --pg-port "$PG_PORT" --redis-port "$REDIS_PORT" --s3-port "$S3_PORT" >"$RUN_DIR/services.log" 2>&1 ||
  { cat "$RUN_DIR/services.log" >&2; die "services did not start"; }
# shellcheck disable=SC1091  # generated by services.sh
source "$RUN_DIR/env.sh"   # exports ConnectionStrings__LearningDb, LP_PG_BIN, LP_PG_PORT ...
: "${ConnectionStrings__LearningDb:?env.sh did not set it}"
PSQL=("$LP_PG_BIN/psql" -h 127.0.0.1 -p "$LP_PG_PORT" -U postgres -X -q -v ON_ERROR_STOP=1)
PGBENCH=("$LP_PG_BIN/pgbench" -h 127.0.0.1 -p "$LP_PG_PORT" -U postgres)
PG_VERSION="$("${PSQL[@]}" -tAc 'show server_version')"
PG_DURABILITY="$("${PSQL[@]}" -tAc "select string_agg(name || '=' || setting, ', ' order by name) from pg_settings
  where name in ('fsync', 'synchronous_commit', 'full_page_writes', 'wal_sync_method', 'shared_buffers', 'max_connections')")"

# pgbench's tables first, then a checkpoint, so their writes do not spill into the app's window.
log "pgbench -i -s $PGBENCH_SCALE (database bench_pg)"
"$LP_PG_BIN/createdb" -h 127.0.0.1 -p "$LP_PG_PORT" -U postgres bench_pg
timeout 300 "${PGBENCH[@]}" -i -s "$PGBENCH_SCALE" -q bench_pg >"$RUN_DIR/pgbench-init.log" 2>&1 ||
  { tail -n 20 "$RUN_DIR/pgbench-init.log" >&2; die "pgbench -i failed"; }

# --- the app: Release build, Production environment ---
# Its token authority is the driver's stand-in token server (discovery document + JWKS, RS256), which is up
# before the first authenticated request; /health/ready needs no token.
AUTHORITY="http://127.0.0.1:$AUTH_PORT/"
log "starting the WebApi on 127.0.0.1:$APP_PORT"
# The content root is the working directory: run from the output folder so appsettings.json is found.
APP_ENV=(ASPNETCORE_ENVIRONMENT=Production ASPNETCORE_URLS="http://127.0.0.1:$APP_PORT"
  Database__MigrateOnStartup=true Seed__Demo=false Auth__Authority="$AUTHORITY" Auth__RequireHttpsMetadata=false
  Logging__LogLevel__Default=Warning)
# For perf: name JIT-compiled frames and keep code at one address (W^X double mapping hides it from perf).
# Without W^X the app runs a little differently: a --profile run's figures are not the reference ones.
if ((PROFILE)); then APP_ENV+=(DOTNET_PerfMapEnabled=1 DOTNET_EnableWriteXorExecute=0); fi
(cd "$(dirname "$APP_DLL")" && exec env "${APP_ENV[@]}" dotnet "$APP_DLL") >"$RUN_DIR/app.log" 2>&1 &
APP_PID=$!
if ((PROFILE)); then PERF_MAPS+=("/tmp/perf-$APP_PID.map" "/tmp/perfinfo-$APP_PID.map"); fi
app_ready() { kill -0 "$APP_PID" && curl -sf -m 2 "http://127.0.0.1:$APP_PORT/health/ready"; }
wait_until 60 "the WebApi" app_ready || { tail -n 30 "$RUN_DIR/app.log" >&2; die "the WebApi did not become ready"; }
"${PSQL[@]}" -c CHECKPOINT

# --- the load ---
log "driving POST .../responses: $WORKERS workers, ${WARMUP}s warm-up + ${DURATION}s measured"
top_snapshot "$RUN_DIR/measuring" "$RUN_DIR/top-app.txt" &
SNAP_PID=$!
if ((PROFILE)); then
  command -v perf >/dev/null || die "--profile needs perf (apt-get install linux-perf)"
  profile_window "$RUN_DIR/measuring" &
  PERF_PID=$!
fi
rc=0
timeout $((DURATION + WARMUP + 480)) dotnet "$DRIVER_DLL" \
  --base-url "http://127.0.0.1:$APP_PORT/" --db "$ConnectionStrings__LearningDb" \
  --authority "$AUTHORITY" \
  --workers "$WORKERS" --learners-per-worker "$LEARNERS_PER_WORKER" --questions "$QUESTIONS" \
  --warmup "$WARMUP" --duration "$DURATION" --setup-timeout 120 \
  --app-pid "$APP_PID" --pg-pid "$(head -n 1 "$RUN_DIR/pg/data/postmaster.pid")" \
  --redis-pid "$(cat "$RUN_DIR/redis/redis.pid")" --clk-tck "$(getconf CLK_TCK)" \
  --marker "$RUN_DIR/measuring" >"$RUN_DIR/driver.out" 2>"$RUN_DIR/driver.err" &
DRIVER_PID=$!   # in the background, so that a TERM to this script reaches the trap at once
wait "$DRIVER_PID" || rc=$?
DRIVER_PID=''
wait "$SNAP_PID" 2>/dev/null || true
SNAP_PID=''
cat "$RUN_DIR/driver.out"
if ((PROFILE)); then
  wait "$PERF_PID" 2>/dev/null || true
  PERF_PID=''
  # Resolve symbols now, while /tmp/perf-PID.map exists; the analysis reads this text.
  perf script -i "$RUN_DIR/perf.data" -F pid,comm,ip,sym,dso 2>/dev/null | gzip >"$RUN_DIR/perf-script.txt.gz" || true
fi
if [[ $rc -ne 0 ]]; then
  cat "$RUN_DIR/driver.err" >&2
  tail -n 20 "$RUN_DIR/app.log" >&2
  die "ResponseLoad failed (exit $rc)"
fi
[[ -s "$RUN_DIR/driver.err" ]] && head -n 10 "$RUN_DIR/driver.err" >&2
APP_ERRORS_LOGGED="$(grep -c -E '^(fail|crit):' "$RUN_DIR/app.log" || true)"
grep -A 4 -E '^(fail|crit):' "$RUN_DIR/app.log" | head -n 40 >"$RUN_DIR/app-errors.txt" || true

APP_PID_PROFILED=$APP_PID
# Stop the app, so pgbench has the machine to itself as the app had.
kill "$APP_PID"
wait_until 15 "the app to exit" eval "! kill -0 $APP_PID" || kill -9 "$APP_PID" 2>/dev/null || true
APP_PID=''

# --- pgbench -N on the same server ---
"${PSQL[@]}" -c CHECKPOINT
log "pgbench -N -c $PGBENCH_CLIENTS -j 2 -T $DURATION"
counters_sql="select d.xact_commit, pg_wal_lsn_diff(pg_current_wal_lsn(), '0/0')::bigint, w.wal_sync,
    (select coalesce(sum(autovacuum_count), 0) from pg_stat_user_tables),
    (select coalesce(sum(autoanalyze_count), 0) from pg_stat_user_tables)
  from pg_stat_database d, pg_stat_wal w where d.datname = current_database()"
read -r c0 w0 s0 av0 aa0 <<<"$("${PSQL[@]}" -d bench_pg -tA -F ' ' -c "$counters_sql")"
POSTMASTER="$(head -n 1 "$RUN_DIR/pg/data/postmaster.pid")"
timeout $((DURATION + 60)) "${PGBENCH[@]}" -N -c "$PGBENCH_CLIENTS" -j 2 -T "$DURATION" bench_pg \
  >"$RUN_DIR/pgbench.out" 2>"$RUN_DIR/pgbench.err" &
PGB_TIMEOUT_PID=$!
top_snapshot '' "$RUN_DIR/top-pgbench.txt" &
SNAP_PID=$!
# CPU from 1 s after the start to 1 s before the end: every client connected, none gone yet.
sleep 1
PGB_PID="$(pgrep -P "$PGB_TIMEOUT_PID" | head -n 1 || true)"
read -r mt0 mi0 mw0 <<<"$(machine_ticks)"
proc_snapshot "$RUN_DIR/procs0"
ts0="$(date +%s.%N)"
sleep $((DURATION - 2))
read -r mt1 mi1 mw1 <<<"$(machine_ticks)"
proc_snapshot "$RUN_DIR/procs1"
ts1="$(date +%s.%N)"
read -r pg_ticks pgb_ticks other_ticks busiest <<<"$(proc_delta "$RUN_DIR/procs0" "$RUN_DIR/procs1" "$POSTMASTER" "${PGB_PID:-0}")"
rc=0
wait "$PGB_TIMEOUT_PID" || rc=$?
PGB_TIMEOUT_PID=''
[[ $rc -eq 0 ]] || { cat "$RUN_DIR/pgbench.err" >&2; die "pgbench failed (exit $rc)"; }
wait "$SNAP_PID" 2>/dev/null || true
SNAP_PID=''
sleep 1   # PostgreSQL publishes backend statistics at most once a second
read -r c1 w1 s1 av1 aa1 <<<"$("${PSQL[@]}" -d bench_pg -tA -F ' ' -c "$counters_sql")"

# --- summary ---
field() { sed -n "s/.*[[:space:]]$1=\([^[:space:]]*\).*/\1/p" "$RUN_DIR/driver.out" | head -n 1; }
RPS="$(field rps)" P50="$(field p50_ms)" P99="$(field p99_ms)" ERRORS="$(field errors)" REQUESTS="$(field requests)"
TPS="$(sed -n 's/^tps = \([0-9.]*\) (without initial connection time).*/\1/p' "$RUN_DIR/pgbench.out")"
[[ -n "$RPS" && -n "$TPS" ]] || die "could not parse the results (see above)"
RATIO="$(awk -v a="$RPS" -v b="$TPS" 'BEGIN { printf "%.2f", a / b }')"
MET="$(awk -v r="$RATIO" 'BEGIN { print (r >= 0.5 ? "met" : "NOT met") }')"
PGB_TXNS="$(sed -n 's/^number of transactions actually processed: \([0-9]*\).*/\1/p' "$RUN_DIR/pgbench.out")"
PGBENCH_CPU="$(awk -v t="$((mt1 - mt0))" -v i="$((mi1 - mi0))" -v w="$((mw1 - mw0))" -v pg="$pg_ticks" \
  -v cl="$pgb_ticks" -v o="$other_ticks" -v secs="$(awk -v a="$ts0" -v b="$ts1" 'BEGIN { print b - a }')" \
  -v hz="$(getconf CLK_TCK)" -v tps="$TPS" 'BEGIN {
    busy = 100 * (t - i - w) / t; server = 100 * pg / t; client = 100 * cl / t; other = 100 * o / t
    printf "window_s=%.2f busy_pct=%.1f iowait_pct=%.1f postgres_pct=%.1f pgbench_client_pct=%.1f", secs, busy, 100 * w / t, server, client
    printf " other_pct=%.1f uncharged_pct=%.1f", other, busy - server - client - other
    printf " postgres_cpu_ms_per_txn=%.3f pgbench_cpu_ms_per_txn=%.3f", pg / hz * 1000 / (tps * secs), cl / hz * 1000 / (tps * secs) }')"
PGBENCH_STAT="$(awk -v c=$((c1 - c0)) -v w=$((w1 - w0)) -v s=$((s1 - s0)) -v n="$PGB_TXNS" -v av=$((av1 - av0)) -v aa=$((aa1 - aa0)) 'BEGIN {
    printf "commits_per_txn=%.2f wal_bytes_per_txn=%.0f wal_syncs=%d wal_syncs_per_txn=%.3f autovacuums=%d autoanalyzes=%d", c / n, w / n, s, s / n, av, aa }')"
# Other programs on the machine (a build, a test run) take CPU from both sides unevenly: say so. "uncharged"
# is busy time no live process accounts for, mostly programs that started and ended inside the window.
pgb_field() { sed -n "s/.*[[:space:]]$1=\([-0-9.]*\).*/\1/p" <<<" $PGBENCH_CPU"; }
QUIET="$(awk -v a="$(field other_pct)" -v au="$(field uncharged_pct)" -v b="$(pgb_field other_pct)" -v bu="$(pgb_field uncharged_pct)" 'BEGIN {
  if (a + au > 5 || b + bu > 5) printf "WARNING: other or short-lived processes took %.1f%% of the CPU in the app phase, %.1f%% in the pgbench phase; rerun on a quiet machine", a + au, b + bu }')"

STAMP="$(date -u +%Y%m%dT%H%M%SZ)"
mkdir -p "$ROOT/bench/results"
OUT="$ROOT/bench/results/$STAMP.txt"
{
  echo "== bench/run.sh $STAMP  commit $COMMIT"
  echo "machine:  $(nproc) cores ($(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)), $(free -h | awk '/^Mem:/{print $2}') RAM"
  echo "postgres: $PG_VERSION; $PG_DURABILITY"
  echo
  echo "app:      rps=$RPS p50_ms=$P50 p99_ms=$P99 errors=$ERRORS requests=$REQUESTS  ($WORKERS workers, ${WARMUP}s warm-up + ${DURATION}s, $QUESTIONS-question attempts)"
  echo "pgbench:  tps=$TPS  (-N -c $PGBENCH_CLIENTS -j 2 -T $DURATION, scale $PGBENCH_SCALE)"
  echo "ratio:    $RATIO  (app rps / pgbench tps; target >= 0.5: $MET)"
  # The same comparison by CPU per unit of work, everything on the machine: less sensitive to other load (see README).
  echo "cpu ratio: $(awk -v a="$(field app_cpu_ms_per_req)" -v p="$(field postgres_cpu_ms_per_req)" -v d="$(field driver_cpu_ms_per_req)" \
    -v q="$(pgb_field postgres_cpu_ms_per_txn)" -v c="$(pgb_field pgbench_cpu_ms_per_txn)" \
    'BEGIN { printf "%.2f  ((postgres + pgbench CPU per txn %.3f ms) / (app + postgres + driver CPU per answer %.3f ms))", (q + c) / (a + p + d), q + c, a + p + d }')"
  for phase in STARTS COMPLETES; do
    line="$(grep "^$phase " "$RUN_DIR/driver.out" || true)"
    [[ -n "$line" ]] || continue
    rate="$(sed -n 's/.* rate=\([0-9.]*\).*/\1/p' <<<"$line")"
    echo "$(tr 'A-Z' 'a-z' <<<"$phase"): $rate/s, ratio to pgbench $(awk -v a="$rate" -v b="$TPS" 'BEGIN { printf "%.2f", a / b }') (reported; $(sed 's/^[A-Z]* //' <<<"$line"))"
  done
  if [[ -n "$QUIET" ]]; then echo "$QUIET"; fi
  echo
  echo "-- app phase (ResponseLoad) --"
  grep -v '^RESULT' "$RUN_DIR/driver.out"
  echo "app log: $APP_ERRORS_LOGGED fail/crit entries"
  sed 's/^/    /' "$RUN_DIR/app-errors.txt"
  echo "-- pgbench phase --"
  echo "CPU $PGBENCH_CPU"
  echo "CPU busiest other processes (ticks): $busiest"
  echo "PGSTAT $PGBENCH_STAT"
  sed -n '/^number of transactions actually processed/p;/^latency average/p;/^initial connection time/p' "$RUN_DIR/pgbench.out"
  echo
  echo "-- top, 5 s inside the app's measured window --"
  cat "$RUN_DIR/top-app.txt" 2>/dev/null || echo "(no snapshot)"
  echo
  echo "-- top, 5 s inside the pgbench run --"
  cat "$RUN_DIR/top-pgbench.txt" 2>/dev/null || echo "(no snapshot)"
} >"$OUT"
if ((PROFILE)) && [[ -s "$RUN_DIR/perf-script.txt.gz" ]]; then
  cp "$RUN_DIR/perf-script.txt.gz" "$ROOT/bench/results/$STAMP.perf-script.txt.gz"
  { echo; echo "-- perf, 10 s inside the app's window (app pid $APP_PID_PROFILED) --"
    gzip -dc "$RUN_DIR/perf-script.txt.gz" | "$ROOT/bench/perf-summary.sh" "$APP_PID_PROFILED"; } >>"$OUT"
fi
sed -n '1,/^ratio:/p;/^cpu ratio:/p;/^starts:/p;/^completes:/p;/^WARNING: other/p' "$OUT"
log "details: $OUT"

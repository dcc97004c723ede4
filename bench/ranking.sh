#!/usr/bin/env bash
# The ranking of one big exam and its leaderboard reads, each against a baseline measured in the same run.
# Seeds N completed attempts for one ended exam, times the admin-triggered ranking against the bare window-function
# INSERT ... SELECT (before and after it), records the WebApi's peak memory, publishes, then drives leaderboard pages
# against a bare ASP.NET Core endpoint (before and after) with the same driver.
#
#   bench/ranking.sh [--rows 1000000] [--duration 20] [--warmup 15] [--workers 32] [--run-timeout 900] [--warm-publish N] [--no-explain] [--profile]
#
# Throw-away durable PostgreSQL/Redis/s3rver on free loopback ports; WebApi and bench/BareEndpoint in Release,
# Production environment; bench/LeaderboardLoad as token server and load driver. Everything it starts is stopped,
# also on failure. Prints the summary and writes it with the details to bench/results/ranking-<UTC timestamp>.txt.
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/../scripts/lib.sh"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

ROWS=1000000 DURATION=20 WARMUP=15 WORKERS=32 RUN_TIMEOUT=900 EXPLAIN=1 PROFILE=0 WARM_ROWS=''
usage() { sed -n '7,7s/^# \{0,1\}//p' "$0" >&2; exit 2; }
while [[ $# -gt 0 ]]; do
  case "$1" in
    --rows) ROWS="${2:?}"; shift 2 ;;
    --duration) DURATION="${2:?}"; shift 2 ;;
    --warmup) WARMUP="${2:?}"; shift 2 ;;
    --workers) WORKERS="${2:?}"; shift 2 ;;
    --run-timeout) RUN_TIMEOUT="${2:?}"; shift 2 ;;
    --warm-publish) WARM_ROWS="${2:?}"; shift 2 ;;
    --no-explain) EXPLAIN=0; shift ;;
    --profile) PROFILE=1; shift ;;
    *) usage ;;
  esac
done
in_range() { [[ "$1" =~ ^[0-9]+$ ]] && (($1 >= $2 && $1 <= $3)); }
in_range "$ROWS" 1000 10000000 || die "--rows must be 1000..10000000, got '$ROWS'"
in_range "$DURATION" 1 300 || die "--duration must be 1..300, got '$DURATION'"
in_range "$WARMUP" 0 300 || die "--warmup must be 0..300, got '$WARMUP'"
in_range "$WORKERS" 1 256 || die "--workers must be 1..256, got '$WORKERS'"
in_range "$RUN_TIMEOUT" 10 1800 || die "--run-timeout must be 10..1800, got '$RUN_TIMEOUT'"
WARM_ROWS="${WARM_ROWS:-$((ROWS < 1000000 ? ROWS : 1000000))}"   # default: the measured board's size, at most 1M
in_range "$WARM_ROWS" 0 1000000 || die "--warm-publish must be 0..1000000, got '$WARM_ROWS'"
for tool in curl jq; do command -v "$tool" >/dev/null || die "$tool not found (apt-get install $tool)"; done
if ((PROFILE)); then command -v perf >/dev/null || die "--profile needs perf (apt-get install linux-perf)"; fi

RUN_DIR="$(mktemp -d /tmp/lp-rankbench.XXXXXX)"
chmod 755 "$RUN_DIR"   # when root, postgres runs as user lpdev and must traverse this dir
PIDS=()   # our servers (token server, WebApi, bare endpoint), stopped in reverse order by the trap
JOB=''    # the bounded step running now (psql, curl, the load driver), stopped first
PERF_PID='' PERF_MAPS=()
# shellcheck disable=SC2317  # invoked by the trap
stop_pid() {
  kill "$1" 2>/dev/null || return 0
  wait_until 15 "process $1 to exit" eval "! kill -0 $1" || kill -9 "$1" 2>/dev/null || true
}
# shellcheck disable=SC2317  # invoked by the trap
cleanup() {
  local i
  if [[ -n "$PERF_PID" ]]; then pkill -P "$PERF_PID" 2>/dev/null || true; stop_pid "$PERF_PID"; fi
  if [[ -n "$JOB" ]]; then stop_pid "$JOB"; fi
  for ((i = ${#PIDS[@]} - 1; i >= 0; i--)); do stop_pid "${PIDS[i]}"; done
  "$ROOT/scripts/services.sh" stop --dir "$RUN_DIR" >/dev/null 2>&1 || log "WARNING: could not stop services in $RUN_DIR"
  rm -f "${PERF_MAPS[@]}"
  rm -rf "$RUN_DIR"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

now_ms() { date +%s%3N; }
# job OUT CMD...: a bounded step in the background with its stdout in OUT, waited for, so that a TERM reaches the
# trap at once (bash runs traps only between foreground commands). Returns the step's exit status.
job() {
  local out=$1 rc=0; shift
  "$@" >"$out" <&0 &   # <&0: keep the caller's stdin (a here-document); an async command would get /dev/null
  JOB=$!
  wait "$JOB" || rc=$?
  JOB=''
  return "$rc"
}
ms_since() { echo $(($(now_ms) - $1)); }
fmt() { awk -v v="$1" "BEGIN { printf \"$2\", v }"; }

# --- build (before any server runs) ---
COMMIT="$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo '?')"
if [[ -n "$(git -C "$ROOT" status --porcelain -- src 2>/dev/null)" ]]; then COMMIT+=" (src/ has uncommitted changes)"; fi
log "building WebApi, LeaderboardLoad and BareEndpoint (Release)"
for project in src/WebApi bench/LeaderboardLoad bench/BareEndpoint; do
  timeout 600 dotnet build -c Release -v q -nologo "$ROOT/$project" >>"$RUN_DIR/build.log" 2>&1 ||
    { tail -n 30 "$RUN_DIR/build.log" >&2; die "$project build failed"; }
done
APP_DLL="$ROOT/src/WebApi/bin/Release/net10.0/LearningPlatform.WebApi.dll"
DRIVER_DLL="$ROOT/bench/LeaderboardLoad/bin/Release/net10.0/LearningPlatform.LeaderboardLoad.dll"
BARE_DLL="$ROOT/bench/BareEndpoint/bin/Release/net10.0/LearningPlatform.BareEndpoint.dll"

# --- services: durable settings, as bench/run.sh ---
read -r PG_PORT REDIS_PORT S3_PORT APP_PORT AUTH_PORT BARE_PORT <<<"$(free_ports 6)"
"$ROOT/scripts/services.sh" start --dir "$RUN_DIR" --pg-port "$PG_PORT" --redis-port "$REDIS_PORT" --s3-port "$S3_PORT" \
  >"$RUN_DIR/services.log" 2>&1 || { cat "$RUN_DIR/services.log" >&2; die "services did not start"; }
# shellcheck disable=SC1091  # generated by services.sh
source "$RUN_DIR/env.sh"
: "${ConnectionStrings__LearningDb:?env.sh did not set it}"
PSQL=("$LP_PG_BIN/psql" -h 127.0.0.1 -p "$LP_PG_PORT" -U postgres -d learning -X -q -v ON_ERROR_STOP=1)
PG_LOG="$RUN_DIR/pg/postgres.log"
POSTMASTER="$(head -n 1 "$RUN_DIR/pg/data/postmaster.pid")"
REDIS_PID="$(cat "$RUN_DIR/redis/redis.pid")" S3_PID="$(cat "$RUN_DIR/s3rver.pid")"
sql() { timeout 1800 "${PSQL[@]}" -tA "$@"; }
PG_VERSION="$(sql -c 'show server_version')"
PG_SETTINGS="$(sql -c "select string_agg(name || '=' || setting || coalesce(unit, ''), ', ' order by name) from pg_settings
  where name in ('fsync', 'synchronous_commit', 'shared_buffers', 'work_mem', 'maintenance_work_mem', 'max_wal_size')")"

# Statements of 5 ms or more go to the server log with their duration, and those of 20 ms or more with the plan the
# server chose (auto_explain, without ANALYZE: no instrumentation overhead): the ranking's own statements, timed and
# explained by PostgreSQL. Set before the WebApi opens its first connection (session_preload_libraries).
sql -c "LOAD 'auto_explain'" -c "ALTER SYSTEM SET log_min_duration_statement = 5" \
  -c "ALTER SYSTEM SET session_preload_libraries = 'auto_explain'" \
  -c "ALTER SYSTEM SET auto_explain.log_min_duration = 20" -c "SELECT pg_reload_conf()" >/dev/null

# --- token server: up before the WebApi validates its first token, for the whole run ---
AUTHORITY="http://127.0.0.1:$AUTH_PORT/"
dotnet "$DRIVER_DLL" serve --authority "$AUTHORITY" --admin-token-file "$RUN_DIR/admin.jwt" \
  --learner-token-file "$RUN_DIR/learner.jwt" --max-seconds 3000 >"$RUN_DIR/tokens.log" 2>&1 &
PIDS+=($!)
wait_until 60 "the token server" test -s "$RUN_DIR/learner.jwt" || { cat "$RUN_DIR/tokens.log" >&2; die "no tokens"; }
ADMIN_AUTH="Authorization: Bearer $(cat "$RUN_DIR/admin.jwt")"

# --- the WebApi: Release, Production, migrations at start-up, nightly ranking scheduler off ---
start_host() { # name dll port [env...]: run from the output folder (content root = working directory); sets HOST_PID
  local name=$1 dll=$2 port=$3; shift 3
  (cd "$(dirname "$dll")" && exec env ASPNETCORE_ENVIRONMENT=Production ASPNETCORE_URLS="http://127.0.0.1:$port" \
    Logging__LogLevel__Default=Warning "$@" dotnet "$dll") >"$RUN_DIR/$name.log" 2>&1 &
  HOST_PID=$!
  PIDS+=("$HOST_PID")
}
log "starting the WebApi on 127.0.0.1:$APP_PORT"
APP_ENV=(Database__MigrateOnStartup=true Seed__Demo=false Ranking__Enabled=false Auth__Authority="$AUTHORITY"
  Auth__RequireHttpsMetadata=false)
# For perf: name JIT-compiled frames, keep code at one address (W^X double mapping hides it from perf).
if ((PROFILE)); then APP_ENV+=(DOTNET_PerfMapEnabled=1 DOTNET_EnableWriteXorExecute=0); fi
start_host webapi "$APP_DLL" "$APP_PORT" "${APP_ENV[@]}"
APP_PID=$HOST_PID
if ((PROFILE)); then PERF_MAPS+=("/tmp/perf-$APP_PID.map" "/tmp/perfinfo-$APP_PID.map"); fi
wait_until 90 "the WebApi" curl -sf -m 2 "http://127.0.0.1:$APP_PORT/health/ready" ||
  { tail -n 30 "$RUN_DIR/webapi.log" >&2; die "the WebApi did not become ready"; }
# The pid is the dotnet process running the WebApi itself (the subshell exec'd env, env exec'd dotnet).
if [[ "$(cat "/proc/$APP_PID/comm")" != dotnet ]] || ! tr '\0' ' ' <"/proc/$APP_PID/cmdline" | grep -q 'LearningPlatform.WebApi.dll'; then
  die "pid $APP_PID is not the WebApi's dotnet process: $(tr '\0' ' ' <"/proc/$APP_PID/cmdline")"
fi
API="http://127.0.0.1:$APP_PORT/api/learning"
vm() { awk -v k="$1:" '$1 == k { printf "%.1f", $2 / 1024 }' "/proc/$APP_PID/status"; }   # MB
HWM_START="$(vm VmHWM)" RSS_START="$(vm VmRSS)"

# --- seed: one ended exam (still OPEN: the admin trigger closes it), N completed attempts, one result each ---
EXAM="$(sql -c 'select gen_random_uuid()')"
PRIZES='{"rule":"ShareEqually","tiers":[{"from_rank":1,"to_rank":1,"coins":1000,"coupon_campaign_id":null},{"from_rank":2,"to_rank":10,"coins":100,"coupon_campaign_id":null}]}'
log "seeding $ROWS completed attempts and results for exam $EXAM"
t0=$(now_ms)
# session_replication_role = replica skips the foreign-key triggers of the seed only (the rows satisfy them by
# construction); the ranking and the baseline run with every trigger.
# In batches of at most 1,000,000 rows, each committed on its own (psql autocommits every statement): 10M rows seed
# with bounded temporary tables and WAL per transaction.
seed_sql() { # rows
  local rows=$1 done=0 n
  echo "SET session_replication_role = replica;"
  echo "INSERT INTO exams (id, title, opens_at, closes_at, duration_seconds, max_attempts, is_premium, created_at, ranking_status, prizes)
VALUES (:'exam', 'Ranking bench exam', now() - interval '2 days', now() - interval '1 day', 3600, 1, false,
        now() - interval '3 days', 'Open', :'prizes');"
  while ((done < rows)); do
    n=$((rows - done < 1000000 ? rows - done : 1000000))
    cat <<SQL
CREATE UNLOGGED TABLE bench_seed AS
SELECT gen_random_uuid() AS attempt_id, gen_random_uuid() AS learner_id, gen_random_uuid() AS result_id,
       floor(random() * 51)::int AS score,                        -- 0..50: ~20000 learners per score and million
       (1 + floor(random() * 600))::bigint * 1000 AS total_ms,    -- 1..600 s in whole seconds: ~33 per (score, time) and million
       now() - interval '1 day' - random() * interval '23 hours' AS finished_at
FROM generate_series(1, $n);
INSERT INTO attempts (id, exam_id, learner_id, attempt_number, status, started_at, expires_at, finished_at,
                      question_order, token_hash, score, total_elapsed_ms, flagged_for_review, answered_count)
SELECT attempt_id, :'exam', learner_id, 1, 'Completed', finished_at - interval '10 minutes',
       finished_at + interval '50 minutes', finished_at, '{}'::uuid[], 'seeded', score, total_ms, false, 50
FROM bench_seed;
INSERT INTO exam_results (id, exam_id, attempt_id, learner_id, score, total_elapsed_ms, answered, finished_at)
SELECT result_id, :'exam', attempt_id, learner_id, score, total_ms, 50, finished_at FROM bench_seed;
DROP TABLE bench_seed;
SQL
    done=$((done + n))
  done
  echo "RESET session_replication_role;"
}
seed_sql "$ROWS" >"$RUN_DIR/seed.sql"
job "$RUN_DIR/seed.out" sql -v exam="$EXAM" -v prizes="$PRIZES" -f "$RUN_DIR/seed.sql"
# A small second exam, ranked and published right before the measured publish (see "warm-up" below).
WARM_EXAM="$(sql -c 'select gen_random_uuid()')"
if ((WARM_ROWS > 0)); then
  seed_sql "$WARM_ROWS" >"$RUN_DIR/seed-warm.sql"
  job "$RUN_DIR/seed-warm.out" sql -v exam="$WARM_EXAM" -v prizes="$PRIZES" -f "$RUN_DIR/seed-warm.sql"
fi
SEED_MS=$(ms_since "$t0")
t0=$(now_ms)
job "$RUN_DIR/vacuum.out" sql -c 'VACUUM ANALYZE' -c CHECKPOINT
VACUUM_MS=$(ms_since "$t0")
SEEDED="$(sql -v exam="$EXAM" <<<"select (select count(*) from attempts where exam_id = :'exam' and status = 'Completed') || ' attempts, ' ||
  (select count(*) from exam_results where exam_id = :'exam') || ' results, ' ||
  (select count(distinct (score, total_elapsed_ms)) from exam_results where exam_id = :'exam') || ' distinct (score, time) pairs, ' ||
  pg_size_pretty(pg_total_relation_size('attempts') + pg_total_relation_size('exam_results')) || ' with indexes'")"
log "seeded in $((SEED_MS / 1000)) s (+ $((VACUUM_MS / 1000)) s VACUUM ANALYZE, CHECKPOINT): $SEEDED"

# --- CPU over a step, from /proc: the machine, PostgreSQL, the WebApi, our other processes, and foreign ones ---
# Machine ticks: "total idle+iowait". Per process: utime + stime; the postmaster also with the backends it has reaped
# (cutime + cstime), so a backend that ended inside the step (psql's) still counts for PostgreSQL. Other processes
# that ended inside the step (curl, psql, the driver) and interrupts are "uncharged". "foreign" are live processes
# this run did not start (a test suite, a build): they take CPU from the measured side.
cpu_mark() { awk '/^cpu /{ t = 0; for (i = 2; i <= 9; i++) t += $i; print t, $5 + $6; exit }' /proc/stat >"$RUN_DIR/$1.machine"
  cat /proc/[0-9]*/stat >"$RUN_DIR/$1.procs" 2>/dev/null || true; }
cpu_report() { # name: "busy_pct=… postgres_pct=… webapi_pct=… ours_pct=… foreign_pct=… uncharged_pct=… (busiest foreign)"
  local t0 i0 t1 i1
  read -r t0 i0 <"$RUN_DIR/$1.machine"
  cpu_mark "$1.end"
  read -r t1 i1 <"$RUN_DIR/$1.end.machine"
  awk -v pm="$POSTMASTER" -v app="$APP_PID" -v ours=" $$ ${PIDS[*]} ${JOB:-} $REDIS_PID $S3_PID " \
      -v t=$((t1 - t0)) -v idle=$((i1 - i0)) '
    function parse(line) {
      pid = line; sub(/ .*/, "", pid)
      comm = line; sub(/^[^(]*[(]/, "", comm); sub(/[)] [^)]*$/, "", comm); gsub(/ /, "_", comm)
      rest = line; sub(/^.*[)] /, "", rest); split(rest, f, " "); ppid = f[2]; ticks = f[12] + f[13]
      if (pid == pm) ticks += f[14] + f[15]
    }
    NR == FNR { parse($0); before[pid] = ticks; next }
    { parse($0); d = ticks - (pid in before ? before[pid] : 0)
      if (pid == pm || ppid == pm) pg += d
      else if (pid == app) a += d
      else if (index(ours, " " pid " ") || index(ours, " " ppid " ")) o += d
      else { x += d; xc[comm] += d } }
    END {
      busy = 100 * (t - idle) / t
      top = ""
      for (k = 0; k < 3; k++) { best = ""; for (c in xc) if (best == "" || xc[c] > xc[best]) best = c
        if (best == "" || xc[best] <= 0) break; top = top (top == "" ? "" : ",") best ":" sprintf("%.1f", 100 * xc[best] / t); delete xc[best] }
      printf "busy_pct=%.1f postgres_pct=%.1f webapi_pct=%.1f ours_pct=%.1f foreign_pct=%.1f uncharged_pct=%.1f (busiest foreign: %s)\n",
        busy, 100 * pg / t, 100 * a / t, 100 * o / t, 100 * x / t, busy - 100 * (pg + a + o + x) / t, (top == "" ? "-" : top)
    }' "$RUN_DIR/$1.procs" "$RUN_DIR/$1.end.procs"
}
# The server log's timed statements (one line each) and plans (auto_explain, up to 80 lines each) from byte offset $1 on.
server_log_since() {
  tail -c +$(($1 + 1)) "$PG_LOG" | awk '
    function flush(   n, i, L) {
      if (e != "" && e ~ /LOG:  duration:/ && e !~ /CHECKPOINT/) {
        if (e ~ /  plan:/) { n = split(e, L, "\n"); for (i = 1; i <= n && i <= 80; i++) print L[i]; if (n > 80) print "\t..." }
        else { gsub(/[ \t\n]+/, " ", e); print substr(e, 1, 240) }
      }
      e = ""
    }
    /^[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9] / { flush(); e = $0; next }
    { e = e "\n" $0 }
    END { flush() }'
}
autovacuums() { sql -c "select coalesce(sum(autovacuum_count + autoanalyze_count), 0) from pg_stat_user_tables"; }

# --- the baseline: the bare window-function INSERT ... SELECT into a copy of standings (same columns, indexes,
# check constraint; LIKE copies no foreign key), on the same rows ---
BASELINE_SQL="INSERT INTO bench_baseline (exam_id, position, rank, learner_id, result_id, score, total_elapsed_ms, finished_at)
SELECT r.exam_id,
       row_number() OVER (ORDER BY r.score DESC, r.total_elapsed_ms, r.finished_at, r.learner_id),
       rank() OVER (ORDER BY r.score DESC, r.total_elapsed_ms),
       r.learner_id, r.id, r.score, r.total_elapsed_ms, r.finished_at
FROM exam_results r WHERE r.exam_id = '$EXAM'"
baseline() { # n: sets BASE_MS and leaves the details in $RUN_DIR/baseline-n.txt
  local n=$1 av0
  sql -c 'CREATE TABLE bench_baseline (LIKE standings INCLUDING ALL)' -c CHECKPOINT
  av0=$(autovacuums)
  cpu_mark "baseline-$n"
  job "$RUN_DIR/baseline-$n.out" sql -c '\timing on' -c "$BASELINE_SQL"
  BASE_MS="$(sed -n 's/^Time: \([0-9.]*\) ms.*/\1/p' "$RUN_DIR/baseline-$n.out" | tail -n 1)"
  [[ -n "$BASE_MS" ]] || die "baseline $n: no timing in: $(cat "$RUN_DIR/baseline-$n.out")"
  echo "baseline $n: ${BASE_MS} ms  CPU $(cpu_report "baseline-$n")  autovacuum/analyze runs meanwhile: $(($(autovacuums) - av0))" \
    >"$RUN_DIR/baseline-$n.txt"
}

# The admin token works (and the WebApi has read the token server's keys) before anything is timed.
curl -sf -m 30 -H "$ADMIN_AUTH" "$API/admin/rankings/runs?examId=$EXAM" >/dev/null || die "the admin token was refused"

log "baseline 1 (bare INSERT ... SELECT with window functions)"
baseline 1
BASE1=$BASE_MS
sql -c 'DROP TABLE bench_baseline'   # the second one is compared with the ranking's standings, then dropped

# --- the real use case: POST .../rankings/{id}/run (202), then poll the runs until it ends ---
sql -c CHECKPOINT
AV0=$(autovacuums)
PG_LOG_FROM=$(stat -c %s "$PG_LOG")
log "ranking: POST $API/admin/rankings/$EXAM/run"
cpu_mark ranking
t0=$(now_ms)
ACCEPTED="$(curl -sS -m 60 -X POST -H "$ADMIN_AUTH" -w '\n%{http_code}' "$API/admin/rankings/$EXAM/run")"
[[ "$(tail -n 1 <<<"$ACCEPTED")" == 202 ]] || die "the ranking trigger answered: $ACCEPTED"
RUN_ID="$(head -n 1 <<<"$ACCEPTED" | jq -r .runId)"
STATUS=RUNNING RUN_JSON='' polls=0
deadline=$(($(now_ms) + RUN_TIMEOUT * 1000))
while [[ "$STATUS" == RUNNING ]]; do
  (($(now_ms) < deadline)) || die "the ranking run $RUN_ID did not finish within ${RUN_TIMEOUT}s"
  sleep 0.2
  polls=$((polls + 1))
  RUN_JSON="$(curl -sf -m 10 -H "$ADMIN_AUTH" "$API/admin/rankings/runs?examId=$EXAM&limit=5" |
    jq -c --arg id "$RUN_ID" '.runs[] | select(.id == $id)')" || continue
  STATUS="$(jq -r .status <<<"$RUN_JSON")"
done
RANK_WALL_MS=$(ms_since "$t0")
RANK_CPU="$(cpu_report ranking)"
RANK_AV=$(($(autovacuums) - AV0))
[[ "$STATUS" == SUCCEEDED ]] || die "the ranking run ended $STATUS: $RUN_JSON"
RANK_MS="$(jq -r .durationMs <<<"$RUN_JSON")"
PARTICIPANTS="$(jq -r .participants <<<"$RUN_JSON")"
HWM_RANKED="$(vm VmHWM)"
sleep 0.5
server_log_since "$PG_LOG_FROM" >"$RUN_DIR/ranking-statements.txt"
[[ "$PARTICIPANTS" == "$ROWS" ]] || die "the run ranked $PARTICIPANTS participants, expected $ROWS"
log "ranked in ${RANK_MS} ms (run), ${RANK_WALL_MS} ms (wall, $polls polls)"

# Autovacuum would pick the new standings up within a minute, in the middle of the next step: do it now.
job "$RUN_DIR/vacuum-standings.out" sql -c 'VACUUM ANALYZE standings' -c CHECKPOINT

log "baseline 2"
baseline 2
BASE2=$BASE_MS
# The baseline computes what the ranking wrote: same positions, ranks and learners.
MISMATCH="$(sql -v exam="$EXAM" <<<"select count(*) from (select * from standings where exam_id = :'exam') s
  full join bench_baseline b using (position)
  where s.exam_id is null or b.exam_id is null or s.rank <> b.rank or s.learner_id <> b.learner_id")"
sql -c 'DROP TABLE bench_baseline'
[[ "$MISMATCH" == 0 ]] || die "the baseline and the ranking differ in $MISMATCH positions"
STANDINGS="$(sql -v exam="$EXAM" <<<"select (select count(*) from standings where exam_id = :'exam') || ' standings, ' ||
  (select count(*) from standings where exam_id = :'exam' and prize_coins is not null) || ' prize rows, ' ||
  (select count(*) || ' coin credits (' || coalesce(sum(amount), 0) || ' coins)' from coin_ledger where exam_id = :'exam') ||
  ', exam ' || (select ranking_status from exams where id = :'exam')")"

# --- warm-up: the publish's code runs for the first time in this process; half of the WebApi's CPU in a cold publish
# is the JIT tiering it up (profiles in bench/README.md). As the reads and the answers are measured after a warm-up,
# another exam (as big as the measured one by default, at most 1M) is ranked and published first. That first publish is
# timed and reported as the cold one; the measured publish runs on code the JIT has finished with. A warm-up smaller
# than ~100,000 entries does not finish the tiering (20,000 did not: the batch writer had not been called 30 times).
# --warm-publish 0: no warm-up, the measured publish is the cold one. ---
COLD_MS='' COLD_ENTRIES=''
if ((WARM_ROWS > 0)); then
  log "warm-up: rank and publish a $WARM_ROWS-attempt exam first (timed as the cold publish)"
  WARM="$(curl -sS -m 60 -X POST -H "$ADMIN_AUTH" -w '\n%{http_code}' "$API/admin/rankings/$WARM_EXAM/run")"
  [[ "$(tail -n 1 <<<"$WARM")" == 202 ]] || die "the warm-up ranking trigger answered: $WARM"
  deadline=$(($(now_ms) + RUN_TIMEOUT * 1000))
  until [[ "$(curl -sf -m 10 -H "$ADMIN_AUTH" "$API/admin/rankings/runs?examId=$WARM_EXAM&limit=1" | jq -r '.runs[0].status')" == SUCCEEDED ]]; do
    (($(now_ms) < deadline)) || die "the warm-up ranking did not succeed within ${RUN_TIMEOUT}s"
    sleep 0.2
  done
  # As for the measured board: its standings vacuumed (visibility map, hint bits) before they are streamed.
  job "$RUN_DIR/vacuum-warm.out" sql -c 'VACUUM ANALYZE standings' -c CHECKPOINT
  t0=$(now_ms)
  WARM="$(curl -sS -m 300 -X POST -H "$ADMIN_AUTH" -w '\n%{http_code}' "$API/admin/rankings/$WARM_EXAM/publish")"
  COLD_MS=$(ms_since "$t0")
  [[ "$(tail -n 1 <<<"$WARM")" == 200 ]] || die "the warm-up publish answered: $WARM"
  COLD_ENTRIES="$(head -n 1 <<<"$WARM" | jq -r .leaderboardEntries)"
  log "cold publish of $COLD_ENTRIES entries: $COLD_MS ms"
  sql -c CHECKPOINT
fi

# --- publish: RANKED -> PUBLISHED, and the final 1M-entry leaderboard written to Redis ---
log "publish: POST $API/admin/rankings/$EXAM/publish"
PG_LOG_FROM=$(stat -c %s "$PG_LOG")
cpu_mark publish
t0=$(now_ms)
job "$RUN_DIR/publish.out" curl -sS -m 900 -X POST -H "$ADMIN_AUTH" -w '\n%{http_code}' "$API/admin/rankings/$EXAM/publish" ||
  die "publish: curl failed"
PUBLISH_MS=$(ms_since "$t0")
PUBLISHED="$(cat "$RUN_DIR/publish.out")"
PUBLISH_CPU="$(cpu_report publish)"
[[ "$(tail -n 1 <<<"$PUBLISHED")" == 200 ]] || die "publish answered: $PUBLISHED"
PUBLISH_JSON="$(head -n 1 <<<"$PUBLISHED")"
[[ "$(jq -r '.leaderboardEntries' <<<"$PUBLISH_JSON")" == "$ROWS" && "$(jq -r .leaderboardWritten <<<"$PUBLISH_JSON")" == true ]] ||
  die "publish did not write the whole leaderboard: $PUBLISH_JSON"
sleep 0.5
server_log_since "$PG_LOG_FROM" >"$RUN_DIR/publish-statements.txt"
HWM_PUBLISHED="$(vm VmHWM)"
REDIS_MEM="$(redis-cli -h 127.0.0.1 -p "$LP_REDIS_PORT" info memory | sed -n 's/^used_memory_human:\(.*\)\r$/\1/p')"
log "published in ${PUBLISH_MS} ms; Redis holds $REDIS_MEM"

# --- publish baselines, same run: the published members written bare with redis-cli --pipe, in ZADDs of the publish's
# batch size (1000) into scratch keys: ZADD alone (the issue's baseline), and ZADD + HSET (the two structures the
# publish writes; the hash maps a learner to their position, as the publish's does since decision 123).
# The members are read back from the final board first (not timed).
BOARD_KEY="lp:lb:{$EXAM}"
rcli() { redis-cli -h 127.0.0.1 -p "$LP_REDIS_PORT" "$@"; }
rcli --raw ZRANGE "$BOARD_KEY" 0 -1 WITHSCORES >"$RUN_DIR/board-members.txt"
resp() { # with-hash(0|1) scratch-key: RESP commands on stdout, 1000 members per command
  LC_ALL=C awk -v hash="$1" -v key="$2" '
    function bulk(s) { return "$" length(s) "\r\n" s "\r\n" }
    function flush(   i, out) {
      if (n == 0) return
      out = "*" (2 + 2 * n) "\r\n" bulk("ZADD") bulk(key)
      for (i = 1; i <= n; i++) out = out bulk(sc[i]) bulk(m[i])
      printf "%s", out
      if (hash) {
        out = "*" (2 + 2 * n) "\r\n" bulk("HSET") bulk(key ":e")
        for (i = 1; i <= n; i++) { split(m[i], p, ":"); out = out bulk(p[1]) bulk(sc[i]) }
        printf "%s", out
      }
      n = 0
    }
    NR % 2 == 1 { member = $0; next }
    { n++; m[n] = member; sc[n] = $0; if (n == 1000) flush() }
    END { flush() }'
}
resp 0 "bench:zadd" <"$RUN_DIR/board-members.txt" >"$RUN_DIR/zadd.resp"
resp 1 "bench:zaddh" <"$RUN_DIR/board-members.txt" >"$RUN_DIR/zaddh.resp"
t0=$(now_ms)
rcli --pipe <"$RUN_DIR/zadd.resp" >"$RUN_DIR/zadd.out" 2>&1 || die "bare ZADD failed: $(cat "$RUN_DIR/zadd.out")"
ZADD_MS=$(ms_since "$t0")
ZADD_COUNT="$(rcli ZCARD bench:zadd)"
rcli UNLINK bench:zadd >/dev/null
t0=$(now_ms)
rcli --pipe <"$RUN_DIR/zaddh.resp" >"$RUN_DIR/zaddh.out" 2>&1 || die "bare ZADD + HSET failed: $(cat "$RUN_DIR/zaddh.out")"
ZADDH_MS=$(ms_since "$t0")
BARE_COUNTS="$ZADD_COUNT $(rcli ZCARD bench:zaddh) $(rcli HLEN bench:zaddh:e)"
[[ "$BARE_COUNTS" == "$ROWS $ROWS $ROWS" ]] ||
  die "the bare baselines did not write $ROWS members: $BARE_COUNTS (ZCARD, ZCARD, HLEN); board $(rcli ZCARD "$BOARD_KEY"), $(wc -l <"$RUN_DIR/board-members.txt") lines read; $(tail -n 3 "$RUN_DIR/zadd.out" "$RUN_DIR/zaddh.out" | tr '\n' ' ')"
rcli UNLINK bench:zadd bench:zaddh bench:zaddh:e >/dev/null
rm -f "$RUN_DIR/zadd.resp" "$RUN_DIR/zaddh.resp" "$RUN_DIR/board-members.txt"
log "bare pipelined ZADD of the same $ROWS members: ${ZADD_MS} ms (with HSET: ${ZADDH_MS} ms); publish ${PUBLISH_MS} ms"

# The first page, as a learner: final, N entries.
FIRST="$(curl -sf -m 10 -H "Authorization: Bearer $(cat "$RUN_DIR/learner.jwt")" "$API/app/leaderboards/$EXAM?offset=0&limit=20")" ||
  die "GET leaderboard page failed"
[[ "$(jq -r '"\(.final) \(.total) \(.entries | length)"' <<<"$FIRST")" == "true $ROWS 20" ]] || die "unexpected first page: $FIRST"

# --- leaderboard pages vs a bare endpoint: bare, leaderboard, bare (same driver, same concurrency) ---
log "starting the bare endpoint on 127.0.0.1:$BARE_PORT"
start_host bare "$BARE_DLL" "$BARE_PORT"
BARE_PID=$HOST_PID
wait_until 60 "the bare endpoint" curl -sf -m 2 "http://127.0.0.1:$BARE_PORT/health/live" ||
  { tail -n 20 "$RUN_DIR/bare.log" >&2; die "the bare endpoint did not start"; }
OFFSET_MAX=$((ROWS - 20))
drive() { # label url server-pid [token-file [offset-max]]: one load phase; its output in $RUN_DIR/label.out
  local label=$1 url=$2 server=$3 token=${4:-} offset_max=${5:-$OFFSET_MAX} rc=0
  log "reads $label: $WORKERS workers, ${WARMUP}s warm-up + ${DURATION}s measured"
  local args=(load --label "$label" --url "$url" --offset-max "$offset_max" --workers "$WORKERS" --warmup "$WARMUP"
    --duration "$DURATION" --expect '"entries":[{"position":' --server-pid "$server" --redis-pid "$REDIS_PID"
    --clk-tck "$(getconf CLK_TCK)")
  if [[ -n "$token" ]]; then args+=(--token-file "$token"); fi
  if ((PROFILE)) && [[ $label == leaderboard ]]; then
    # perf for 10 s, from 2 s into the measured window.
    (sleep $((WARMUP + 2)) && exec perf record -e cpu-clock -F 499 -a -g -o "$RUN_DIR/perf.data" -- sleep 10) \
      >"$RUN_DIR/perf.log" 2>&1 &
    PERF_PID=$!
  fi
  cpu_mark "reads-$label"
  job "$RUN_DIR/$label.out" timeout $((WARMUP + DURATION + 120)) dotnet "$DRIVER_DLL" "${args[@]}" 2>"$RUN_DIR/$label.err" || rc=$?
  echo "CPU (whole phase, warm-up included) $(cpu_report "reads-$label")" >"$RUN_DIR/reads-$label.cpu"
  [[ $rc -eq 0 ]] || { cat "$RUN_DIR/$label.err" >&2; die "read phase $label failed (exit $rc)"; }
  grep -q '^RESULT' "$RUN_DIR/$label.out" || die "read phase $label printed no RESULT"
  if [[ -n "$PERF_PID" ]]; then
    wait "$PERF_PID" || log "WARNING: perf record failed, see $RUN_DIR/perf.log"
    PERF_PID=''
    # Resolve symbols now, while /tmp/perf-PID.map exists.
    perf script -i "$RUN_DIR/perf.data" -F pid,comm,ip,sym,dso 2>/dev/null | gzip >"$RUN_DIR/perf-script.txt.gz" || true
  fi
}
drive bare-1 "http://127.0.0.1:$BARE_PORT/leaderboards/$EXAM?offset={offset}&limit=20" "$BARE_PID"
drive leaderboard "$API/app/leaderboards/$EXAM?offset={offset}&limit=20" "$APP_PID" "$RUN_DIR/learner.jwt"
# The board's top (offsets 0..80, limit 20: inside its first 100 lines), which each instance serves from its memory
# (decision 136): the pages everyone opens first. Not the issue's random-offset measure; reported beside it.
drive leaderboard-top "$API/app/leaderboards/$EXAM?offset={offset}&limit=20" "$APP_PID" "$RUN_DIR/learner.jwt" 80
drive bare-2 "http://127.0.0.1:$BARE_PORT/leaderboards/$EXAM?offset={offset}&limit=20" "$BARE_PID"
BARE1="$(grep '^RESULT' "$RUN_DIR/bare-1.out")" LB="$(grep '^RESULT' "$RUN_DIR/leaderboard.out")" TOP="$(grep '^RESULT' "$RUN_DIR/leaderboard-top.out")"
BARE2="$(grep '^RESULT' "$RUN_DIR/bare-2.out")"
HWM_END="$(vm VmHWM)" RSS_END="$(vm VmRSS)"

# --- plans of the real statements (after everything measured): into standings for a second exam, rolled back ---
if ((EXPLAIN)); then
  log "EXPLAIN ANALYZE of the ranking's statements (rolled back)"
  job "$RUN_DIR/explain.txt" timeout 1800 "${PSQL[@]}" -v exam="$EXAM" -v prizes="$PRIZES" 2>"$RUN_DIR/explain.err" <<'SQL' || log "WARNING: EXPLAIN failed, see the results file"
\pset footer off
BEGIN;
SELECT gen_random_uuid() AS other \gset
INSERT INTO exams (id, title, opens_at, closes_at, duration_seconds, max_attempts, is_premium, created_at, ranking_status, prizes)
SELECT :'other', title, opens_at, closes_at, duration_seconds, max_attempts, is_premium, created_at, 'Ranking', prizes
FROM exams WHERE id = :'exam';
\echo '-- SqlExamRanker.WriteStandings (EveryResult: max_attempts = 1), this exam''s results written for a second exam'
EXPLAIN (ANALYZE, BUFFERS, COSTS OFF)
INSERT INTO standings (exam_id, position, rank, learner_id, result_id, score, total_elapsed_ms, finished_at)
SELECT :'other',
       row_number() OVER (ORDER BY c.score DESC, c.total_elapsed_ms, c.finished_at, c.learner_id),
       rank() OVER (ORDER BY c.score DESC, c.total_elapsed_ms),
       c.learner_id, c.id, c.score, c.total_elapsed_ms, c.finished_at
FROM (SELECT r.id, r.learner_id, r.score, r.total_elapsed_ms, r.finished_at
      FROM exam_results r
      WHERE r.exam_id = :'exam'
        AND NOT EXISTS (SELECT 1 FROM attempts a WHERE a.id = r.attempt_id AND a.status = 'Invalidated')) c;
\echo '-- SqlExamRanker.AwardPrizes, on the second exam''s standings: written in this transaction, so the planner has no'
\echo '-- statistics for them, as for every new exam in production (the measured run wrote into an empty table)'
EXPLAIN (ANALYZE, BUFFERS, COSTS OFF)
WITH tiers AS (
    SELECT * FROM jsonb_to_recordset(:'prizes'::jsonb -> 'tiers')
        AS t(from_rank int, to_rank int, coins bigint, coupon_campaign_id uuid)
), shared AS (
    SELECT rank, count(*)::int AS tied FROM standings WHERE exam_id = :'other' AND rank <= 10 GROUP BY rank
), prize AS (
    SELECT s.rank,
           CASE WHEN head.coupon_campaign_id IS NOT NULL THEN NULL
                WHEN 'ShareEqually' = 'EachFull' OR s.tied = 1 THEN head.coins
                ELSE NULLIF((SELECT sum(t.coins * (least(t.to_rank, s.rank + s.tied - 1) - greatest(t.from_rank, s.rank) + 1))
                             FROM tiers t
                             WHERE t.coupon_campaign_id IS NULL AND t.from_rank <= s.rank + s.tied - 1 AND t.to_rank >= s.rank)
                            / s.tied, 0)
           END AS coins,
           head.coupon_campaign_id
    FROM shared s JOIN tiers head ON s.rank BETWEEN head.from_rank AND head.to_rank
), awarded AS (
    UPDATE standings st SET prize_coins = p.coins, coupon_campaign_id = p.coupon_campaign_id
    FROM prize p
    WHERE st.exam_id = :'other' AND st.rank = p.rank AND (p.coins IS NOT NULL OR p.coupon_campaign_id IS NOT NULL)
    RETURNING st.learner_id, st.prize_coins, st.coupon_campaign_id
), rewards AS (
    INSERT INTO rewards (id, learner_id, exam_id, coupon_campaign_id, status, created_at)
    SELECT gen_random_uuid(), learner_id, :'other', coupon_campaign_id, 'Assigned', now()
    FROM awarded WHERE coupon_campaign_id IS NOT NULL
)
INSERT INTO coin_ledger (id, learner_id, amount, reason, exam_id, created_at)
SELECT gen_random_uuid(), learner_id, prize_coins, 'ExamPrize', :'other', now()
FROM awarded WHERE prize_coins IS NOT NULL;
\echo '-- SqlExamRanker.WinnerNotices (publish)'
EXPLAIN (ANALYZE, BUFFERS, COSTS OFF)
INSERT INTO outbox_messages (id, type, learner_id, topic, payload, dedupe_key, status, attempts, created_at, available_at)
SELECT gen_random_uuid(), 'exam.prize_won', s.learner_id, NULL, jsonb_build_object('rank', s.rank, 'coins', s.prize_coins),
       'exam.prize_won:' || :'other' || ':' || s.learner_id, 'Pending', 0, now(), now()
FROM standings s
WHERE s.exam_id = :'other' AND (s.prize_coins IS NOT NULL OR s.coupon_campaign_id IS NOT NULL);
\echo '-- SqlLeaderboardSource.Final (publish streams it to Redis)'
EXPLAIN (ANALYZE, BUFFERS, COSTS OFF)
SELECT position::bigint AS "Position", rank AS "Rank", learner_id AS "LearnerId", score AS "Score", total_elapsed_ms AS "TotalElapsedMs"
FROM standings WHERE exam_id = :'exam' ORDER BY position;
ROLLBACK;
SQL
  # The baseline's plan, into a fresh copy of standings as measured.
  job "$RUN_DIR/explain-baseline.txt" timeout 1800 "${PSQL[@]}" -c 'CREATE TABLE bench_baseline (LIKE standings INCLUDING ALL)' \
    -c '\echo -- the baseline' -c 'BEGIN' -c "EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) $BASELINE_SQL" -c 'ROLLBACK' \
    -c 'DROP TABLE bench_baseline' 2>>"$RUN_DIR/explain.err" || log "WARNING: EXPLAIN of the baseline failed"
  cat "$RUN_DIR/explain-baseline.txt" "$RUN_DIR/explain.err" >>"$RUN_DIR/explain.txt"
fi

# --- summary ---
field() { sed -nE "s/.* $2=([-0-9.]+).*/\1/p" <<<"$1"; }
BASE_MEAN=$(awk -v a="$BASE1" -v b="$BASE2" 'BEGIN { printf "%.1f", (a + b) / 2 }')
RATIO=$(awk -v a="$RANK_MS" -v b="$BASE_MEAN" 'BEGIN { printf "%.2f", a / b }')
WALL_RATIO=$(awk -v a="$RANK_WALL_MS" -v b="$BASE_MEAN" 'BEGIN { printf "%.2f", a / b }')
BARE_RPS=$(awk -v a="$(field "$BARE1" rps)" -v b="$(field "$BARE2" rps)" 'BEGIN { printf "%.1f", (a + b) / 2 }')
READ_RATIO=$(awk -v a="$(field "$LB" rps)" -v b="$BARE_RPS" 'BEGIN { printf "%.2f", a / b }')
TOP_RATIO=$(awk -v a="$(field "$TOP" rps)" -v b="$BARE_RPS" 'BEGIN { printf "%.2f", a / b }')
HWM_MAX=$(printf '%s\n' "$HWM_START" "$HWM_RANKED" "$HWM_PUBLISHED" "$HWM_END" | sort -g | tail -n 1)
met() { awk -v v="$1" -v t="$3" "BEGIN { print (v $2 t) ? \"met\" : \"NOT met\" }"; }
phase() { echo "rps=$(field "$1" rps) p50_ms=$(field "$1" p50_ms) p99_ms=$(field "$1" p99_ms) errors=$(field "$1" errors) requests=$(field "$1" requests) bytes_per_resp=$(field "$1" bytes_per_resp)"; }
cpu_of() { grep '^CPU' "$RUN_DIR/$1.out" | sed 's/^CPU label=[^ ]* //'; }
# Other programs (a build, a test run) take CPU from either side unevenly: say so.
WARN="$(cat "$RUN_DIR"/baseline-?.txt "$RUN_DIR"/reads-*.cpu <(echo "$RANK_CPU") | sed -n 's/.* foreign_pct=\([-0-9.]*\).*/\1/p' |
  awk '{ if ($1 > m) m = $1 } END { if (m > 5) printf "WARNING: processes this run did not start took up to %.1f%% of the machine in a measured step (foreign_pct); rerun on a quiet machine", m }')"

STAMP="$(date -u +%Y%m%dT%H%M%SZ)"
mkdir -p "$ROOT/bench/results"
OUT="$ROOT/bench/results/ranking-$STAMP.txt"
{
  echo "== bench/ranking.sh $STAMP  commit $COMMIT"
  echo "machine:   $(nproc) cores ($(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)), $(free -h | awk '/^Mem:/{print $2}') RAM; load avg $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "postgres:  $PG_VERSION; $PG_SETTINGS"
  echo "rows:      $ROWS completed attempts of one exam, one result each (seeded in $(fmt "$SEED_MS" '%.0f') ms + $(fmt "$VACUUM_MS" '%.0f') ms VACUUM ANALYZE)"
  echo
  echo "ranking:   run_duration_ms=$RANK_MS wall_ms=$RANK_WALL_MS status=$STATUS participants=$PARTICIPANTS"
  echo "baseline:  before_ms=$BASE1 after_ms=$BASE2 mean_ms=$BASE_MEAN"
  echo "ratio:     $RATIO  (ranking durationMs / mean baseline; target <= 1.5: $(met "$RATIO" '<=' 1.5)); wall / baseline $WALL_RATIO"
  echo "memory:    webapi_peak_mb=$HWM_MAX  (VmHWM; target < 300: $(met "$HWM_MAX" '<' 300))"
  echo "publish:   ms=$PUBLISH_MS entries=$(jq -r .leaderboardEntries <<<"$PUBLISH_JSON") winners=$(jq -r .winners <<<"$PUBLISH_JSON") (after a warm-up publish of $WARM_ROWS entries; 0: cold)"
  if [[ -n "$COLD_MS" ]]; then
    echo "cold publish: ms=$COLD_MS entries=$COLD_ENTRIES (the warm-up: the first publish in the process)$( ((COLD_ENTRIES == ROWS)) &&
      awk -v a="$COLD_MS" -v b="$ZADD_MS" 'BEGIN { printf "; / ZADD ratio %.2f", a / b }')"
  fi
  echo "publish baseline: bare pipelined ZADD (1000 per command) ms=$ZADD_MS, ZADD + HSET ms=$ZADDH_MS; publish / ZADD ratio $(awk -v a="$PUBLISH_MS" -v b="$ZADD_MS" 'BEGIN { printf "%.2f", a / b }') (target <= 1.5), publish / (ZADD + HSET) $(awk -v a="$PUBLISH_MS" -v b="$ZADDH_MS" 'BEGIN { printf "%.2f", a / b }')"
  echo "bare 1:    $(phase "$BARE1")"
  echo "leaderbd:  $(phase "$LB")"
  echo "top:       $(phase "$TOP")"
  echo "bare 2:    $(phase "$BARE2")"
  echo "reads:     leaderboard rps=$(field "$LB" rps) bare mean rps=$BARE_RPS  ($WORKERS workers, ${WARMUP}s warm-up + ${DURATION}s, limit=20, random offsets)"
  echo "ratio:     $READ_RATIO  (leaderboard rps / mean bare rps; target >= 0.5 (issue 14): $(met "$READ_RATIO" '>=' 0.5))"
  echo "top ratio: $TOP_RATIO  (the same GET at offsets 0..80: the final board's first 100 lines, from the WebApi's memory (decision 136); rps / mean bare rps)"
  if [[ -n "$WARN" ]]; then echo "$WARN"; fi
  echo
  echo "-- details --"
  echo "seeded:    $SEEDED"
  echo "webapi memory (MB): VmHWM after start-up $HWM_START, after ranking $HWM_RANKED, after publish $HWM_PUBLISHED, at the end $HWM_END; VmRSS after start-up $RSS_START, at the end $RSS_END (pid $APP_PID)"
  cat "$RUN_DIR/baseline-1.txt" "$RUN_DIR/baseline-2.txt"
  echo "ranking:   CPU $RANK_CPU  autovacuum/analyze runs meanwhile: $RANK_AV"
  echo "ranking:   $STANDINGS; baseline = standings in every position (rank, learner)"
  echo "ranking:   run $RUN_JSON"
  echo "publish:   CPU $PUBLISH_CPU; Redis used_memory $REDIS_MEM"
  echo "publish:   $PUBLISH_JSON"
  echo "-- statements >= 5 ms while the ranking ran, with the plans of those >= 20 ms (PostgreSQL's log, auto_explain) --"
  cat "$RUN_DIR/ranking-statements.txt"
  echo "-- statements >= 5 ms while publishing --"
  cat "$RUN_DIR/publish-statements.txt"
  for f in bare-1 leaderboard leaderboard-top bare-2; do
    echo "-- reads: $f --"
    grep -v '^RESULT' "$RUN_DIR/$f.out"
    cat "$RUN_DIR/reads-$f.cpu"
    head -n 5 "$RUN_DIR/$f.err"
  done
  echo "webapi log: $(grep -c -E '^(fail|crit):' "$RUN_DIR/webapi.log" || true) fail/crit entries"
  grep -A 3 -E '^(fail|crit):' "$RUN_DIR/webapi.log" | head -n 20 | sed 's/^/    /'
  if ((EXPLAIN)); then
    echo
    echo "-- EXPLAIN ANALYZE (after the measured steps, rolled back) --"
    cat "$RUN_DIR/explain.txt"
  fi
} >"$OUT"
if ((PROFILE)) && [[ -s "$RUN_DIR/perf-script.txt.gz" ]]; then
  cp "$RUN_DIR/perf-script.txt.gz" "$ROOT/bench/results/ranking-$STAMP.perf-script.txt.gz"
  { echo; echo "-- perf, 10 s inside the leaderboard reads' window (WebApi pid $APP_PID) --"
    gzip -dc "$RUN_DIR/perf-script.txt.gz" | "$ROOT/bench/perf-summary.sh" "$APP_PID"; } >>"$OUT"
fi
sed -n '1,/^ratio: .*leaderboard rps/p;/^WARNING: processes/p' "$OUT"
log "details: $OUT"

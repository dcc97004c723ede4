#!/usr/bin/env bash
# Where the CPU went, from `perf script -F pid,comm,ip,sym,dso` of a `perf record -a -g` (bench/run.sh --profile).
#
#   gzip -dc bench/results/<stamp>.perf-script.txt.gz | bench/perf-summary.sh APP-PID
#
# Rows under 0.1% are left out. Counts samples per process. Each app sample is charged to one component: JIT or GC when the stack is in them,
# else the innermost frame of a non-BCL assembly (so a Dictionary lookup or a socket send counts for the
# library that asked for it). Each PostgreSQL sample is charged to the innermost backend phase on its stack.
# A second app list is inclusive: the share of samples with the component anywhere on the stack.
set -euo pipefail
[[ $# -eq 1 && "$1" =~ ^[0-9]+$ ]] || { sed -n '4s/^# \{0,1\}//p' "$0" >&2; exit 2; }

awk -v app="$1" '
BEGIN { RS = ""; FS = "\n" }
function pct(n, d) { return d ? sprintf("%5.1f%%", 100 * n / d) : "    -" }
function add(table, label) { tally[table, label]++ }
# The assembly that defines the frame: perf-map names read "<return type> [Assembly] Namespace.Type::Method(...)".
function assembly(frame,    a) {
  # ReadyToRun code of the shared framework is not in the perf map, but its file names the assembly.
  if (frame ~ / \[unknown\] \(.*\.dll\)$/) { a = frame; sub(/.*\//, "", a); sub(/\.dll\)$/, "", a); return a }
  if (frame ~ / \[unknown\] / || !match(frame, /\[[^]\[]+\] /)) return ""
  return substr(frame, RSTART + 1, RLENGTH - 3)
}
function component(a) {
  if (a ~ /^(Microsoft\.EntityFrameworkCore|Npgsql\.EntityFrameworkCore|EFCore\.)/) return "EF Core"
  if (a == "Npgsql") return "Npgsql (ADO.NET driver)"
  if (a ~ /^(Microsoft\.AspNetCore\.Server\.Kestrel|Microsoft\.AspNetCore\.Connections|System\.Net\.|System\.IO\.Pipelines)/) return "Kestrel, sockets, pipelines"
  if (a ~ /^(Microsoft\.IdentityModel|Microsoft\.AspNetCore\.Authentication)/) return "authentication (JWT bearer)"
  if (a ~ /^Microsoft\.AspNetCore\.Authorization/) return "authorization policies"
  if (a ~ /^Microsoft\.AspNetCore\./) return "ASP.NET Core (routing, endpoint filters, results, middleware)"
  if (a == "System.Text.Json") return "System.Text.Json"
  if (a == "FluentValidation") return "FluentValidation"
  if (a ~ /^Microsoft\.Extensions\.Logging/) return "logging"
  if (a ~ /^Microsoft\.Extensions\.DependencyInjection/) return "dependency injection"
  if (a == "StackExchange.Redis") return "StackExchange.Redis"
  if (a ~ /^LearningPlatform\./) return "LearningPlatform code (own frames)"
  if (a ~ /^(System\.|Anonymously Hosted|Microsoft\.Extensions\.(Primitives|Options))/ || a == "") return ""
  return a
}
function pg_phase(frame) {
  if (frame ~ /DiscardCommand|DiscardAll|ResetAllOptions/) return "DISCARD ALL (Npgsql resets pooled connections)"
  if (frame ~ /secure_read|secure_write|pq_recvbuf|pq_flush|pq_getbyte|internal_flush/) return "client socket I/O"
  if (frame ~ /raw_parser|base_yyparse|pg_parse_query/) return "parse"
  if (frame ~ /parse_analyze|pg_analyze_and_rewrite|pg_rewrite_query/) return "analyze + rewrite"
  if (frame ~ /pg_plan_queries|pg_plan_query|standard_planner/) return "plan"
  if (frame ~ /CommitTransaction|XLogFlush|RecordTransactionCommit/) return "commit (WAL insert + flush)"
  if (frame ~ /StartTransaction|AbortTransaction|CleanupTransaction/) return "transaction start/end"
  if (frame ~ /standard_ExecutorRun|ExecutorRun|ProcessQuery|PortalRun|ExecutorStart|ExecutorEnd|standard_ExecutorStart/) return "execute"
  return ""
}
{
  header = $1; sub(/[ \t]+$/, "", header)
  pid = header; sub(/.*[ \t]/, "", pid)
  comm = header; sub(/[ \t]+[0-9]+$/, "", comm)
  stack = ""
  for (i = 2; i <= NF; i++) stack = stack "\n" $i
  total++
  if (pid == app) who = "app"
  else if (comm == "postgres") who = "pg"
  else if (comm == "swapper") who = "idle"
  else { who = "other"; others[comm]++ }
  samples[who]++

  if (who == "app") {
    label = ""
    if (comm ~ /^\.NET Tiered Com/ || stack ~ /libclrjit\.so/) label = "JIT compiler (tiering up, first calls)"
    else if (comm ~ /GC/ || stack ~ /(WKS|SVR)::|gc_heap/) label = "garbage collector"
    for (i = 2; i <= NF && label == ""; i++) label = component(assembly($i))
    if (label == "") label = ($2 ~ /kallsyms/ ? "kernel, no managed caller (scheduling, interrupts)" : "runtime, BCL or native, no other caller")
    add("app", label)
    if (stack ~ /\[Microsoft\.EntityFrameworkCore|\[Npgsql\.EntityFrameworkCore/) add("appin", "EF Core (incl. Npgsql below it)")
    if (stack ~ /Microsoft\.EntityFrameworkCore\.Query\./) add("appin", "  EF query pipeline (incl. executing the reader)")
    if (stack ~ /Microsoft\.EntityFrameworkCore\.ChangeTracking/) add("appin", "  EF change tracking")
    if (stack ~ /SaveChangesAsync/) add("appin", "  EF SaveChanges (incl. its round trip)")
    if (stack ~ /\[Npgsql\] /) add("appin", "Npgsql (incl. socket I/O)")
    if (stack ~ /\[Microsoft\.IdentityModel/) add("appin", "JWT validation (Microsoft.IdentityModel)")
    if ($2 ~ /kallsyms/) add("appin", "kernel code at the leaf (syscalls, network stack)")
  } else if (who == "pg") {
    label = ""
    for (i = 2; i <= NF && label == ""; i++) label = pg_phase($i)
    add("pg", label == "" ? "other (backend main loop, stats, memory)" : label)
  }
}
END {
  printf "samples: %d (cpu-clock, all CPUs)\n", total
  printf "  app %s | postgres %s | idle %s | other %s\n", pct(samples["app"], total), pct(samples["pg"], total),
    pct(samples["idle"], total), pct(samples["other"], total)
  n = 0
  for (c in others) { n++; ol[n] = c; ov[n] = others[c] }
  sort(n)
  line = ""
  for (i = 1; i <= n && i <= 6; i++) line = line sprintf(" %s=%d", ol[i], ov[i])
  printf "  busiest other processes (samples):%s\n", line
  show("app", "app, each sample charged to one component", samples["app"])
  show("appin", "app, inclusive (component anywhere on the stack)", samples["app"])
  show("pg", "postgres, each sample charged to the innermost backend phase", samples["pg"])
}
function sort(n,    i, j, l, v) {
  for (i = 2; i <= n; i++) { l = ol[i]; v = ov[i]; for (j = i - 1; j >= 1 && ov[j] < v; j--) { ol[j + 1] = ol[j]; ov[j + 1] = ov[j] } ol[j + 1] = l; ov[j + 1] = v }
}
function show(table, title, whole,    key, part, n, i) {
  printf "%s\n", title
  n = 0
  for (key in tally) { split(key, part, SUBSEP); if (part[1] == table) { n++; ol[n] = part[2]; ov[n] = tally[key] } }
  sort(n)
  for (i = 1; i <= n; i++) if (ov[i] * 1000 >= whole) printf "  %s  %s\n", pct(ov[i], whole), ol[i]
}'

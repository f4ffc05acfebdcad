#!/usr/bin/env bash
# Dashboard benchmark (issue 5). Not a test: figures depend on the machine.
#  1. Release builds of the MongoDB emulator, the dashboard and bench/DocStream.Bench.Dashboard.
#  2. MongoDB emulator (temp data dir) as a process; the whole data set (541,909 real rows,
#     ../shared/data/online-retail.csv.gz) inserted straight into docstreaming.invoices in the stored shape
#     (InvoiceLine serialised by the driver), then the processor's indexes CustomerID_1, InvoiceNo_1, InvoiceDate_1.
#  3. The dashboard (Release, Development environment so static assets are served), waited for until its first
#     analytics snapshot over every line is computed (its log gives that time too).
#  4. The bench tool, against the same database: random customers and invoices of the data set (checked against
#     the CSV) looked up through the dashboard's own query services and rendered by its page components on the
#     server; full analytics recomputations; the analytics page rendered from the snapshot; GETs of the running
#     dashboard's pages. p95 over many repetitions:
#       BENCH dashboard.lookup.p95_ms            customer + invoice page: query + server render (target < 100)
#       BENCH dashboard.analytics.p95_ms         analytics page served from the in-memory snapshot (target < 500)
#       BENCH dashboard.analytics.recompute_ms   one full recomputation of the snapshot (median)
# Options (environment): LOOKUPS (300 per kind), RENDERS (100 per page), RECOMPUTES (3), PROFILE (1: time each
# piece of the analytics pipeline alone), LIMIT (rows to load; default all).
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
LOOKUPS="${LOOKUPS:-300}"
RENDERS="${RENDERS:-100}"
RECOMPUTES="${RECOMPUTES:-3}"
PROFILE="${PROFILE:-1}"
LIMIT="${LIMIT:-}"
DATA="$(cd .. && pwd)/shared/data/online-retail.csv.gz"
[ -f "$DATA" ] || { echo "data set not found: $DATA" >&2; exit 1; }

source bench/lib.sh
bench_init dashboard-bench


echo "== building (Release)"
for p in emulators/DocStream.MongoEmulator DocStream.Dashboard bench/DocStream.Bench.Dashboard; do
  dotnet build "$p" -c Release -nologo -v:quiet >/dev/null
done
bin() { echo "$1/bin/Release/net10.0/$2.dll"; }

MONGO_PORT=$(free_port); DASHBOARD_PORT=$(free_port)
USER=bench; PASS=bench-secret-$$
MONGO_URL="mongodb://$USER:$PASS@127.0.0.1:$MONGO_PORT/docstreaming?authSource=admin"

echo "== MongoDB emulator (:$MONGO_PORT, data $WORK/mongo)"
dotnet "$(bin emulators/DocStream.MongoEmulator DocStream.MongoEmulator)" --port "$MONGO_PORT" --data-dir "$WORK/mongo" \
  --username "$USER" --password "$PASS" >"$WORK/mongo.log" 2>&1 &
PIDS+=($!)
wait_for_line "$WORK/mongo.log" "listening on" 30 "$!"

BENCH="dotnet $(bin bench/DocStream.Bench.Dashboard DocStream.Bench.Dashboard)"
echo "== loading the data set into docstreaming.invoices"
$BENCH load --connection "$MONGO_URL" --file "$DATA" ${LIMIT:+--limit "$LIMIT"}

echo "== dashboard (:$DASHBOARD_PORT), waiting for its first analytics snapshot"
# One snapshot at start, the next in an hour: no background recomputation competes with the measurements.
ConnectionStrings__docstreaming="$MONGO_URL" ASPNETCORE_ENVIRONMENT=Development \
  Dashboard__Analytics__Interval=01:00:00 \
  dotnet "$(bin DocStream.Dashboard DocStream.Dashboard)" --urls "http://127.0.0.1:$DASHBOARD_PORT" >"$WORK/dashboard.log" 2>&1 &
PIDS+=($!)
wait_for_line "$WORK/dashboard.log" "Analytics snapshot computed over" 900 "$!"
grep -o "Analytics snapshot computed over .*" "$WORK/dashboard.log" | head -1 | sed 's/^/  dashboard: /'

echo "== measuring"
EXTRA=()
[ "$PROFILE" = "1" ] && EXTRA+=(--profile)
$BENCH measure --connection "$MONGO_URL" --file "$DATA" --dashboard-url "http://127.0.0.1:$DASHBOARD_PORT" \
  ${LIMIT:+--limit "$LIMIT"} --lookups "$LOOKUPS" --renders "$RENDERS" --recomputes "$RECOMPUTES" "${EXTRA[@]}"

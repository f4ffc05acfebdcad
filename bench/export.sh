#!/usr/bin/env bash
# Export benchmark (issue 17). Not a test: figures depend on the machine.
#  1. Release builds of the MongoDB emulator, the dashboard and bench/DocStream.Bench.Dashboard (its loader).
#  2. MongoDB emulator (temp data dir); the whole data set (541,909 rows) inserted into docstreaming.invoices.
#  3. The dashboard (Release; Development so a build, not a publish, serves its static assets; access keys, so
#     sign-in is still required), signed in as a viewer with curl.
#  4. GET /export/lines?format=csv (all lines) and ?format=jsonl, each timed; the dashboard's peak resident memory
#     (VmHWM, reset before each export via /proc/PID/clear_refs) before and during each export.
#  5. The CSV checked against the source: 541,909 rows, every value equal (bench/export_check.py).
#     BENCH export.csv.seconds / export.csv.peak_rss_mib / export.jsonl.seconds / export.jsonl.peak_rss_mib
#  Optional SCREENSHOTS=<folder>: the lines, analytics and invoice pages at 1280, 1920 and 390 px, light and dark
#  (docs/tools/dashboard-widths.mjs with node and playwright-core from npm, installed in the scratch folder; uses
#  Debian's /usr/bin/chromium, which `apt-get install -y chromium` provides).
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
DATA="$(cd .. && pwd)/shared/data/online-retail.csv.gz"
[ -f "$DATA" ] || { echo "data set not found: $DATA" >&2; exit 1; }
LIMIT="${LIMIT:-}"
SCREENSHOTS="${SCREENSHOTS:-}"

source bench/lib.sh
bench_init export-bench

echo "== building (Release)"
for p in emulators/DocStream.MongoEmulator DocStream.Dashboard bench/DocStream.Bench.Dashboard; do
  dotnet build "$p" -c Release -nologo -v:quiet >/dev/null
done
bin() { echo "$1/bin/Release/net10.0/$2.dll"; }

MONGO_PORT=$(free_port); DASHBOARD_PORT=$(free_port)
USER=bench; PASS=bench-secret-$$
VIEWER_KEY="viewer-bench-$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')"
OPERATOR_KEY="operator-bench-$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')"
MONGO_URL="mongodb://$USER:$PASS@127.0.0.1:$MONGO_PORT/docstreaming?authSource=admin"

echo "== MongoDB emulator (:$MONGO_PORT)"
dotnet "$(bin emulators/DocStream.MongoEmulator DocStream.MongoEmulator)" --port "$MONGO_PORT" --data-dir "$WORK/mongo" \
  --username "$USER" --password "$PASS" >"$WORK/mongo.log" 2>&1 &
PIDS+=($!)
wait_for_line "$WORK/mongo.log" "listening on" 30 "$!"

echo "== loading the data set into docstreaming.invoices"
dotnet "$(bin bench/DocStream.Bench.Dashboard DocStream.Bench.Dashboard)" load --connection "$MONGO_URL" --file "$DATA" ${LIMIT:+--limit "$LIMIT"}

echo "== dashboard (:$DASHBOARD_PORT)"
ConnectionStrings__docstreaming="$MONGO_URL" ASPNETCORE_ENVIRONMENT=Development \
  Dashboard__AccessKeys__Viewer="$VIEWER_KEY" Dashboard__AccessKeys__Operator="$OPERATOR_KEY" Dashboard__Analytics__Interval=01:00:00 \
  dotnet "$(bin DocStream.Dashboard DocStream.Dashboard)" --urls "http://127.0.0.1:$DASHBOARD_PORT" >"$WORK/dashboard.log" 2>&1 &
DASHBOARD_PID=$!
PIDS+=($DASHBOARD_PID)
wait_for_line "$WORK/dashboard.log" "Analytics snapshot computed over" 900 "$DASHBOARD_PID"
BASE="http://127.0.0.1:$DASHBOARD_PORT"

echo "== signing in as a viewer"
JAR="$WORK/cookies"
TOKEN=$(curl -s -c "$JAR" -b "$JAR" "$BASE/signin?returnUrl=%2Flines" | grep -o 'name="__RequestVerificationToken"[^>]*value="[^"]*"' | sed 's/.*value="//; s/"$//')
curl -s -o /dev/null -c "$JAR" -b "$JAR" --data-urlencode "__RequestVerificationToken=$TOKEN" --data-urlencode "returnUrl=/lines" \
  --data-urlencode "key=$VIEWER_KEY" "$BASE/account/signin"
grep -q DocStream.Auth "$JAR" || { echo "sign-in failed" >&2; exit 1; }

rss_kib() { awk -v f="$1" '$1 == f":" { print $2 }' "/proc/$DASHBOARD_PID/status"; }
export_one() { # FORMAT FILE
  local before
  before=$(rss_kib VmRSS)
  echo 5 > "/proc/$DASHBOARD_PID/clear_refs"   # resets VmHWM to the current resident size
  local start end
  start=$(date +%s.%N)
  curl -s -f -b "$JAR" -o "$2" "$BASE/export/lines?format=$1"
  end=$(date +%s.%N)
  local peak
  peak=$(rss_kib VmHWM)
  python3 -c "import sys; s=float(sys.argv[2])-float(sys.argv[1]); print(f'BENCH export.$1.seconds {s:.1f}'); print(f'BENCH export.$1.rss_before_mib {int(sys.argv[3])/1024:.0f}'); print(f'BENCH export.$1.peak_rss_mib {int(sys.argv[4])/1024:.0f}'); print(f'BENCH export.$1.bytes {int(sys.argv[5])}')" \
    "$start" "$end" "$before" "$peak" "$(stat -c %s "$2")"
}

echo "== exporting all lines"
export_one csv "$WORK/lines.csv"
export_one jsonl "$WORK/lines.jsonl"
echo "BENCH export.jsonl.lines $(wc -l < "$WORK/lines.jsonl")"

echo "== checking the CSV against the source"
python3 bench/export_check.py "$DATA" "$WORK/lines.csv" ${LIMIT:+--limit "$LIMIT"}

if [ -n "$SCREENSHOTS" ]; then
  echo "== screenshots into $SCREENSHOTS"
  mkdir -p "$SCREENSHOTS" "$WORK/shots"
  cp docs/tools/dashboard-widths.mjs "$WORK/shots/"
  (cd "$WORK/shots" && npm install --silent --no-audit --no-fund playwright-core@1.65.1 >/dev/null)
  node "$WORK/shots/dashboard-widths.mjs" "$BASE" "$VIEWER_KEY" "$(cd "$SCREENSHOTS" && pwd)"
fi

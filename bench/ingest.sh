#!/usr/bin/env bash
# Ingest API benchmark (issue 3). Not a test: figures depend on the machine.
# Starts the Kafka emulator and the ingest API (Release builds) on free loopback ports, loads the API
# with wrk and prints, each on its own line:
#   BENCH ingest.baseline.rps=<n>        GET /alive on the same server: what ASP.NET Core alone does here
#   BENCH ingest.single.rps=<n>          POST /api/v1/invoices, one real row per request, acknowledged by Kafka
#   BENCH ingest.single.p99_ms=<n>
#   BENCH ingest.batch.docs_per_s=<n>    POST /api/v1/invoices/batch, 1,000 real rows per request (NDJSON)
# Options (environment): DURATION (s, default 20), CONNECTIONS (64), THREADS (2), BATCH_CONNECTIONS (4).
# Everything started here is stopped on exit.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
DURATION=${DURATION:-20}
CONNECTIONS=${CONNECTIONS:-64}
THREADS=${THREADS:-2}
BATCH_CONNECTIONS=${BATCH_CONNECTIONS:-4}

if ! command -v wrk >/dev/null; then
    echo "installing wrk..." >&2
    SUDO=$([ "$(id -u)" = 0 ] && echo "" || echo sudo)
    $SUDO apt-get update -qq && $SUDO apt-get install -y -qq wrk >/dev/null
fi
command -v python3 >/dev/null || { echo "python3 is needed to turn CSV rows into JSON" >&2; exit 1; }

source bench/lib.sh
bench_init ingest-bench


wait_for() { # url-or-file pattern seconds
    local what=$1 pattern=$2 deadline=$((SECONDS + $3))
    until { [ -f "$what" ] && grep -q "$pattern" "$what"; } || { [[ "$what" == http* ]] && curl -fs "$what" >/dev/null 2>&1; }; do
        [ $SECONDS -lt $deadline ] || { echo "timed out waiting for $what" >&2; cat "$WORK"/*.log >&2 || true; exit 1; }
        sleep 0.2
    done
}

echo "building (Release)..." >&2
dotnet build DocStream.IngestApi -c Release -nologo -v:quiet >&2
dotnet build emulators/DocStream.KafkaEmulator -c Release -nologo -v:quiet >&2

KAFKA_PORT=$(free_port)
API_PORT=$(free_port)
API_KEY="bench-$(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n')"
URL="http://127.0.0.1:$API_PORT"

dotnet emulators/DocStream.KafkaEmulator/bin/Release/net10.0/DocStream.KafkaEmulator.dll \
    --port "$KAFKA_PORT" --topic ingestion-topic:12 >"$WORK/kafka.log" 2>&1 &
PIDS+=($!)
wait_for "$WORK/kafka.log" "listening on" 30

# No processor drains the topic here, so admission control would start refusing (503) once any partition holds its
# lag budget (10,000 messages) and the figures would count refusals: it is off, and the API and Kafka are measured alone.
ConnectionStrings__kafka="127.0.0.1:$KAFKA_PORT" Ingest__ApiKey="$API_KEY" Ingest__Admission__Enabled=false \
ASPNETCORE_ENVIRONMENT=Production Logging__LogLevel__Default=Warning \
    dotnet DocStream.IngestApi/bin/Release/net10.0/DocStream.IngestApi.dll --urls "$URL" >"$WORK/api.log" 2>&1 &
PIDS+=($!)
wait_for "$URL/alive" "" 60

# Real rows of the data set as the JSON clients send (first 1,000 rows of the full file, latin-1).
DATA="$ROOT/../shared/data/online-retail.csv.gz"
[ -f "$DATA" ] || DATA=/work/shared/data/online-retail.csv.gz
python3 - "$DATA" "$WORK" <<'PY'
import csv, gzip, io, json, sys
path, work = sys.argv[1], sys.argv[2]
rows = []
with gzip.open(path, "rb") as f:
    reader = csv.DictReader(io.TextIOWrapper(f, encoding="latin-1", newline=""))
    for row in reader:
        rows.append({
            "InvoiceNo": row["InvoiceNo"], "StockCode": row["StockCode"], "Description": row["Description"],
            "Quantity": int(row["Quantity"]), "InvoiceDate": row["InvoiceDate"],
            "UnitPrice": json.loads(row["UnitPrice"]),
            "CustomerID": int(row["CustomerID"]) if row["CustomerID"] else None, "Country": row["Country"],
        })
        if len(rows) == 1000:
            break
def lua(s):
    return "[==[" + s + "]==]"
with open(f"{work}/rows.lua", "w", encoding="utf-8") as out:
    out.write("rows = {\n" + ",\n".join(lua(json.dumps(r, ensure_ascii=False)) for r in rows) + "\n}\n")
    out.write("batch = " + lua("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n") + "\n")
PY

# wrk scripts: requests are prepared once (wrk.format) so the load generator spends its CPU on sending.
cat >"$WORK/common.lua" <<LUA
package.path = "$WORK/?.lua;" .. package.path
require "rows"
api_key = "$API_KEY"
done = function(summary, latency, requests)
    local seconds = summary.duration / 1e6
    local bad = summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout
    io.write(string.format("RESULT requests=%d seconds=%.3f rps=%.0f p50_us=%d p99_us=%d max_us=%d errors=%d\n",
        summary.requests, seconds, (summary.requests - bad) / seconds, latency:percentile(50), latency:percentile(99), latency.max, bad))
end
LUA
cat >"$WORK/single.lua" <<'LUA'
dofile(os.getenv("WORK") .. "/common.lua")
local prepared, n = {}, 0
init = function(args)
    for i, row in ipairs(rows) do
        prepared[i] = wrk.format("POST", "/api/v1/invoices", { ["Content-Type"] = "application/json", ["X-Api-Key"] = api_key }, row)
    end
    n = #prepared
end
local i = 0
request = function() i = i % n + 1; return prepared[i] end
LUA
cat >"$WORK/batch.lua" <<'LUA'
dofile(os.getenv("WORK") .. "/common.lua")
local prepared
init = function(args)
    prepared = wrk.format("POST", "/api/v1/invoices/batch", { ["Content-Type"] = "application/x-ndjson", ["X-Api-Key"] = api_key }, batch)
end
request = function() return prepared end
LUA
cat >"$WORK/alive.lua" <<'LUA'
dofile(os.getenv("WORK") .. "/common.lua")
LUA
export WORK

run_wrk() { # name script connections duration path
    local out
    out=$(wrk -t"$THREADS" -c"$3" -d"$4"s --timeout 10s -s "$WORK/$2" "$URL$5" 2>&1) || { echo "$out" >&2; exit 1; }
    echo "$out" >"$WORK/$1.wrk"
    echo "--- $1 ---" >&2; echo "$out" >&2
    grep '^RESULT' <<<"$out" | tail -1
}
field() { sed -E "s/.* $1=([0-9.]+).*/\1/" <<<"$2"; }

# Warm-up: JIT, connection pools, the producer's first metadata.
wrk -t"$THREADS" -c"$CONNECTIONS" -d5s -s "$WORK/single.lua" "$URL/api/v1/invoices" >/dev/null 2>&1 || true

baseline=$(run_wrk baseline alive.lua "$CONNECTIONS" 10 /alive)
single=$(run_wrk single single.lua "$CONNECTIONS" "$DURATION" /api/v1/invoices)
batch=$(run_wrk batch batch.lua "$BATCH_CONNECTIONS" "$DURATION" /api/v1/invoices/batch)

if [ "$(field errors "$single")" != 0 ] || [ "$(field errors "$batch")" != 0 ]; then
    echo "WARNING: some requests failed or did not answer 2xx (see the wrk output above)" >&2
fi
echo "BENCH ingest.baseline.rps=$(field rps "$baseline")"
echo "BENCH ingest.single.rps=$(field rps "$single")"
echo "BENCH ingest.single.p99_ms=$(awk -v us="$(field p99_us "$single")" 'BEGIN { printf "%.1f", us / 1000 }')"
echo "BENCH ingest.batch.docs_per_s=$(awk -v r="$(field rps "$batch")" 'BEGIN { printf "%.0f", r * 1000 }')"

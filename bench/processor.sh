#!/usr/bin/env bash
# Stream processor benchmark (issue 4). Not a test: figures depend on the machine.
#  1. Release builds of the emulators, the processor, the ingest API and bench/DocStream.Bench.
#  2. Kafka emulator (12-partition ingestion-topic) and MongoDB emulator (temp data dir) as processes.
#  3. Preloads the whole data set (541,909 real rows, ../shared/data/online-retail.csv.gz) into Kafka as the
#     API writes it (key InvoiceNo, JSON value, docstream-id header, zstd), then starts the processor and
#     measures draining it into MongoDB                                  -> BENCH processor.docs_per_s
#  4. Starts the ingest API and sends a steady 2,000 documents/s through it for 20 s; for each document, the
#     time from the API's acknowledgement to the document being readable in MongoDB (found by _id)
#                                                                        -> BENCH e2e.latency.p50_ms / p99_ms
#     The processor's own CPU over the drain (utime+stime from /proc, start-up included) per stored document
#                                                                        -> BENCH processor.cpu_us_per_doc
# Options (environment): RATE (2000), SECONDS_AT_RATE (20), BATCH (processor MaxBatchSize, 5000),
# DRAIN_ONLY=1 (stop after the drain: no latency phase), PROCESSOR_ENV="NAME=value ..." (runtime knobs for the
# processor process alone, e.g. DOTNET_gcServer=0, to compare settings without a rebuild).
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
RATE="${RATE:-2000}"
SECONDS_AT_RATE="${SECONDS_AT_RATE:-20}"
BATCH="${BATCH:-5000}"
DATA="$(cd .. && pwd)/shared/data/online-retail.csv.gz"
[ -f "$DATA" ] || { echo "data set not found: $DATA" >&2; exit 1; }
ROWS=541909

source bench/lib.sh
bench_init processor-bench

echo "== building (Release)"
for p in emulators/DocStream.KafkaEmulator emulators/DocStream.MongoEmulator DocStream.StreamProcessor DocStream.IngestApi bench/DocStream.Bench; do
  dotnet build "$p" -c Release -nologo -v:quiet >/dev/null
done
bin() { echo "$1/bin/Release/net10.0/$2.dll"; }

KAFKA_PORT=$(free_port); MONGO_PORT=$(free_port)
USER=bench; PASS=bench-secret-$$
MONGO_URL="mongodb://$USER:$PASS@127.0.0.1:$MONGO_PORT/docstreaming?authSource=admin"

echo "== emulators (Kafka :$KAFKA_PORT, MongoDB :$MONGO_PORT, data $WORK/mongo)"
dotnet "$(bin emulators/DocStream.KafkaEmulator DocStream.KafkaEmulator)" --port "$KAFKA_PORT" \
  --topic ingestion-topic:12 --topic ingestion-dead-letter:1 >"$WORK/kafka.log" 2>&1 &
PIDS+=($!)
dotnet "$(bin emulators/DocStream.MongoEmulator DocStream.MongoEmulator)" --port "$MONGO_PORT" --data-dir "$WORK/mongo" \
  --username "$USER" --password "$PASS" >"$WORK/mongo.log" 2>&1 &
PIDS+=($!)
wait_for_line "$WORK/kafka.log" "listening on" 30
wait_for_line "$WORK/mongo.log" "listening on" 30

BENCH="dotnet $(bin bench/DocStream.Bench DocStream.Bench)"
echo "== preloading $ROWS rows into Kafka"
$BENCH preload "127.0.0.1:$KAFKA_PORT" "$DATA"

echo "== processor: draining into MongoDB (MaxBatchSize $BATCH)"
ConnectionStrings__kafka="127.0.0.1:$KAFKA_PORT" ConnectionStrings__docstreaming="$MONGO_URL" \
  Processor__MaxBatchSize="$BATCH" Processor__InstanceId=bench Logging__LogLevel__Default=Warning \
  env ${PROCESSOR_ENV:-} dotnet "$(bin DocStream.StreamProcessor DocStream.StreamProcessor)" --urls http://127.0.0.1:0 >"$WORK/processor.log" 2>&1 &
PIDS+=($!)
PROCESSOR_PID=$!
$BENCH drain "$MONGO_URL" "$ROWS" 600 | tee "$WORK/drain.out"
kill -0 "$PROCESSOR_PID" || { echo "the processor died:" >&2; tail -30 "$WORK/processor.log" >&2; exit 1; }
# Fields 14 and 15 of /proc/<pid>/stat (after the parenthesised name): user and system time in clock ticks.
python3 -c 'import os,sys; f=open(f"/proc/{sys.argv[1]}/stat").read().rsplit(")",1)[1].split(); t=os.sysconf("SC_CLK_TCK"); print("BENCH processor.cpu_us_per_doc=%.1f" % ((int(f[11])+int(f[12]))/t*1e6/int(sys.argv[2])))' "$PROCESSOR_PID" "$ROWS"
[ "${DRAIN_ONLY:-0}" = 1 ] && exit 0

API_PORT=$(free_port); API_KEY="bench-api-key-$$-0123456789"
echo "== ingest API (:$API_PORT): $RATE documents/s for $SECONDS_AT_RATE s, acknowledgement -> readable in MongoDB"
ConnectionStrings__kafka="127.0.0.1:$KAFKA_PORT" Ingest__ApiKey="$API_KEY" Logging__LogLevel__Default=Warning \
  dotnet "$(bin DocStream.IngestApi DocStream.IngestApi)" --urls "http://127.0.0.1:$API_PORT" >"$WORK/api.log" 2>&1 &
PIDS+=($!)
for _ in $(seq 1 150); do curl -sf "http://127.0.0.1:$API_PORT/alive" >/dev/null 2>&1 && break; sleep 0.2; done
$BENCH latency "http://127.0.0.1:$API_PORT" "$API_KEY" "$MONGO_URL" "$DATA" "$RATE" "$SECONDS_AT_RATE"

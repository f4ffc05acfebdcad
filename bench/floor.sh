#!/usr/bin/env bash
# Floor benchmark (issue 16): the same data set through the same emulators with the least work possible, to compare
# bench/e2e.sh with. Not a test: figures depend on the machine.
#  1. Release builds of both emulators and bench/DocStream.Bench.Floor.
#  2. Kafka emulator (12-partition ingestion-topic) and MongoDB emulator (temp data dir) as processes.
#  3. The rows of ../shared/data/online-retail.csv.gz read into memory, then timed:
#     - every row as-is (its CSV bytes, no key) produced to ingestion-topic by one producer: acks=all, idempotent,
#       batching (linger 20 ms, 10,000 per batch), zstd as the API     -> BENCH floor.kafka.seconds
#     - insertMany of the same count of documents ({_id, row bytes}, batches of 5,000, 4 in flight, no secondary
#       index) into docstreaming.invoices                              -> BENCH floor.mongo.seconds
#     - their sum                                                      -> BENCH floor.seconds (and floor.docs)
# Options: SCALE=s or --scale s as bench/e2e.sh (below 1 the first rows; 2 the file twice under new ids); names
# other than scale 1 are floor.scale_S.*. The last floor.seconds is also written to FLOOR_FILE if set.
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
SCALE="${SCALE:-1}"
while [ $# -gt 0 ]; do
  case "$1" in
    SCALE=*) SCALE="${1#SCALE=}" ;;
    --scale) SCALE="$2"; shift ;;
    *) echo "unknown argument: $1" >&2; exit 2 ;;
  esac
  shift
done
DATA="$(cd .. && pwd)/shared/data/online-retail.csv.gz"
[ -f "$DATA" ] || DATA=/work/shared/data/online-retail.csv.gz
[ -f "$DATA" ] || { echo "data set not found: $DATA" >&2; exit 1; }

source bench/lib.sh
bench_init floor-bench

echo "== building (Release)"
for p in emulators/DocStream.KafkaEmulator emulators/DocStream.MongoEmulator bench/DocStream.Bench.Floor; do
  dotnet build "$p" -c Release -nologo -v:quiet >/dev/null
done
bin() { echo "$1/bin/Release/net10.0/$2.dll"; }

KAFKA_PORT=$(free_port); MONGO_PORT=$(free_port)
USER=bench; PASS=bench-secret-$$
MONGO_URL="mongodb://$USER:$PASS@127.0.0.1:$MONGO_PORT/docstreaming?authSource=admin"

echo "== emulators (Kafka :$KAFKA_PORT, MongoDB :$MONGO_PORT, data $WORK/mongo)"
dotnet "$(bin emulators/DocStream.KafkaEmulator DocStream.KafkaEmulator)" --port "$KAFKA_PORT" \
  --topic ingestion-topic:12 >"$WORK/kafka.log" 2>&1 &
PIDS+=($!)
dotnet "$(bin emulators/DocStream.MongoEmulator DocStream.MongoEmulator)" --port "$MONGO_PORT" --data-dir "$WORK/mongo" \
  --username "$USER" --password "$PASS" >"$WORK/mongo.log" 2>&1 &
PIDS+=($!)
wait_for_line "$WORK/kafka.log" "listening on" 30
wait_for_line "$WORK/mongo.log" "listening on" 30

echo "== floor (scale $SCALE)"
dotnet "$(bin bench/DocStream.Bench.Floor DocStream.Bench.Floor)" "127.0.0.1:$KAFKA_PORT" "$MONGO_URL" "$DATA" "$SCALE" | tee "$WORK/floor.out"
if [ -n "${FLOOR_FILE:-}" ]; then
  sed -nE 's/^BENCH floor(\.scale_[0-9.]+)?\.seconds=//p' "$WORK/floor.out" >"$FLOOR_FILE"
fi

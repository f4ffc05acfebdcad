#!/usr/bin/env bash
# MongoDB emulator load (issue 16): the stream processor's writes alone, to measure the emulator's CPU per document
# and whether it grows with the collection. Not a test: figures depend on the machine.
#  1. Release builds of the MongoDB emulator and bench/DocStream.Bench.MongoLoad.
#  2. For each scale: a fresh emulator process (temp data dir, SCRAM user); the processor's three indexes; then
#     scale x the data set (../shared/data/online-retail.csv.gz, read into memory first; above 1 the file again under
#     new ids) upserted as the processor writes: unordered bulk ReplaceOne upserts by _id of the stored shape (with
#     _meta), slices of 1,250, 4 in flight, w:majority.
#  3. Prints the emulator's CPU per document for each quarter of the data set written (segment lines), and
#     BENCH mongoload.scale_S.{docs,seconds,docs_per_s,cpu_us_per_doc.mongo}.
# Options: SCALE=list (default 0.25,2), e.g. SCALE=1 or SCALE=0.25,0.5,1,2; EMULATOR_ROOT=path of another checkout
# whose emulator to load (its Release build is made), for alternating runs against a base commit.
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
SCALES="${SCALE:-0.25,2}"
EMULATOR_ROOT="${EMULATOR_ROOT:-.}"
DATA="$(cd .. && pwd)/shared/data/online-retail.csv.gz"
[ -f "$DATA" ] || DATA=/work/shared/data/online-retail.csv.gz
[ -f "$DATA" ] || { echo "data set not found: $DATA" >&2; exit 1; }

source bench/lib.sh
bench_init mongoload-bench

echo "== building (Release)"
for p in "$EMULATOR_ROOT/emulators/DocStream.MongoEmulator" bench/DocStream.Bench.MongoLoad; do
  dotnet build "$p" -c Release -nologo -v:quiet >/dev/null
done
bin() { echo "$1/bin/Release/net10.0/$2.dll"; }
USER=bench; PASS=bench-secret-$$

for scale in ${SCALES//,/ }; do
  MONGO_PORT=$(free_port)
  rm -rf "$WORK/mongo"
  dotnet "$(bin "$EMULATOR_ROOT/emulators/DocStream.MongoEmulator" DocStream.MongoEmulator)" --port "$MONGO_PORT" --data-dir "$WORK/mongo" \
    --username "$USER" --password "$PASS" >"$WORK/mongo.log" 2>&1 &
  MONGO_PID=$!
  PIDS+=("$MONGO_PID")
  wait_for_line "$WORK/mongo.log" "listening on" 30 "$MONGO_PID"
  echo "== scale $scale (emulator pid $MONGO_PID, :$MONGO_PORT)"
  dotnet "$(bin bench/DocStream.Bench.MongoLoad DocStream.Bench.MongoLoad)" \
    "mongodb://$USER:$PASS@127.0.0.1:$MONGO_PORT/docstreaming?authSource=admin" "$DATA" "$scale" "$MONGO_PID"
  kill "$MONGO_PID"; wait "$MONGO_PID" 2>/dev/null || true
done

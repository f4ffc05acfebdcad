#!/usr/bin/env bash
# End-to-end benchmark (issue 6): the whole system on emulators (Release builds), the full data set
# (541,909 real rows) replayed through the real replayer, every row checked in MongoDB against the CSV.
# Prints BENCH e2e.full.{rows,stored,duplicates,missing,mismatched,seconds}. Not a test: figures vary by machine.
# Issue 16 adds:
#   BENCH e2e.cpu_us_per_doc.<process>  CPU (utime+stime from /proc, children included) of replayer, ingestapi,
#                                       processor, kafka and mongo (the emulators), dashboard, and .total, from the
#                                       replayer's start until every document is readable, per document stored
#   BENCH e2e.vs_floor                  e2e seconds / floor seconds, bench/floor.sh run first at the same scale
#                                       (FLOOR=0 skips it)
#   SCALE=s or --scale s                documents = s x the data set: below 1 its first rows, 2 the file twice
#                                       under new ids (1,083,818); a list (SCALE=0.25,0.5,1,2) runs each in turn.
#                                       Scales other than 1 print e2e.scale_S.* instead of e2e.full.* / e2e.*.
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 ASPIRE_ALLOW_UNSECURED_TRANSPORT=true
SCALES="${SCALE:-1}"
FLOOR="${FLOOR:-1}"
ARGS=()
while [ $# -gt 0 ]; do
  case "$1" in
    SCALE=*) SCALES="${1#SCALE=}" ;;
    --scale) SCALES="$2"; shift ;;
    *) ARGS+=("$1") ;;
  esac
  shift
done
dotnet build bench/DocStream.Bench.EndToEnd -c Release -nologo -v:quiet
# The AppHost installs Mongo Express (npm) on its first start; done here, once, so no run measures an npm install
# (about 50 CPU-s) beside the pipeline, and a run stopped before it finished cannot leave it to the next run.
if command -v node >/dev/null 2>&1; then
  node DocStream.AppHost/MongoExpress/start.mjs --install-only >/dev/null
fi
FLOOR_FILE="$(mktemp -t docstream-floor.XXXXXX)"
trap 'rm -f "$FLOOR_FILE"' EXIT
status=0
for scale in ${SCALES//,/ }; do
  floor_seconds=""
  # The floor is taken only for the whole file: with a file or row limit given, it would not be the same data.
  if [ "$FLOOR" = 1 ] && [ ${#ARGS[@]} -eq 0 ]; then
    FLOOR_FILE="$FLOOR_FILE" bench/floor.sh --scale "$scale"
    floor_seconds="$(cat "$FLOOR_FILE")"
  fi
  FLOOR_SECONDS="$floor_seconds" dotnet bench/DocStream.Bench.EndToEnd/bin/Release/net10.0/DocStream.Bench.EndToEnd.dll \
    "${ARGS[@]}" --scale "$scale" || status=$?
done
exit $status

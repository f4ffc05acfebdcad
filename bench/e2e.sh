#!/usr/bin/env bash
# End-to-end benchmark (issue 6): the whole system on emulators (Release builds), the full data set
# (541,909 real rows) replayed through the real replayer, every row checked in MongoDB against the CSV.
# Prints BENCH e2e.full.{rows,stored,duplicates,missing,mismatched,seconds}. Not a test: figures vary by machine.
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 ASPIRE_ALLOW_UNSECURED_TRANSPORT=true
dotnet build bench/DocStream.Bench.EndToEnd -c Release -nologo -v:quiet
dotnet bench/DocStream.Bench.EndToEnd/bin/Release/net10.0/DocStream.Bench.EndToEnd.dll "$@"

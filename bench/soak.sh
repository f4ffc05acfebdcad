#!/usr/bin/env bash
# Soak benchmark (issue 12): the whole AppHost on the emulators (Release), the replayer feeding a steady SOAK_RATE
# (2,000) new documents/s for SOAK_MINUTES (30), /health of every service probed once a second, the processor
# restarted with SIGTERM every SOAK_RESTART_MINUTES (5) and killed with SIGKILL once mid-run (SOAK_KILL_MINUTES),
# every process sampled every SOAK_SAMPLE_SECONDS (10). At the end every acknowledged document must be in MongoDB
# exactly once. Prints BENCH soak.* lines; writes the plot to SOAK_PLOT (docs/soak.svg) and the samples next to it
# (SOAK_SAMPLES, default docs/soak.csv). Not a test: figures vary by machine. Exit code 1 when a document was lost
# or stored twice.
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 ASPIRE_ALLOW_UNSECURED_TRANSPORT=true
dotnet build bench/DocStream.Bench.Soak -c Release -nologo -v:quiet
exec dotnet bench/DocStream.Bench.Soak/bin/Release/net10.0/DocStream.Bench.Soak.dll "$@"

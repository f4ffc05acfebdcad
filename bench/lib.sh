# Shared by the bench/*.sh scripts: a scratch folder, background processes that are always stopped,
# free ports and waiting for a log line. Source it after `cd` to the repo root.

# bench_init NAME: creates $WORK and stops everything in $PIDS (and removes $WORK) on exit.
bench_init() {
  WORK="$(mktemp -d -t "docstream-$1.XXXXXX")"
  PIDS=()
  trap bench_cleanup EXIT INT TERM
}

bench_cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$WORK"
}

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }

# wait_for_line FILE PATTERN SECONDS [PID]: until FILE holds PATTERN; fails after SECONDS or when PID exits.
wait_for_line() {
  local deadline=$((SECONDS + $3))
  until grep -q "$2" "$1" 2>/dev/null; do
    if [ $SECONDS -ge $deadline ]; then echo "timed out waiting for '$2' in $1:" >&2; tail -20 "$1" >&2; exit 1; fi
    if [ -n "${4:-}" ] && ! kill -0 "$4" 2>/dev/null; then echo "the process writing $1 exited:" >&2; tail -20 "$1" >&2; exit 1; fi
    sleep 0.2
  done
}

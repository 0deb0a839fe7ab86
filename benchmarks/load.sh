#!/usr/bin/env bash
# Load benchmark of issue 6: boots a throwaway appliance (fresh data directory, SoftHSM, H2, HTTPS on a free
# loopback port, rate limits lifted for 127.0.0.1), then runs LoadGenerator for both suites.
# Usage: benchmarks/load.sh [THREADS] [IDENTIFIERS] [SECONDS]    (defaults 8 200 30); BKV_LOAD_SUITES="P256-SHA256" for one suite;
#        BKV_LOAD_WARMUP=SECONDS of recoveries before the measured ones (default: as long as the measurement)
# Needs: mvn -B -pl appliance-image,benchmarks -am package -DskipTests (never install: stale jars in ~/.m2 poison other builds). Report figures in docs/PERFORMANCE.md.
# BKV_LAUNCHER=/path/bkv-launcher.jar runs another build (its bkv-appliance.jar beside it), for before/after runs.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
threads="${1:-8}"; identifiers="${2:-200}"; seconds="${3:-30}"
launcher="${BKV_LAUNCHER:-$here/appliance-image/target/bkv-launcher.jar}"
bench="$here/benchmarks/target/benchmarks.jar"
for jar in "$launcher" "$bench"; do
  [[ -f "$jar" ]] || { echo "load.sh: $jar is missing: run mvn -B -DskipTests package first" >&2; exit 2; }
done
data="$(mktemp -d /tmp/bkv-load.XXXXXX)"
port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
log="$data.log"
cleanup() { [[ -n "${up:-}" ]] && kill "$up" 2>/dev/null && wait "$up" 2>/dev/null; rm -rf "$data"; }
trap cleanup EXIT
BKV_API_RATE_LIMIT_EXEMPT=127.0.0.1 java -jar "$launcher" --data "$data/data" --https-port "$port" >"$log" 2>&1 &
up=$!
for _ in $(seq 1 480); do
  grep -q "BKV appliance ready" "$log" && break
  kill -0 "$up" 2>/dev/null || { cat "$log" >&2; exit 1; }
  sleep 0.5
done
grep -q "BKV appliance ready" "$log" || { echo "load.sh: appliance not ready" >&2; tail -40 "$log" >&2; exit 1; }
sleep 1
pin="$(grep -o 'TLS certificate SHA-256 [0-9A-F:]*' "$log" | awk '{print $4}')"
pid="$(pgrep -f "$data/data/run/system.properties" | head -1)"
echo "appliance pid $pid on https://127.0.0.1:$port (log $log); $(nproc) cores; load $(cut -d' ' -f1-3 /proc/loadavg)"
for suite in ${BKV_LOAD_SUITES:-P256-SHA256 ristretto255-SHA512}; do
  java -Dbkv.load.warmUpSeconds="${BKV_LOAD_WARMUP:-$seconds}" -cp "$bench" org.bkv.benchmarks.load.LoadGenerator "https://127.0.0.1:$port" "$pin" "$pid" "$suite" \
    "$threads" "$identifiers" "$seconds"
done

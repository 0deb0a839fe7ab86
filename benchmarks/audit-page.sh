#!/usr/bin/env bash
# The console's audit page over a big audit log, end to end (docs/PERFORMANCE.md, "Console"):
#   1. first boot of a throwaway appliance (the uber-jar through the launcher, as `bkv up` runs it: fresh data
#      directory, SoftHSM, H2, HTTPS on a free loopback port), then stop it;
#   2. append ROWS sequenced audit events to its H2 database (AuditPageLoad fill);
#   3. boot it again (the sequencer signs a head over the whole log) and run AuditPageLoad browse: headless Chromium
#      creates an administrator with the setup token and a security officer, signs the officer in, and times the audit
#      page's first load, page flips and filters with the browser's own timing.
# Usage: benchmarks/audit-page.sh [ROWS] [REPEATS]     (defaults 1000000 10; about 10 minutes with 1,000,000 rows)
# Build first (never `mvn install`):  mvn -B -pl appliance-image,benchmarks -am package -DskipTests
# BKV_AUDIT_PAGE_KEEP=1 keeps the work directory (data directory, logs) for a look afterwards.
# BKV_AUDIT_PAGE_DB=postgres runs the appliance on PostgreSQL (a throwaway database on 127.0.0.1:5432, trust
# authentication, user postgres; dropped at the end) instead of its default embedded H2.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
rows="${1:-1000000}"; repeats="${2:-10}"
launcher="$here/appliance-image/target/bkv-launcher.jar"
bench="$here/benchmarks/target/benchmarks.jar"
for jar in "$launcher" "$here/appliance-image/target/bkv-appliance.jar" "$bench"; do
  [[ -f "$jar" ]] || { echo "audit-page.sh: $jar is missing: mvn -B -pl appliance-image,benchmarks -am package -DskipTests" >&2; exit 2; }
done
for tool in /usr/bin/chromium /usr/bin/chromedriver; do
  [[ -x "$tool" ]] || { echo "audit-page.sh: $tool is missing: apt-get install -y chromium chromium-driver" >&2; exit 2; }
done
work="$(mktemp -d /tmp/bkv-audit-page.XXXXXX)"
data="$work/data"
port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
db_args=()
pgdb=""
if [[ "${BKV_AUDIT_PAGE_DB:-h2}" == postgres ]]; then
  pg_isready -q -h 127.0.0.1 -p 5432 || { echo "audit-page.sh: no PostgreSQL on 127.0.0.1:5432" >&2; exit 2; }
  pgdb="bkv_audit_page_$$"
  psql -q -h 127.0.0.1 -U postgres -c "CREATE DATABASE $pgdb" postgres
  printf 'trust-auth-ignores-it' >"$work/db.password"
  db_args=(--db-url "jdbc:postgresql://127.0.0.1:5432/$pgdb" --db-user postgres --db-password-file "$work/db.password")
fi
up=""
stop() {
  if [[ -n "$up" ]] && kill -0 "$up" 2>/dev/null; then
    kill -TERM "$up"; wait "$up" 2>/dev/null || true
  fi
  up=""
}
cleanup() {
  stop
  if [[ "${BKV_AUDIT_PAGE_KEEP:-0}" == 1 ]]; then
    echo "audit-page.sh: kept $work${pgdb:+ and database $pgdb}"
  else
    rm -rf "$work"
    [[ -z "$pgdb" ]] || psql -q -h 127.0.0.1 -U postgres -c "DROP DATABASE IF EXISTS $pgdb" postgres
  fi
}
trap cleanup EXIT

# Starts the appliance in the background; waits for its banner (the launcher checks /health/ready first).
boot() {
  local log="$1"
  java -jar "$launcher" --data "$data" --https-port "$port" "${db_args[@]}" >"$log" 2>&1 &
  up=$!
  for _ in $(seq 1 600); do
    grep -q "BKV appliance ready" "$log" && return 0
    kill -0 "$up" 2>/dev/null || { cat "$log" >&2; exit 1; }
    sleep 0.5
  done
  echo "audit-page.sh: appliance not ready in 300 s" >&2; tail -40 "$log" >&2; exit 1
}

echo "audit-page.sh: $(nproc) cores; $(uptime)"
echo "audit-page.sh: first boot in $data (port $port, database ${pgdb:-H2})"
boot "$work/boot1.log"
stop
echo "audit-page.sh: filling $rows events"
java -cp "$bench" org.bkv.benchmarks.audit.AuditPageLoad fill "$data" "$rows"
# The launcher's preflight binds without SO_REUSEADDR, so it refuses the port while the first run's connections sit in
# TIME_WAIT (up to a minute): wait for them to go.
for _ in $(seq 1 120); do
  python3 -c 'import socket,sys; s=socket.socket(socket.AF_INET6); s.bind(("::", int(sys.argv[1])))' "$port" 2>/dev/null && break
  sleep 1
done
echo "audit-page.sh: second boot"
t0=$(date +%s)
boot "$work/boot2.log"
echo "audit-page.sh: ready in $(( $(date +%s) - t0 )) s over the filled log"
token="$(grep -o 'setup token  [0-9a-f-]*' "$work/boot2.log" | awk '{print $3}')"
[[ -n "$token" ]] || { echo "audit-page.sh: no setup token in the banner" >&2; cat "$work/boot2.log" >&2; exit 1; }
java -cp "$bench" org.bkv.benchmarks.audit.AuditPageLoad browse "$data" "$port" "$token" "$repeats"
echo "audit-page.sh: $(uptime)"

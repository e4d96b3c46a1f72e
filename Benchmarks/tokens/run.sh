#!/usr/bin/env bash
# Token-service benchmark: client_credentials tokens/s over HTTP on loopback, with p50/p99
# latency, beside the same server's /healthz throughput measured in the same run.
#
#   Benchmarks/tokens/run.sh            # builds the release binary first (under the build lock)
#   LEASH_BIN=path/to/leash Benchmarks/tokens/run.sh   # uses an existing binary
#
# Knobs: DURATION (default 20s), CONNECTIONS (64), THREADS (wrk threads, 2), WARMUP (5s);
# LEASH_LOG_LEVEL is passed to the server (default info: one JSON log line per request).
# Needs wrk (apt-get install -y wrk), curl and python3. Everything runs on 127.0.0.1.
set -euo pipefail

cd "$(dirname "$0")/../.."
here="Benchmarks/tokens"
DURATION="${DURATION:-20s}"
CONNECTIONS="${CONNECTIONS:-64}"
THREADS="${THREADS:-2}"
WARMUP="${WARMUP:-5s}"

for tool in wrk curl python3; do
    command -v "$tool" >/dev/null 2>&1 || { echo "run.sh: $tool is missing (apt-get install -y $tool)" >&2; exit 2; }
done

if [ -z "${LEASH_BIN:-}" ]; then
    echo "== building release binary (swift build -c release --product leash)"
    flock /tmp/swiftbuild.lock swift build -c release --product leash
    LEASH_BIN=".build/release/leash"
fi

source "$here/lib.sh"
start_seeded_server "$LEASH_BIN"

run() { # NAME SCRIPT URL DURATION
    wrk -t"$THREADS" -c"$CONNECTIONS" -d"$4" --latency -s "$here/$2" "$3" >"$work/$1.txt"
    grep '^RESULT' "$work/$1.txt" | sed "s/^RESULT/$1/"
}
echo "== warm-up ($WARMUP each)"
run warmup-token token.lua "$base/oauth/token" "$WARMUP" >/dev/null
run warmup-healthz healthz.lua "$base/healthz" "$WARMUP" >/dev/null

echo "== wrk -t$THREADS -c$CONNECTIONS -d$DURATION on $(nproc) cores: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
echo "== binary $LEASH_BIN, log level ${LEASH_LOG_LEVEL:-info}, $(uptime | sed 's/.*load/load/') before the run"
token_line="$(run token token.lua "$base/oauth/token" "$DURATION")"
healthz_line="$(run healthz healthz.lua "$base/healthz" "$DURATION")"
echo "$token_line"
echo "$healthz_line"

field() { echo "$1" | tr ' ' '\n' | grep "^$2=" | cut -d= -f2; }
refused="$(field "$token_line" refused)"
[ "$refused" = 0 ] || echo "WARNING: $refused token requests were refused; tokens/s counts only issued tokens"
python3 - "$token_line" "$healthz_line" <<'PY'
import sys
def parse(line):
    name, *pairs = line.split()
    return {k: float(v) for k, v in (p.split("=") for p in pairs)}
t, h = parse(sys.argv[1]), parse(sys.argv[2])
issued_rps = (t["requests"] - t["refused"]) / t["seconds"]
print(f"tokens/s (issued): {issued_rps:,.0f}   p50 {t['p50_us']/1000:.2f} ms   p99 {t['p99_us']/1000:.2f} ms")
print(f"/healthz req/s:    {h['rps']:,.0f}   p50 {h['p50_us']/1000:.2f} ms   p99 {h['p99_us']/1000:.2f} ms")
print(f"ratio tokens/healthz: {issued_rps / h['rps'] * 100:.1f} %")
PY

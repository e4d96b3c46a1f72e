#!/usr/bin/env bash
# Decision-point benchmark: recorded decisions/s through /gateway/check (the nginx auth_request
# shape) over HTTP on loopback with p50/p99, beside the same server's /healthz in the same run;
# then a one-connection run for per-decision latency (wrk's round trip, and the engine's own
# `latency_us` of each recorded decision); then whether every decision was recorded.
#
#   Benchmarks/decisions/run.sh            # builds the release binary first (under the build lock)
#   LEASH_BIN=path/to/leash Benchmarks/decisions/run.sh   # uses an existing binary
#
# The estate: API "bench" imported from bench-openapi.yaml (6 operations), 4 identities with a
# client secret and grants, one access token each, POLICIES Cedar policies (policies.py; default
# 1,000). Each wrk thread cycles through every token × route pair (check.lua); every call is
# allowed (checked before the run), so Cedar is evaluated on every decision.
#
# Then the time from revoking a token to its first refused call (revocation.py), idle and under load.
#
# The throughput runs alternate: ROUNDS times (default 3) check for DURATION, then /healthz for
# DURATION, each round reported with its ratio, then the totals.
#
# PROFILE=DIR records `perf record -g` of the server during the first check run into DIR/check.perf.data.
#
# Knobs: DURATION (default 10s), ROUNDS (3), CONNECTIONS (64), THREADS (wrk threads, 2), WARMUP (5s),
# LATENCY_DURATION (10s), POLICIES (1000), REVOCATION_TRIALS (20); LEASH_LOG_LEVEL is passed to
# the server (default info).
# Needs wrk (apt-get install -y wrk), curl and python3. Everything runs on 127.0.0.1.
set -euo pipefail

cd "$(dirname "$0")/../.."
here="Benchmarks/decisions"
DURATION="${DURATION:-10s}"
ROUNDS="${ROUNDS:-3}"
CONNECTIONS="${CONNECTIONS:-64}"
THREADS="${THREADS:-2}"
WARMUP="${WARMUP:-5s}"
LATENCY_DURATION="${LATENCY_DURATION:-10s}"
POLICIES="${POLICIES:-1000}"

for tool in wrk curl python3; do
    command -v "$tool" >/dev/null 2>&1 || { echo "run.sh: $tool is missing (apt-get install -y $tool)" >&2; exit 2; }
done

if [ -z "${LEASH_BIN:-}" ]; then
    echo "== building release binary (swift build -c release --product leash)"
    flock /tmp/swiftbuild.lock swift build -c release --product leash
    LEASH_BIN=".build/release/leash"
fi

work="$(mktemp -d "${TMPDIR:-/tmp}/leash-decisions.XXXXXX")"
port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
base="http://127.0.0.1:${port}"
# 1,000 policies are ~150 KB of Cedar: above the default 64 KiB request body limit.
LEASH_MAX_BODY_SIZE="${LEASH_MAX_BODY_SIZE:-4194304}" "$LEASH_BIN" serve --listen "127.0.0.1:${port}" --data-dir "$work/data" >"$work/server.out" 2>"$work/server.err" </dev/null &
server_pid=$!
cleanup() {
    kill -TERM "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT

for _ in $(seq 1 300); do
    curl -fsS "$base/readyz" >/dev/null 2>&1 && break
    kill -0 "$server_pid" 2>/dev/null || { echo "run.sh: server exited"; cat "$work/server.err" >&2; exit 1; }
    sleep 0.1
done
admin_secret="$(grep -o 'leash_adm_[A-Za-z0-9]*' "$work/server.out" | head -n 1)"
[ -n "$admin_secret" ] || { echo "run.sh: no bootstrap admin secret printed" >&2; exit 1; }
export LEASH_SERVER="$base" LEASH_ADMIN_TOKEN="$admin_secret"

admin() { # METHOD PATH JSON -> response body
    curl -fsS -X "$1" "$base$2" -H "Authorization: Bearer $admin_secret" \
        -H 'Content-Type: application/json' --data "$3"
}
audience="https://bench.example.test"
"$LEASH_BIN" api import "$here/bench-openapi.yaml" --name bench --audience "$audience" --owner bench >"$work/import.out"
python3 "$here/policies.py" "$work/policies" --count "$POLICIES"
"$LEASH_BIN" policy push "$work/policies" --message "decision benchmark: $POLICIES policies" >"$work/push.out"

tokens=""
for n in 1 2 3 4; do
    id="svc-bench-$n"
    admin POST /v1/identities "{\"id\":\"$id\",\"kind\":\"service\",\"name\":\"$id\",\"owner\":\"bench\",\"purpose\":\"benchmark client\",\"tenant\":\"bench\"}" >/dev/null
    secret="$(admin POST "/v1/identities/$id/credentials" '{"type":"client_secret"}' |
        python3 -c 'import json,sys; print(json.load(sys.stdin)["secret"])')"
    for scope in items:read items:write stock:read; do
        admin POST /v1/grants "{\"identityId\":\"$id\",\"api\":\"bench\",\"scope\":\"$scope\"}" >/dev/null
    done
    token=""
    for _ in $(seq 1 100); do # admin writes reach the token service through the change feed
        token="$(curl -sS -u "$id:$secret" "$base/oauth/token" -d grant_type=client_credentials \
            --data-urlencode "resource=$audience" --data-urlencode "scope=items:read items:write stock:read" |
            python3 -c 'import json,sys; print(json.load(sys.stdin).get("access_token",""))')"
        [ -n "$token" ] && break
        sleep 0.05
    done
    [ -n "$token" ] || { echo "run.sh: $id could not get a token" >&2; exit 1; }
    tokens="$tokens $token"
    [ "$n" = 1 ] && first_secret="$secret"
done
export LEASH_BENCH_TOKENS="$tokens"
export LEASH_BENCH_ROUTES="GET /items,POST /items,GET /items/42,PUT /items/7,GET /items/42/history?from=2026-01-01,GET /warehouses/north/stock"

# Every token × route once by hand first: the benchmark is worthless unless each is allowed.
sent_by_hand=0
for token in $LEASH_BENCH_TOKENS; do
    IFS=',' read -ra routes <<<"$LEASH_BENCH_ROUTES"
    for route in "${routes[@]}"; do
        status="$(curl -sS -o "$work/check.out" -w '%{http_code}' "$base/gateway/check" -H "Authorization: Bearer $token" \
            -H "X-Original-Method: ${route%% *}" -H "X-Original-URI: ${route#* }")"
        sent_by_hand=$((sent_by_hand + 1))
        [ "$status" = 200 ] || { echo "run.sh: $route answered $status: $(cat "$work/check.out")" >&2; exit 1; }
    done
done

run() { # NAME SCRIPT URL DURATION [THREADS CONNECTIONS]
    wrk -t"${5:-$THREADS}" -c"${6:-$CONNECTIONS}" -d"$4" --latency -s "$2" "$3" >"$work/$1.txt"
    grep '^RESULT' "$work/$1.txt" | sed "s/^RESULT/$1/"
}
echo "== warm-up ($WARMUP each)"
warm_line="$(run warmup-check "$here/check.lua" "$base/gateway/check" "$WARMUP")"
run warmup-healthz Benchmarks/tokens/healthz.lua "$base/healthz" "$WARMUP" >/dev/null

echo "== $ROUNDS rounds of wrk -t$THREADS -c$CONNECTIONS -d$DURATION (check, then /healthz) on $(nproc) cores: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
echo "== binary $LEASH_BIN, $POLICIES policies, log level ${LEASH_LOG_LEVEL:-info}, $(uptime | sed 's/.*load/load/') before the run"
# Server CPU time per request (user + system ticks from /proc), which depends far less than
# requests/s on what else the machine is doing; PROFILE=DIR also records `perf record -g` of the check run.
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$server_pid/stat"; }
since_ms="$(python3 -c 'import time; print(int(time.time() * 1000))')"
# ROUNDS alternations of check then /healthz, so both see the same machine: the ratio of each round,
# and of the totals, is what the machine's noise (other tenants, frequency) disturbs least.
check_lines=""
healthz_lines=""
check_ticks=0
healthz_ticks=0
for round in $(seq 1 "$ROUNDS"); do
    [ -n "${PROFILE:-}" ] && [ "$round" = 1 ] && { mkdir -p "$PROFILE"; perf record -F 999 -g -o "$PROFILE/check.perf.data" -p "$server_pid" >/dev/null 2>&1 & perf_pid=$!; }
    ticks_0="$(cpu_ticks)"
    line="$(run "check-$round" "$here/check.lua" "$base/gateway/check" "$DURATION")"
    ticks_1="$(cpu_ticks)"
    [ -n "${PROFILE:-}" ] && [ "$round" = 1 ] && { kill -INT "$perf_pid"; wait "$perf_pid" || true; }
    hline="$(run "healthz-$round" Benchmarks/tokens/healthz.lua "$base/healthz" "$DURATION")"
    ticks_2="$(cpu_ticks)"
    echo "$line"
    echo "$hline"
    check_lines="$check_lines$line;"
    healthz_lines="$healthz_lines$hline;"
    check_ticks=$((check_ticks + ticks_1 - ticks_0))
    healthz_ticks=$((healthz_ticks + ticks_2 - ticks_1))
done
echo "== one connection, $LATENCY_DURATION (per-decision latency), $(uptime | sed 's/.*load/load/')"
latency_from_ms="$(python3 -c 'import time; print(int(time.time() * 1000))')"
latency_line="$(run latency "$here/check.lua" "$base/gateway/check" "$LATENCY_DURATION" 1 1)"
latency_to_ms="$(python3 -c 'import time; print(int(time.time() * 1000))')"
echo "$latency_line"

# Revocation: one thread hammers a token while it is revoked (see revocation.py). `leash revoke`
# is timed when the binary has it; POST /v1/revocations always.
via="api"
"$LEASH_BIN" --help | grep -Eq '^ +revoke( |$)' && via="cli,api"
echo "== revocation ($via, ${REVOCATION_TRIALS:-20} trials each), $(uptime | sed 's/.*load/load/')"
revocation_out="$(LEASH_BIN="$LEASH_BIN" python3 "$here/revocation.py" --client svc-bench-1 --secret "$first_secret" \
    --audience "$audience" --route "GET /items/42" --trials "${REVOCATION_TRIALS:-20}" --via "$via")"
echo "$revocation_out" | grep -v '^REVOCATION_CALLS'
revocation_calls="$(echo "$revocation_out" | awk '/^REVOCATION_CALLS/ {print $2}')"

# The same through POST /v1/revocations while wrk loads the check route (-t1 -c32): the revocation
# then competes for the CPU and for the store's writer with the decision records being written.
echo "== revocation under load (api, ${REVOCATION_TRIALS:-20} trials, wrk -t1 -c32 on /gateway/check meanwhile)"
wrk -t1 -c32 -d600s -s "$here/check.lua" "$base/gateway/check" >/dev/null 2>&1 &
load_pid=$!
sleep 2
loaded_out="$(LEASH_BIN="$LEASH_BIN" python3 "$here/revocation.py" --client svc-bench-1 --secret "$first_secret" \
    --audience "$audience" --route "GET /items/42" --trials "${REVOCATION_TRIALS:-20}" --via api)"
kill -INT "$load_pid" 2>/dev/null || true
wait "$load_pid" 2>/dev/null || true
echo "$loaded_out" | grep -v '^REVOCATION_CALLS'
revocation_calls=$((revocation_calls + $(echo "$loaded_out" | awk '/^REVOCATION_CALLS/ {print $2}')))

# What the server counted: gateway requests it answered (Hummingbird's hb_requests) and records written.
sleep 2
curl -fsS "$base/metrics" >"$work/metrics.txt"
kill -TERM "$server_pid"
wait "$server_pid" || { echo "run.sh: leash serve did not exit cleanly after SIGTERM" >&2; exit 1; }

python3 - "$work" "$((sent_by_hand + revocation_calls))" "$warm_line" "$check_lines" "$healthz_lines" "$latency_line" \
    "$since_ms" "$latency_from_ms" "$latency_to_ms" "$(( check_ticks * 1000000 / $(getconf CLK_TCK) ))" \
    "$(( healthz_ticks * 1000000 / $(getconf CLK_TCK) ))" <<'PY'
import re, sqlite3, statistics, sys
work, by_hand = sys.argv[1], int(sys.argv[2])
check_cpu_us, healthz_cpu_us = int(sys.argv[10]), int(sys.argv[11])
def parse(line):
    name, *pairs = line.split()
    return {k: float(v) for k, v in (p.split("=") for p in pairs)}
warm, lat = parse(sys.argv[3]), parse(sys.argv[6])
checks = [parse(x) for x in sys.argv[4].split(";") if x.strip()]
healths = [parse(x) for x in sys.argv[5].split(";") if x.strip()]
since, lat_from, lat_to = (int(x) for x in sys.argv[7:10])

for run in [warm, lat, *checks]:
    if run["refused"] or run["socket_errors"]:
        print(f"WARNING: {run['refused']:.0f} refused, {run['socket_errors']:.0f} socket errors in a gateway run")
for n, (c, h) in enumerate(zip(checks, healths), 1):
    print(f"round {n}: decisions {c['rps']:,.0f}/s (p50 {c['p50_us']/1000:.2f} ms, p99 {c['p99_us']/1000:.2f} ms), "
          f"/healthz {h['rps']:,.0f}/s (p99 {h['p99_us']/1000:.2f} ms): {c['rps'] / h['rps'] * 100:.1f} %")
c_requests = sum(c["requests"] for c in checks)
h_requests = sum(h["requests"] for h in healths)
rps = c_requests / sum(c["seconds"] for c in checks)
h_rps = h_requests / sum(h["seconds"] for h in healths)
p99s = sorted(c["p99_us"] for c in checks)
print(f"decisions/s (all allowed, each recorded, {len(checks)} rounds): {rps:,.0f}   "
      f"p50 {statistics.median(c['p50_us'] for c in checks)/1000:.2f} ms   p99 {statistics.median(p99s)/1000:.2f} ms (median of rounds; worst {p99s[-1]/1000:.2f} ms)")
print(f"/healthz req/s ({len(healths)} rounds):                           {h_rps:,.0f}   "
      f"p99 {statistics.median(h['p99_us'] for h in healths)/1000:.2f} ms (median of rounds)")
round_ratios = ", ".join(f"{c['rps'] / h['rps'] * 100:.1f}" for c, h in zip(checks, healths))
print(f"ratio decisions/healthz: {rps / h_rps * 100:.1f} % (totals; rounds {round_ratios} %)")
print(f"server CPU per request: check {check_cpu_us / c_requests:.0f} µs, /healthz {healthz_cpu_us / h_requests:.0f} µs "
      f"(CPU time of the leash process during the runs ÷ requests completed)")
print(f"one connection: {lat['rps']:,.0f} decisions/s, round trip p50 {lat['p50_us']/1000:.3f} ms   p99 {lat['p99_us']/1000:.3f} ms")

metrics = open(f"{work}/metrics.txt").read()
answered = sum(float(m.group(1)) for m in re.finditer(r'^hb_requests\{[^}]*/gateway/check[^}]*\} (\S+)$', metrics, re.M))
written = sum(float(m.group(1)) for m in re.finditer(r'^leash_decision_records_written_total(?:\{[^}]*\})? (\S+)$', metrics, re.M))
db = sqlite3.connect(f"file:{work}/data/leash.sqlite?mode=ro", uri=True)
rows = db.execute("SELECT count(*) FROM decision_records").fetchone()[0]
completed = by_hand + warm["requests"] + c_requests + lat["requests"]
print(f"gateway requests: completed by the clients {completed:,.0f} (without the load during the revocation trials, which wrk "
      f"does not count once stopped); answered by the server (hb_requests) {answered:,.0f}; "
      f"records written (metric, before SIGTERM) {written:,.0f}; rows in decision_records after SIGTERM {rows:,}")
lost = answered - rows if answered else completed - rows
print(f"records lost: {max(0, lost):,.0f}" + ("" if answered else " (no hb_requests metric: compared with the clients' count)"))

# The engine's own time per decision (`latency_us` of each record) in the one-connection run.
engine = [r[0] for r in db.execute(
    "SELECT latency_us FROM decision_records WHERE time >= ? AND time <= ? ORDER BY latency_us", (lat_from, lat_to))]
if engine:
    q = statistics.quantiles(engine, n=100, method="inclusive")
    print(f"in-process decision (engine latency_us, one connection, {len(engine):,} decisions): p50 {q[49]:.0f} µs   p99 {q[98]:.0f} µs")
loaded = [r[0] for r in db.execute(
    "SELECT latency_us FROM decision_records WHERE time >= ? AND time < ? ORDER BY latency_us", (since, lat_from))]
if loaded:
    q = statistics.quantiles(loaded, n=100, method="inclusive")
    print(f"in-process decision (engine latency_us, under the {c_requests:,.0f}-request load, /healthz rounds included in the window): p50 {q[49]:.0f} µs   p99 {q[98]:.0f} µs")
PY

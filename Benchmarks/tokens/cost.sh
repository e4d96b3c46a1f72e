#!/usr/bin/env bash
# Server CPU per request: the token route beside /healthz, measured from outside the server.
#
#   LEASH_BIN=.build/release/leash Benchmarks/tokens/cost.sh
#   PROFILE=DIR LEASH_BIN=... Benchmarks/tokens/cost.sh    # also `perf record -g` each route into DIR
#
# For each route: warm up, then run wrk (-t2 -c64, like run.sh) for DURATION (default 10s) and read
# the server's user and system CPU time from /proc/<pid>/stat before and after; CPU time ÷ requests
# answered is the server's cost per request. Unlike requests per second, this hardly depends on what
# else the machine is doing (it still rises somewhat under contention: caches, frequency).
# LEASH_LOG_LEVEL is passed to the server (default info). Needs wrk, curl, python3 (perf for PROFILE).
set -euo pipefail

cd "$(dirname "$0")/../.."
here="Benchmarks/tokens"
DURATION="${DURATION:-10s}"
CONNECTIONS="${CONNECTIONS:-64}"
THREADS="${THREADS:-2}"
: "${LEASH_BIN:?set LEASH_BIN to a release build of leash}"
for tool in wrk curl python3; do
    command -v "$tool" >/dev/null 2>&1 || { echo "cost.sh: $tool is missing (apt-get install -y $tool)" >&2; exit 2; }
done
source "$here/lib.sh"
start_seeded_server "$LEASH_BIN"

cpu_ticks() { # user and system clock ticks of the server (fields 14 and 15 of /proc/PID/stat)
    awk '{ print $14, $15 }' "/proc/$server_pid/stat"
}
ticks_per_second="$(getconf CLK_TCK)"

echo "== $LEASH_BIN, log level ${LEASH_LOG_LEVEL:-info}, wrk -t$THREADS -c$CONNECTIONS -d$DURATION, $(uptime | sed 's/.*load/load/')"
for route in token healthz; do
    path="/oauth/token"; [ "$route" = healthz ] && path="/healthz"
    wrk -t"$THREADS" -c"$CONNECTIONS" -d3s -s "$here/$route.lua" "$base$path" >/dev/null
    if [ -n "${PROFILE:-}" ]; then
        mkdir -p "$PROFILE"
        perf record -F 999 -g -o "$PROFILE/$route.perf.data" -p "$server_pid" >/dev/null 2>&1 &
    else
        # System calls and context switches of the server (perf, when it can read tracepoints).
        perf stat -x, -o "$work/$route.stat" -e raw_syscalls:sys_enter,context-switches -p "$server_pid" >/dev/null 2>&1 &
    fi
    perf_pid=$!
    read -r user_before sys_before < <(cpu_ticks)
    /usr/bin/time -f '%U %S' -o "$work/$route.wrktime" \
        wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" -s "$here/$route.lua" "$base$path" >"$work/$route.txt"
    read -r user_after sys_after < <(cpu_ticks)
    kill -INT "$perf_pid" 2>/dev/null || true
    wait "$perf_pid" 2>/dev/null || true
    python3 - "$route" "$(grep '^RESULT' "$work/$route.txt")" "$((user_after - user_before))" "$((sys_after - sys_before))" \
        "$ticks_per_second" "$(cat "$work/$route.wrktime")" "$work/$route.stat" <<'PY'
import os, sys
route, line, user, system, hz, wrk_time, stat = sys.argv[1:8]
user, system, hz = int(user), int(system), int(hz)
fields = {k: float(v) for k, v in (p.split("=") for p in line.split()[1:])}
n = fields["requests"]
us = lambda ticks: ticks / hz * 1e6 / n
wrk_user, wrk_sys = (float(x) for x in wrk_time.split()[-2:])
extra = ""
if os.path.exists(stat):
    for row in open(stat):
        parts = row.strip().split(",")
        if len(parts) > 2 and parts[0].replace(".", "").isdigit():
            extra += f", {float(parts[0]) / n:.2f} {parts[2]}/request"
print(f"{route:8} {n:9,.0f} requests ({fields['rps']:,.0f}/s, {fields['refused']:.0f} refused): "
      f"server CPU {us(user + system):6.1f} µs/request (user {us(user):5.1f}, system {us(system):5.1f}); "
      f"wrk CPU {(wrk_user + wrk_sys) * 1e6 / n:5.1f} µs/request{extra}")
PY
done

#!/usr/bin/env bash
# Cedar authorizer latency: Swift (release build) vs cedarpy (Cedar's Rust engine), in one run,
# on the same policies, entities and requests, at 10, 1,000 and 10,000 policies (~1,000 entities).
# Prints a Markdown table with ratios (see BENCHMARKS.md for what each figure includes).
#
#   Benchmarks/Cedar/run.sh            # all sizes
#   CEDAR_BENCH_SIZES="10 1000" Benchmarks/Cedar/run.sh
#
# Needs: Swift 6.3, python3 with cedarpy (pip install -r Tests/requirements.txt).
set -euo pipefail
cd "$(dirname "$0")"
HERE="$(pwd)"
WORK="${CEDAR_BENCH_DIR:-$HERE/.build/workloads}"
SIZES="${CEDAR_BENCH_SIZES:-10 1000 10000}"

SWIFT=(swift)
if command -v flock >/dev/null 2>&1; then SWIFT=(flock "${SWIFT_BUILD_LOCK:-/tmp/swiftbuild.lock}" swift); fi
"${SWIFT[@]}" build -c release --product CedarBenchmark >&2
BIN="$(swift build -c release --show-bin-path)/CedarBenchmark"

mkdir -p "$WORK"
results="$WORK/results.jsonl"
: > "$results"
for n in $SIZES; do
    # Fewer requests and rounds where every decision visits thousands of policies (cedarpy, plain scan).
    if [ "$n" -ge 10000 ]; then requests=500; py_rounds=2; plain=200;
    elif [ "$n" -ge 1000 ]; then requests=1000; py_rounds=2; plain=1000;
    else requests=1000; py_rounds=5; plain=1000; fi
    python3 workload.py "$WORK/$n" --policies "$n" --requests "$requests"
    echo "policies=$n: swift..." >&2
    swift_json="$("$BIN" "$WORK/$n" --rounds 20 --plain-requests "$plain")"
    echo "policies=$n: cedarpy..." >&2
    py_json="$(python3 bench_cedarpy.py "$WORK/$n" --rounds "$py_rounds")"
    printf '{"swift": %s, "cedarpy": %s}\n' "$swift_json" "$py_json" >> "$results"
done
python3 table.py "$results"

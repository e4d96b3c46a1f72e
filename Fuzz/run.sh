#!/usr/bin/env bash
# Builds the Cedar libFuzzer target with AddressSanitizer and runs it.
#
#   Fuzz/run.sh [SECONDS] [extra libFuzzer flags...]     (default 600 seconds)
#
# Seed corpus: the conformance data's .cedar files, copied into a temporary folder at run time
# (CEDAR_CONFORMANCE_DIR, default ../shared/cedar-conformance beside the repository). Crash
# reproducers go to Fuzz/.build/fuzz-artifacts/; rerun one with `$BIN FILE`.
set -euo pipefail
cd "$(dirname "$0")"
RUN_SECONDS="${1:-600}"
shift || true
CONFORMANCE="${CEDAR_CONFORMANCE_DIR:-../../shared/cedar-conformance}"

SWIFT=(swift)
if command -v flock >/dev/null 2>&1; then SWIFT=(flock "${SWIFT_BUILD_LOCK:-/tmp/swiftbuild.lock}" swift); fi
# SwiftPM's --sanitize=fuzzer links libFuzzer (and keeps `main` for it) but, on Linux with Swift 6.3,
# does not add coverage instrumentation to the Cedar library; -Xswiftc -sanitize=fuzzer,address does.
FLAGS=(-c debug --sanitize=fuzzer --sanitize=address -Xswiftc -sanitize=fuzzer,address)
"${SWIFT[@]}" build "${FLAGS[@]}" >&2
BIN="$(swift build "${FLAGS[@]}" --show-bin-path)/CedarFuzz"

corpus="$(mktemp -d "${TMPDIR:-/tmp}/cedar-fuzz-corpus.XXXXXX")"
trap 'rm -rf "$corpus"' EXIT
if [ -d "$CONFORMANCE" ]; then
    find "$CONFORMANCE" -name '*.cedar' -exec cp {} "$corpus/" \;
else
    echo "Fuzz/run.sh: no conformance data at $CONFORMANCE; starting from an empty corpus" >&2
fi
mkdir -p .build/fuzz-artifacts
# The evaluator bounds recursion by comparing stack addresses; ASan's fake stacks (detect_stack_use_after_return,
# on by default) put frames on the heap, which makes that guard misfire at random ("nested too deeply").
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_stack_use_after_return=0}"
echo "corpus: $(ls "$corpus" | wc -l) files; running ${RUN_SECONDS}s" >&2
"$BIN" "$corpus" -dict=cedar.dict -max_total_time="$RUN_SECONDS" -max_len=4096 -timeout=10 \
    -rss_limit_mb=4096 -print_final_stats=1 -artifact_prefix=.build/fuzz-artifacts/ "$@"

#!/usr/bin/env bash
# Analysis benchmark (issue 5): `leash analyze` over 10,000,000 decision records of 10,000 identities
# in a real SQLite data directory. Target: under 60 s and under 1 GiB of memory.
#
#   Benchmarks/analysis/run.sh                 # generate once (minutes), then time the analysis
#   RECORDS=1000000 IDENTITIES=1000 DATA=/tmp/small Benchmarks/analysis/run.sh
#
# The data directory is kept between runs (delete it to regenerate). The analysis is timed with
# /usr/bin/time -v (wall clock and maximum resident set size) on a release build.
set -euo pipefail
cd "$(dirname "$0")/../.."
RECORDS=${RECORDS:-10000000}
IDENTITIES=${IDENTITIES:-10000}
DATA=${DATA:-/tmp/leash-analysis-bench}
WINDOW=${WINDOW:-90d}
BIN=.build/release/leash

if [ ! -x "$BIN" ]; then
    flock /tmp/swiftbuild.lock swift build -c release --product leash
fi
if [ ! -f "$DATA/leash.sqlite" ]; then
    echo "generating $RECORDS records for $IDENTITIES identities into $DATA"
    /usr/bin/time -f "generated in %e s, max RSS %M KiB" "$BIN" analyze generate --data-dir "$DATA" \
        --records "$RECORDS" --identities "$IDENTITIES"
fi
echo "machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), database $(du -sh "$DATA" | cut -f1)"
/usr/bin/time -v "$BIN" analyze --data-dir "$DATA" --window "$WINDOW" --json --no-progress \
    > "$DATA/report.json" 2> "$DATA/time.txt" || { cat "$DATA/time.txt"; exit 1; }
grep -E "Elapsed \(wall clock\)|Maximum resident set size|User time|System time" "$DATA/time.txt"
python3 - "$DATA/report.json" <<'PY'
import json, sys, collections
report = json.load(open(sys.argv[1]))
counts = collections.Counter(f["type"] for f in report["findings"])
print(f"records read {report['recordsRead']:,}, in window {report['recordsInWindow']:,}, "
      f"identities {report['identities']:,}, findings {len(report['findings']):,}")
print("by type: " + ", ".join(f"{t} {n}" for t, n in sorted(counts.items())))
PY

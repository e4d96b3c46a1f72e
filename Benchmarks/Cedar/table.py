"""Prints run.sh's results (JSON lines) as a Markdown table with ratios."""
import json
import sys

rows = [json.loads(line) for line in open(sys.argv[1]) if line.strip()]
print("| policies | requests | Swift indexed p50 / p99 (µs) | cedarpy engine p50 / p99 (µs) | cedarpy ÷ Swift p50 / p99 "
      "| Swift plain scan p50 / p99 (µs) | cedarpy per call p50 / p99 (µs) | cedarpy batch mean (µs) | candidates/request | same decisions |")
print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|:---:|")
for r in rows:
    s, p = r["swift"], r["cedarpy"]
    ratio50 = p["engine_p50_us"] / s["indexed_p50_us"] if s["indexed_p50_us"] else float("inf")
    ratio99 = p["engine_p99_us"] / s["indexed_p99_us"] if s["indexed_p99_us"] else float("inf")
    same = "yes" if s["decisions"] == p["decisions"] else f"NO ({int(s['allow'])} vs {p['allow']} allows)"
    print(f"| {int(s['policies']):,} | {int(s['requests']):,} | {s['indexed_p50_us']:.2f} / {s['indexed_p99_us']:.2f} "
          f"| {p['engine_p50_us']} / {p['engine_p99_us']} | {ratio50:,.1f}× / {ratio99:,.1f}× "
          f"| {s['plain_p50_us']:.2f} / {s['plain_p99_us']:.2f} | {p['call_p50_us']:.1f} / {p['call_p99_us']:.1f} "
          f"| {p['batch_mean_us']:.1f} | {s['mean_candidates']:.1f} | {same} |")
    if s["decisions"] != p["decisions"]:
        sys.exit("Swift and cedarpy disagree on some decisions of this workload")

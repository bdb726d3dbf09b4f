#!/usr/bin/env bash
# Per-phase timing of one training step, DJL (PhaseProbe, trainer and lean update) and PyTorch
# (pytorch/phases.py) alternating for ROUNDS rounds, then the medians of wall and CPU time per phase.
# Uses the jar built by run.sh.
#   THREADS=1 benchmarks/tools/phases.sh
#   THREADS=2 OMP_WAIT_POLICY=PASSIVE ROUNDS=5 MODELS=cnn7 benchmarks/tools/phases.sh
set -euo pipefail
bench="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$bench/.."
ROUNDS="${ROUNDS:-3}"
THREADS="${THREADS:-2}"
MODELS="${MODELS:-cnn7,cnn7-nobn,mlp}"
STEPS="${STEPS:---warmup 3 --steps 10}"
out="$(mktemp)"
for round in $(seq 1 "$ROUNDS"); do
  for update in trainer lean; do
    echo "{\"load1\": $(cut -d' ' -f1 /proc/loadavg), \"round\": $round}" >> "$out"
    # shellcheck disable=SC2086
    java -Dorg.slf4j.simpleLogger.defaultLogLevel=error -Dai.djl.offline=true \
      -Dai.djl.pytorch.num_threads="$THREADS" -Dai.djl.pytorch.num_interop_threads="$THREADS" \
      -cp benchmarks/target/benchmarks.jar io.github.prcv2021.bench.PhaseProbe \
      --model "$MODELS" --update "$update" $STEPS | grep '^{' >> "$out"
  done
  echo "{\"load1\": $(cut -d' ' -f1 /proc/loadavg), \"round\": $round}" >> "$out"
  # shellcheck disable=SC2086
  /usr/bin/python3 benchmarks/pytorch/phases.py --model "$MODELS" --threads "$THREADS" $STEPS >> "$out"
done
/usr/bin/python3 - "$out" "$THREADS" <<'PY'
import collections, json, statistics, sys
rows, loads = collections.defaultdict(list), []
for line in open(sys.argv[1]):
    r = json.loads(line)
    if "load1" in r:
        loads.append(r["load1"]); continue
    rows[(r["model"], r["side"] + ("/" + r["update"] if "update" in r else ""))].append(r)
keys = ["forward", "loss", "backward", "update", "total", "cpu"]
print(f"threads {sys.argv[2]}, OMP_WAIT_POLICY={__import__('os').environ.get('OMP_WAIT_POLICY', 'unset')}, "
      f"load1 {min(loads):.1f}-{max(loads):.1f}; medians over {len(next(iter(rows.values())))} runs, ms per step")
print("| model | side | " + " | ".join(keys) + " |")
print("|---|---|" + "---:|" * len(keys))
for (model, side), rs in sorted(rows.items()):
    print(f"| {model} | {side} | " + " | ".join(f"{statistics.median(r[k + '_ms'] for r in rs):.1f}" for k in keys) + " |")
PY
rm -f "$out"

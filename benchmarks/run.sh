#!/usr/bin/env bash
# Builds the library and the benchmark jar, then measures every JMH benchmark and its PyTorch peer
# interleaved (per model: DJL, then PyTorch) in rounds under each configuration, and writes
# benchmarks/results/latest.json and the "Results" section of benchmarks/README.md.
#
#   benchmarks/run.sh                      # full run: 3 rounds x 2 configurations
#   ROUNDS=1 MODELS=cnn7 benchmarks/run.sh # a quick look
#
# Environment (all optional):
#   ROUNDS    interleaved rounds per configuration (default 3); the table shows medians over rounds
#   THREADS   intra-op = inter-op threads for both sides (default 2)
#   CONFIGS   space-separated configurations, each NAME or NAME:VAR=VALUE,VAR=VALUE; the variables
#             go into the environment of both sides, except THREADS=N which sets the thread count
#             of that configuration (default "spin passive:OMP_WAIT_POLICY=PASSIVE
#             one-thread:THREADS=1"; "spin" keeps OpenMP's default wait policy, which spins)
#   MODELS    comma-separated models of BenchModels (default cnn7,cnn7-nobn,mlp,resnet44) for the
#             benchmarks that list no models of their own; each model is measured on both sides
#             before the next, so DJL and PyTorch meet nearly the same load
#   BENCHES   space-separated JMHClass:peer-script[:models] entries; models (comma-separated values
#             of the class's `model` parameter) replace MODELS for that class (default: the
#             TrainStepBench, IcceLossBench, LogPbcdIterationBench, AdversarialStepBench, DistCamHeatmapBench,
#             FdAttentionBench, ShapeTextureStepBench, TransferAttackBench, AnmmfFitBench, SargStepBench,
#             ListaMsnStepBench, HybridHgcnStepBench, EmmfIterationBench, FpsoraIterationBench,
#             TextureUnetStepBench, MranStepBench and InvIcsStepBench entries
#             below); a new
#             benchmark adds its entry here
#   JMH_ARGS  extra JMH arguments (default "-wi 2 -w 2 -i 4 -r 2 -f 1")
#   PEER_ARGS extra peer arguments (default "--warmup 5 --steps 10 --repeats 4")
#   SKIP_BUILD=1 reuse benchmarks/target/benchmarks.jar
# The PyTorch peer runs on /usr/bin/python3 with Debian's python3-torch (apt-get install -y python3-torch).
set -euo pipefail
bench="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$bench")"
cd "$root"

ROUNDS="${ROUNDS:-3}"
THREADS="${THREADS:-2}"
CONFIGS="${CONFIGS:-spin passive:OMP_WAIT_POLICY=PASSIVE one-thread:THREADS=1}"
MODELS="${MODELS:-cnn7,cnn7-nobn,mlp,resnet44}"
BENCHES="${BENCHES:-TrainStepBench:pytorch/train_step.py \
IcceLossBench:pytorch/icce_loss.py:icce-c10,cce-c10,sce-c10,icce-c100,cce-c100 \
LogPbcdIterationBench:pytorch/logpbcd_iteration.py:m2000 \
AdversarialStepBench:pytorch/adv_step.py:standard-wong,fgsm-wong,fgsmpr-wong,pgd10-wong \
DistCamHeatmapBench:pytorch/distcam_heatmap.py:n128-k64-h16-c10,n32-k512-h7-c200 \
FdAttentionBench:pytorch/fd_attention.py:fd-c16,resnet20,fd-resnet20 \
ShapeTextureStepBench:pytorch/shape_texture_step.py:quick \
TransferAttackBench:pytorch/transfer_attack.py:ai-fgtm,ni-ti-di-aitm,ni-ti-di-mailm \
AnmmfFitBench:pytorch/anmmf_fit.py:sweeps-10 \
SargStepBench:pytorch/sarg_step.py:arg,sarg \
ListaMsnStepBench:pytorch/lista_msn_step.py:k10 \
HybridHgcnStepBench:pytorch/hybrid_hgcn_step.py:hybrid123-n2000,hgnn-n2000 \
EmmfIterationBench:pytorch/emmf_iteration.py:n-500 \
FpsoraIterationBench:pytorch/fpsora_iteration.py:n500-d20-k5 \
TextureUnetStepBench:pytorch/texture_unet_step.py:unet-b8,tgunet-b8 \
MranStepBench:pytorch/mran_step.py:quick-c16,paper-c64 \
InvIcsStepBench:pytorch/invics_step.py:k3-z8-b16}"
JMH_ARGS="${JMH_ARGS:--wi 2 -w 2 -i 4 -r 2 -f 1}"
PEER_ARGS="${PEER_ARGS:---warmup 5 --steps 10 --repeats 4}"
PY=/usr/bin/python3

if ! "$PY" -c 'import torch' 2>/dev/null; then
  echo "run.sh: $PY cannot import torch; install the peer with: apt-get install -y python3-torch" >&2
  exit 1
fi
if [ "${SKIP_BUILD:-0}" != 1 ]; then
  echo "run.sh: building the library and benchmarks/target/benchmarks.jar" >&2
  ./mvnw -q -B install -DskipTests -Dfetch.skip=true
  ./mvnw -q -B -f benchmarks/pom.xml package
fi

raw="$bench/results/raw/$(date -u +%Y%m%dT%H%M%SZ)"
mkdir -p "$raw"
for round in $(seq 1 "$ROUNDS"); do
  for config in $CONFIGS; do
    name="${config%%:*}"
    vars=()
    threads="$THREADS"
    if [ "$config" != "$name" ]; then
      IFS=',' read -r -a given <<< "${config#*:}"
      for v in "${given[@]}"; do
        case "$v" in
          THREADS=*) threads="${v#THREADS=}" ;;
          *) vars+=("$v") ;;
        esac
      done
    fi
    jvm_threads="-Dai.djl.pytorch.num_threads=$threads -Dai.djl.pytorch.num_interop_threads=$threads"
    echo "$threads" > "$raw/$name.threads"
    echo "run.sh: round $round/$ROUNDS, configuration $name ($threads threads; ${vars[*]:-no variables}); $(uptime)" >&2
    for pair in $BENCHES; do
      class="${pair%%:*}"
      rest="${pair#*:}"
      peer="${rest%%:*}"
      own="$MODELS"
      [ "$rest" != "$peer" ] && own="${rest#*:}"
      IFS=',' read -r -a models <<< "$own"
      for model in "${models[@]}"; do
        tag="$name-r$round.$class.$model"
        # JMH refuses to start while another JMH run on the machine holds /tmp/jmh.lock: wait for
        # it rather than measure two benchmarks against each other
        for attempt in $(seq 1 40); do
          uptime > "$raw/$tag.djl.load"
          # shellcheck disable=SC2086
          if env ${vars[@]+"${vars[@]}"} java -jar benchmarks/target/benchmarks.jar "$class" \
              -p model="$model" $JMH_ARGS \
              -jvmArgsAppend "-Dai.djl.offline=true $jvm_threads -Dorg.slf4j.simpleLogger.defaultLogLevel=warn" \
              -rf json -rff "$raw/$tag.djl.json" > "$raw/$tag.djl.log" 2>&1; then
            break
          elif grep -q 'Unable to acquire the JMH lock' "$raw/$tag.djl.log" && [ "$attempt" -lt 40 ]; then
            echo "run.sh: another JMH run holds /tmp/jmh.lock; waiting 30 s" >&2
            sleep 30
          else
            tail -30 "$raw/$tag.djl.log" >&2
            exit 1
          fi
        done
        uptime > "$raw/$tag.pytorch.load"
        # shellcheck disable=SC2086
        env ${vars[@]+"${vars[@]}"} "$PY" "benchmarks/$peer" --model "$model" \
          --threads "$threads" $PEER_ARGS > "$raw/$tag.pytorch.jsonl"
      done
    done
  done
done
"$PY" benchmarks/tools/report.py "$raw" \
  --json benchmarks/results/latest.json --readme benchmarks/README.md

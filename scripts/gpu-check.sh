#!/usr/bin/env bash
# Checks device placement on a machine with N NVIDIA GPUs: runs movielens-maml once on one GPU and once on every GPU
# (--devices cuda:all, one trial per GPU), samples nvidia-smi during the multi-GPU run, and prints where the trials
# ran, each GPU's utilisation, and trials per hour against the single GPU. Then the packed run: as many trials again
# times PACKED_FACTOR (default 4) on cuda:0 with --trials-per-device auto, with the K it chose, trials per hour against
# one at a time, utilisation and memory; and, with ML1M=DIR (an unpacked ml-1m), one MovieLens 1M-sized trial's epoch
# time on cuda:0 against all CPU cores. See docs/devices.md.
#
#   scripts/gpu-check.sh DATA_DIR [EPOCHS] [TRIALS_PER_GPU]
#   ML1M=/data/ml-1m scripts/gpu-check.sh DATA_DIR 10 2
#
# DATA_DIR is an unpacked MovieLens folder (ml-100k). EPOCHS (default 10) is each trial's length; TRIALS_PER_GPU
# (default 2) how many trials each GPU runs in the multi-GPU run (the single-GPU run runs that many in all).
# On a machine with one GPU the second run shares it instead: two trials at a time on cuda:0 (--trials-per-device 2).
# Trials run as worker processes, each seeing only its GPU (ISOLATION=thread runs them as threads instead).
# METAOPT=/path/to/metaopt skips the build and uses that launcher (built elsewhere, its libtorch found through
# LD_LIBRARY_PATH, e.g. a CUDA PyTorch's torch/lib).
set -euo pipefail

data=${1:?usage: scripts/gpu-check.sh DATA_DIR [EPOCHS] [TRIALS_PER_GPU]}
epochs=${2:-10}
per_gpu=${3:-2}

command -v nvidia-smi >/dev/null || { echo "gpu-check: nvidia-smi not found: this check needs an NVIDIA GPU machine" >&2; exit 1; }
gpus=$(nvidia-smi -L | grep -c '^GPU ')
[ "$gpus" -ge 1 ] || { echo "gpu-check: nvidia-smi lists no GPU" >&2; exit 1; }

root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
sampler_pid=
cleanup() {
    [ -n "$sampler_pid" ] && kill "$sampler_pid" 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT

if [ -n "${METAOPT:-}" ]; then
    metaopt=$METAOPT
else
    # The recommender studies as a study package beside the launcher, with the CUDA flavour of libtorch
    # (TorchSharp-cuda-linux) instead of the default CPU one.
    echo "Building the launcher, and the recommender studies with TorchBackend=cuda..."
    { dotnet build "$root/src/MetaOpt.Launcher" -c Release -o "$work/bin" \
        && dotnet build "$root/studies/MetaOpt.Studies.Recommender" -c Release -p:TorchBackend=cuda \
            -o "$work/bin/packages/MetaOpt.Studies.Recommender"; } >"$work/build.log" 2>&1 \
        || { tail -20 "$work/build.log" >&2; exit 1; }
    metaopt="$work/bin/metaopt"
fi
# Away from a source checkout's metaopt.json, which would add its own build of the recommender studies; the data
# folders made absolute first, so relative ones still name them.
data=$(cd "$data" && pwd)
[ -z "${ML1M:-}" ] || ML1M=$(cd "$ML1M" && pwd)
cd "$work"

# Seconds a run of the study takes, with full-length trials (no pruning) so both runs train the same amount.
timed_run() {
    local devices=$1 trials=$2 storage=$3 per_device=${4:-1}
    local start end
    start=$(date +%s.%N)
    "$metaopt" run movielens-maml --data "$data" --isolation "${ISOLATION:-process}" \
        --devices "$devices" --trials-per-device "$per_device" \
        --trials "$trials" --epochs "$epochs" --pruner none --storage "$storage" >"$storage.log" 2>&1 \
        || { tail -20 "$storage.log" >&2; exit 1; }
    end=$(date +%s.%N)
    awk -v a="$start" -v b="$end" 'BEGIN { print b - a }' 
}

echo "Single GPU: $per_gpu trials of $epochs epochs on cuda:0..."
single_seconds=$(timed_run cuda:0 "$per_gpu" "$work/single.db")

if [ "$gpus" -eq 1 ]; then
    multi_devices=cuda:0 multi_per_device=2 multi_width=2
    echo "One GPU: $((per_gpu * 2)) trials, two sharing cuda:0 at a time..."
else
    multi_devices=cuda:all multi_per_device=1 multi_width=$gpus
    echo "All $gpus GPUs: $((per_gpu * gpus)) trials, one per GPU at a time..."
fi
nvidia-smi --query-gpu=index,uuid --format=csv,noheader >"$work/uuids.csv"
# Samples every GPU's utilisation and memory (and the processes holding one) every 2 s into $1.csv and $1-apps.csv.
start_sampler() {
    (
        while true; do
            nvidia-smi --query-gpu=index,utilization.gpu,memory.used --format=csv,noheader,nounits >>"$1.csv"
            nvidia-smi --query-compute-apps=pid,gpu_uuid,used_memory --format=csv,noheader,nounits >>"$1-apps.csv"
            sleep 2
        done
    ) &
    sampler_pid=$!
}
stop_sampler() {
    kill "$sampler_pid" 2>/dev/null || true
    sampler_pid=
}
# Each GPU's mean utilisation and peak memory in the samples $1.csv.
gpu_summary() {
    awk -F', *' '{ n[$1]++; u[$1] += $2; if ($3 > m[$1]) m[$1] = $3 }
        END { for (g in n) printf "  GPU %s: %.0f%%, %d MiB\n", g, u[g] / n[g], m[g] }' "$1.csv" | sort
}
start_sampler "$work/utilisation"
multi_seconds=$(timed_run "$multi_devices" "$((per_gpu * multi_width))" "$work/multi.db" "$multi_per_device")
stop_sampler

echo
echo "Trials per device, as stored:"
"$metaopt" export movielens-maml --format json --storage "$work/multi.db" | python3 -c '
import collections, json, sys
trials = json.load(sys.stdin)["trials"]
for device, n in sorted(collections.Counter(t["user_attrs"].get("device") for t in trials).items()):
    print(f"  {device}: {n} trials")'
echo "GPUs that held a process during the run (nvidia-smi):"
cut -d, -f2 "$work/utilisation-apps.csv" | tr -d ' ' | sort -u | while read -r uuid; do
    [ -n "$uuid" ] && grep "$uuid" "$work/uuids.csv" | cut -d, -f1 | sed 's/^/  GPU /'
done
echo "Mean utilisation per GPU (%) and peak memory (MiB):"
gpu_summary "$work/utilisation"
single_rate=$(awk -v n="$per_gpu" -v s="$single_seconds" 'BEGIN { print n * 3600 / s }')
multi_rate=$(awk -v n="$((per_gpu * multi_width))" -v s="$multi_seconds" 'BEGIN { print n * 3600 / s }')
printf "Trials per hour: %.1f one at a time on one GPU, %.1f %d at a time (%.2fx; %d would be perfect scaling)\n" \
    "$single_rate" "$multi_rate" "$multi_width" "$(awk -v a="$multi_rate" -v b="$single_rate" 'BEGIN { print a / b }')" "$multi_width"

# The packed run: --trials-per-device auto on cuda:0, PACKED_FACTOR times the single run's trials.
packed_trials=$((per_gpu * ${PACKED_FACTOR:-4}))
echo
echo "Packed: $packed_trials trials on cuda:0 with --trials-per-device auto..."
start_sampler "$work/packed"
packed_seconds=$(timed_run cuda:0 "$packed_trials" "$work/packed.db" auto)
stop_sampler
echo "K chosen (the run's log):"
grep -E '^cuda:0: [0-9]+ trial' "$work/packed.db.log" | sed 's/^/  /' || echo "  none: every reading showed no memory or utilisation of a trial"
"$metaopt" export movielens-maml --format json --storage "$work/packed.db" | python3 -c '
import collections, json, sys
trials = json.load(sys.stdin)["trials"]
ks = collections.Counter(t["user_attrs"].get("trials_per_device") for t in trials)
print("  trials started under each K:", ", ".join(f"K={k}: {n}" for k, n in sorted(ks.items(), key=lambda p: p[0] or 0)))'
echo "Packed run, utilisation (%) and peak memory (MiB):"
gpu_summary "$work/packed"
packed_rate=$(awk -v n="$packed_trials" -v s="$packed_seconds" 'BEGIN { print n * 3600 / s }')
printf "Trials per hour: %.1f packed against %.1f one at a time (%.2fx; the target is 4x at 60%% mean utilisation)\n" \
    "$packed_rate" "$single_rate" "$(awk -v a="$packed_rate" -v b="$single_rate" 'BEGIN { print a / b }')"

# One MovieLens 1M trial of a GPU-sized network: epoch time on cuda:0 against every CPU core of this machine.
if [ -n "${ML1M:-}" ]; then
    echo
    epoch_seconds() {
        "$metaopt" train --data "$ML1M" --algo maml --epochs 2 --dim 64 --hidden 256 --meta-batch 128 --no-baselines --json "$@" \
            2>"$work/train.err" | tail -1 | python3 -c 'import json, sys; print(json.loads(sys.stdin.read())["sec_per_epoch"][-1])' \
            || { tail -5 "$work/train.err" >&2; exit 1; }
    }
    gpu_epoch=$(epoch_seconds --device cuda)
    cpu_epoch=$(epoch_seconds --device cpu --threads "$(nproc)")
    printf "MovieLens 1M, maml, d=64, h=256, meta-batch 128, second epoch: %.2f s on cuda:0, %.2f s on %d CPU cores (%.2fx; the target is 3x)\n" \
        "$gpu_epoch" "$cpu_epoch" "$(nproc)" "$(awk -v a="$cpu_epoch" -v b="$gpu_epoch" 'BEGIN { print a / b }')"
else
    echo
    echo "MovieLens 1M epoch time skipped: set ML1M to an unpacked ml-1m folder to measure it."
fi

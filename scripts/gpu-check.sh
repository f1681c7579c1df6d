#!/usr/bin/env bash
# Checks device placement on a machine with N NVIDIA GPUs: runs movielens-maml once on one GPU and once on every GPU
# (--devices cuda:all, one trial per GPU), samples nvidia-smi during the multi-GPU run, and prints where the trials
# ran, each GPU's utilisation, and trials per hour against the single GPU. See docs/devices.md.
#
#   scripts/gpu-check.sh DATA_DIR [EPOCHS] [TRIALS_PER_GPU]
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
# Away from a source checkout's metaopt.json, which would add its own build of the recommender studies.
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
(
    while true; do
        nvidia-smi --query-gpu=index,utilization.gpu,memory.used --format=csv,noheader,nounits >>"$work/utilisation.csv"
        nvidia-smi --query-compute-apps=pid,gpu_uuid,used_memory --format=csv,noheader,nounits >>"$work/apps.csv"
        sleep 2
    done
) &
sampler_pid=$!
multi_seconds=$(timed_run "$multi_devices" "$((per_gpu * multi_width))" "$work/multi.db" "$multi_per_device")
kill "$sampler_pid" 2>/dev/null || true
sampler_pid=

echo
echo "Trials per device, as stored:"
"$metaopt" export movielens-maml --format json --storage "$work/multi.db" | python3 -c '
import collections, json, sys
trials = json.load(sys.stdin)["trials"]
for device, n in sorted(collections.Counter(t["user_attrs"].get("device") for t in trials).items()):
    print(f"  {device}: {n} trials")'
echo "GPUs that held a process during the run (nvidia-smi):"
cut -d, -f2 "$work/apps.csv" | tr -d ' ' | sort -u | while read -r uuid; do
    [ -n "$uuid" ] && grep "$uuid" "$work/uuids.csv" | cut -d, -f1 | sed 's/^/  GPU /'
done
echo "Mean utilisation per GPU (%) and peak memory (MiB):"
awk -F', *' '{ n[$1]++; u[$1] += $2; if ($3 > m[$1]) m[$1] = $3 }
    END { for (g in n) printf "  GPU %s: %.0f%%, %d MiB\n", g, u[g] / n[g], m[g] }' "$work/utilisation.csv" | sort
single_rate=$(awk -v n="$per_gpu" -v s="$single_seconds" 'BEGIN { print n * 3600 / s }')
multi_rate=$(awk -v n="$((per_gpu * multi_width))" -v s="$multi_seconds" 'BEGIN { print n * 3600 / s }')
printf "Trials per hour: %.1f one at a time on one GPU, %.1f %d at a time (%.2fx; %d would be perfect scaling)\n" \
    "$single_rate" "$multi_rate" "$multi_width" "$(awk -v a="$multi_rate" -v b="$single_rate" 'BEGIN { print a / b }')" "$multi_width"

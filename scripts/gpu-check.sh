#!/usr/bin/env bash
# Checks device placement on a machine with N NVIDIA GPUs: runs movielens-maml once on one GPU and once on every GPU
# (--devices cuda:all, one trial per GPU), samples nvidia-smi during the multi-GPU run, and prints where the trials
# ran, each GPU's utilisation, and trials per hour against the single GPU. See docs/devices.md.
#
#   scripts/gpu-check.sh DATA_DIR [EPOCHS] [TRIALS_PER_GPU]
#
# DATA_DIR is an unpacked MovieLens folder (ml-100k). EPOCHS (default 10) is each trial's length; TRIALS_PER_GPU
# (default 2) how many trials each GPU runs in the multi-GPU run (the single-GPU run runs that many in all).
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

# The CUDA flavour of libtorch (TorchSharp-cuda-linux) instead of the default CPU one.
echo "Building the launcher with TorchBackend=cuda..."
dotnet build "$root/src/MetaOpt.Launcher" -c Release -p:TorchBackend=cuda -o "$work/bin" >"$work/build.log" 2>&1 \
    || { tail -20 "$work/build.log" >&2; exit 1; }
metaopt="$work/bin/metaopt"

# Seconds a run of the study takes, with full-length trials (no pruning) so both runs train the same amount.
timed_run() {
    local devices=$1 trials=$2 storage=$3
    local start end
    start=$(date +%s.%N)
    "$metaopt" run movielens-maml --data "$data" --devices "$devices" --trials "$trials" --epochs "$epochs" \
        --pruner none --storage "$storage" >"$storage.log" 2>&1 || { tail -20 "$storage.log" >&2; exit 1; }
    end=$(date +%s.%N)
    echo "$end - $start" | bc
}

echo "Single GPU: $per_gpu trials of $epochs epochs on cuda:0..."
single_seconds=$(timed_run cuda:0 "$per_gpu" "$work/single.db")

echo "All $gpus GPUs: $((per_gpu * gpus)) trials, one per GPU at a time..."
nvidia-smi --query-gpu=index,uuid --format=csv,noheader >"$work/uuids.csv"
(
    while true; do
        nvidia-smi --query-gpu=index,utilization.gpu,memory.used --format=csv,noheader,nounits >>"$work/utilisation.csv"
        nvidia-smi --query-compute-apps=pid,gpu_uuid,used_memory --format=csv,noheader,nounits >>"$work/apps.csv"
        sleep 2
    done
) &
sampler_pid=$!
multi_seconds=$(timed_run cuda:all "$((per_gpu * gpus))" "$work/multi.db")
kill "$sampler_pid" 2>/dev/null || true
sampler_pid=

echo
echo "Trials per device, as stored:"
"$metaopt" export movielens-maml --format json --storage "$work/multi.db" \
    | grep -oE '"device": ?"cuda:[0-9]+"' | grep -oE 'cuda:[0-9]+' | sort | uniq -c
echo "GPUs that held a process during the run (nvidia-smi):"
cut -d, -f2 "$work/apps.csv" | tr -d ' ' | sort -u | while read -r uuid; do
    [ -n "$uuid" ] && grep "$uuid" "$work/uuids.csv" | cut -d, -f1 | sed 's/^/  GPU /'
done
echo "Mean utilisation per GPU (%) and peak memory (MiB):"
awk -F', *' '{ n[$1]++; u[$1] += $2; if ($3 > m[$1]) m[$1] = $3 }
    END { for (g in n) printf "  GPU %s: %.0f%%, %d MiB\n", g, u[g] / n[g], m[g] }' "$work/utilisation.csv" | sort
single_rate=$(echo "$per_gpu * 3600 / $single_seconds" | bc -l)
multi_rate=$(echo "$per_gpu * $gpus * 3600 / $multi_seconds" | bc -l)
printf "Trials per hour: %.1f on one GPU, %.1f on %d GPUs (%.2fx; %d would be perfect scaling)\n" \
    "$single_rate" "$multi_rate" "$gpus" "$(echo "$multi_rate / $single_rate" | bc -l)" "$gpus"

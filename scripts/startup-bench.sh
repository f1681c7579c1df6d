#!/usr/bin/env bash
# The start-up of the metaopt tool as `dotnet tool install` users get it, before and after issue #19: the
# framework-dependent package whose code is compiled at start (JIT, what MetaOpt.Tool was) against the ReadyToRun
# platform package that `dotnet tool install` now picks on linux-x64 and linux-arm64. Both are packed from this
# checkout and installed offline from a folder; the runs alternate (JIT, R2R, JIT, ...) so that a machine whose speed
# drifts slows both alike. Prints min / median / max wall milliseconds per command, and the median ratio.
#
#   scripts/startup-bench.sh [RUNS]      # RUNS per command and variant, default 20; WORK=DIR keeps the files there
#
# Needs the .NET 10 SDK and NuGet access for the crossgen and runtime packs of the platform packages.
set -euo pipefail

runs=${1:-20}
root=$(cd "$(dirname "$0")/.." && pwd)
work=${WORK:-$(mktemp -d)}
mkdir -p "$work"
echo "packing and installing into $work" >&2

# pack VARIANT [PACK ARGS...]: packs the tool into $work/VARIANT/packages and installs it from there alone.
pack() {
    local dir=$work/$1
    rm -rf "$dir" && mkdir -p "$dir"
    dotnet pack "$root/src/MetaOpt.Launcher" -c Release -o "$dir/packages" -nologo "${@:2}" > "$dir/pack.log"
    cat > "$dir/nuget.config" <<EOF
<?xml version="1.0" encoding="utf-8"?>
<configuration><packageSources><clear /><add key="local" value="$dir/packages" /></packageSources></configuration>
EOF
    NUGET_PACKAGES=$dir/nuget-cache dotnet tool install --tool-path "$dir/tools" --configfile "$dir/nuget.config" MetaOpt.Tool > "$dir/install.log"
    echo "$1: installed $(cd "$dir/tools/.store/metaopt.tool/"*/ && ls -d metaopt.tool.* 2> /dev/null || echo metaopt.tool)" >&2
}
# An empty ToolPackageRuntimeIdentifiers packs the one framework-dependent package of before.
pack jit -p:ToolPackageRuntimeIdentifiers=
pack r2r

# A small storage for `list`: one study of 20 trials.
"$work/r2r/tools/metaopt" run functions-branin --trials 20 --storage "$work/list.db" > /dev/null

# time_ms COMMAND...: wall milliseconds of one run (output discarded; a failure stops the script).
time_ms() {
    local start end
    start=$(date +%s%N)
    if ! "$@" > /dev/null 2>&1; then echo "failed: $*" >&2; exit 1; fi
    end=$(date +%s%N)
    echo $(((end - start) / 1000000))
}

# stats FILE: min median max of the numbers in FILE, one a line.
stats() {
    sort -n "$1" | awk '{ v[NR] = $1 } END { m = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2; printf "%d %g %d", v[1], m, v[NR] }'
}

# bench LABEL ARGS...: runs `metaopt ARGS` RUNS times per variant, alternating; a fresh storage file each run for `run`.
bench() {
    local label=$1; shift
    local variant i
    for variant in jit r2r; do : > "$work/$variant.times"; done
    for ((i = 0; i <= runs; i++)); do
        for variant in jit r2r; do
            rm -f "$work"/run*.db
            local ms
            ms=$(time_ms "$work/$variant/tools/metaopt" "$@")
            # The first round warms the disk cache and is not counted.
            if ((i > 0)); then echo "$ms" >> "$work/$variant.times"; fi
        done
    done
    read -r jmin jmed jmax <<< "$(stats "$work/jit.times")"
    read -r rmin rmed rmax <<< "$(stats "$work/r2r.times")"
    printf '%-44s %5d %6g %5d   %5d %6g %5d   %5.2f\n' "$label" "$jmin" "$jmed" "$jmax" "$rmin" "$rmed" "$rmax" \
        "$(awk -v a="$rmed" -v b="$jmed" 'BEGIN { print a / b }')"
}

printf '%-44s %-18s   %-18s   %s\n' "wall ms, $runs runs each" "JIT min/med/max" "R2R min/med/max" "R2R/JIT"
bench "metaopt --version" --version
bench "metaopt list (1 study, 20 trials)" list --storage "$work/list.db"
bench "metaopt run functions-branin --trials 1" run functions-branin --trials 1 --storage "$work/run.db"
bench "  the same with --isolation process" run functions-branin --trials 1 --isolation process --storage "$work/run.db"

#!/usr/bin/env bash
# The start-up of the metaopt tool as `dotnet tool install` users get it, before and after issue #19: the
# framework-dependent package whose code is compiled at start (JIT, what MetaOpt.Tool was) against the ReadyToRun
# platform package that `dotnet tool install` now picks on linux-x64 and linux-arm64. Both are packed from this
# checkout and installed offline from a folder; the runs alternate (JIT, R2R, JIT, ...) so that a machine whose speed
# drifts slows both alike. Prints min / median / max wall and CPU milliseconds (user + system, workers included) per
# command, and the ratios of the medians; on a loaded machine the CPU figures are the ones to read.
#
#   scripts/startup-bench.sh [RUNS]      # RUNS per command and variant, default 20; WORK=DIR keeps the files there
#
# Needs the .NET 10 SDK, GNU time (/usr/bin/time) and NuGet access for the crossgen and runtime packs of the
# platform packages.
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
    NUGET_PACKAGES=$dir/nuget-cache dotnet tool install --tool-path "$dir/tools" --configfile "$dir/nuget.config" \
        MetaOpt.Tool > "$dir/install.log"
    # Which package dotnet tool install chose: metaopt.tool.linux-x64 for the R2R variant here.
    echo "$1: installed $(cd "$dir/tools/.store/metaopt.tool/"*/ && ls -d metaopt.tool.* 2> /dev/null || echo metaopt.tool)" >&2
}
# An empty ToolPackageRuntimeIdentifiers packs the one framework-dependent package of before.
pack jit -p:ToolPackageRuntimeIdentifiers=
pack r2r

# A small storage for `list`: one study of 20 trials.
"$work/r2r/tools/metaopt" run functions-branin --trials 20 --storage "$work/list.db" > /dev/null

# measure FILE COMMAND...: appends "wall-ms cpu-ms" of one run to FILE (cpu: user + system of the command and the
# workers it waited for; output discarded; a failure stops the script).
measure() {
    local file=$1; shift
    if ! /usr/bin/time -o "$work/one.time" -f "%e %U %S" "$@" > /dev/null 2>&1; then echo "failed: $*" >&2; exit 1; fi
    awk '{ printf "%d %d\n", $1 * 1000, ($2 + $3) * 1000 }' "$work/one.time" >> "$file"
}

# stats FILE COLUMN: min median max of that column of FILE.
stats() {
    awk -v c="$2" '{ print $c }' "$1" | sort -n |
        awk '{ v[NR] = $1 }
             END { m = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2; printf "%5d %6g %5d", v[1], m, v[NR] }'
}

# median FILE COLUMN
median() { stats "$1" "$2" | awk '{ print $2 }'; }

# bench LABEL ARGS...: runs `metaopt ARGS` RUNS times per variant, alternating; a fresh storage file each run for `run`.
bench() {
    local label=$1; shift
    local variant i
    for variant in jit r2r; do : > "$work/$variant.times"; done
    for ((i = 0; i <= runs; i++)); do
        for variant in jit r2r; do
            rm -f "$work"/run*.db
            # The first round warms the disk cache and is not counted.
            local file=/dev/null
            if ((i > 0)); then file=$work/$variant.times; fi
            measure "$file" "$work/$variant/tools/metaopt" "$@"
        done
    done
    printf '%-40s wall %s | %s | %4.2f   cpu %s | %s | %4.2f\n' "$label" \
        "$(stats "$work/jit.times" 1)" "$(stats "$work/r2r.times" 1)" \
        "$(awk -v a="$(median "$work/r2r.times" 1)" -v b="$(median "$work/jit.times" 1)" 'BEGIN { print a / b }')" \
        "$(stats "$work/jit.times" 2)" "$(stats "$work/r2r.times" 2)" \
        "$(awk -v a="$(median "$work/r2r.times" 2)" -v b="$(median "$work/jit.times" 2)" 'BEGIN { print a / b }')"
}

echo "milliseconds, $runs runs each: min median max of the JIT package | of the R2R package | R2R/JIT of the medians"
bench "metaopt --version" --version
bench "metaopt list (1 study, 20 trials)" list --storage "$work/list.db"
bench "metaopt run functions-branin --trials 1" run functions-branin --trials 1 --storage "$work/run.db"
bench "  the same, --isolation process" run functions-branin --trials 1 --isolation process --storage "$work/run.db"

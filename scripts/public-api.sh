#!/usr/bin/env bash
# Declares a deliberate change to the libraries' public surface: builds the solution and writes every symbol the
# PublicApiAnalyzers report as undeclared (RS0016) or as declared but gone (RS0017, as *REMOVED*) into the project's
# PublicAPI.Unshipped.txt. Review the diff of those files: it is the change to the API. Usage: scripts/public-api.sh
set -euo pipefail
cd "$(dirname "$0")/.."
for _ in 1 2 3 4 5 6; do
  report=$(dotnet build MetaOpt.sln 2>&1 | grep -E "error RS001[67]" | sort -u || true)
  [ -z "$report" ] && break
  python3 - "$report" <<'PY'
import collections, os, re, sys
changes = collections.defaultdict(set)
for line in sys.argv[1].splitlines():
    added = re.search(r"Symbol '(.*)' is not part of the declared public API.*\[(.*\.csproj)\]", line)
    gone = re.search(r"(\S+)PublicAPI\.Shipped\.txt\(\d+,\d+\): error RS0017: Symbol '(.*)' is part of the declared API", line)
    if added:
        changes[os.path.dirname(added.group(2))].add(added.group(1))
    elif gone:
        changes[gone.group(1).rstrip("/")].add("*REMOVED*" + gone.group(2))
for folder, symbols in changes.items():
    path = os.path.join(folder, "PublicAPI.Unshipped.txt")
    lines = {l for l in open(path).read().splitlines() if l and not l.startswith("#")} | symbols
    open(path, "w").write("#nullable enable\n" + "\n".join(sorted(lines)) + "\n")
    print(f"{path}: {len(symbols)} lines")
PY
done
dotnet build MetaOpt.sln -v q 2>&1 | grep -E " error " | sort -u || echo "the declared surface matches the code"

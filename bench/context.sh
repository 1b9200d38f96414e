#!/usr/bin/env bash
# bench/context.sh -- the build-context size reduction of the dockerignore pass.
#
#   bench/context.sh [LAYERFIX] [DIR...]
#
# For each DIR (default: every project in examples/), runs the dockerignore pass
# alone with --explain and prints its report line: the files and bytes the
# builder is sent with the current ignore rules, then with the proposed ones.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
lf=${1:-$here/build/layerfix}
shift || true
dirs=("$@")
if [ ${#dirs[@]} = 0 ]; then
    for d in "$here"/examples/*/; do dirs+=("${d%/}"); done
fi
for d in "${dirs[@]}"; do
    rc=0
    out=$("$lf" --pass=dockerignore --explain --color=never --quiet "$d" 2>/dev/null) || rc=$?
    [ "$rc" -le 1 ] || { echo "$d: layerfix failed ($rc)"; continue; }
    line=$(printf '%s\n' "$out" | grep '^# \[dockerignore\].*build context' | sed 's/.*build context /# [dockerignore] build context /; s/; changes to.*//' || true)
    echo "${line:-# [dockerignore] $d: nothing to exclude}"
done

#!/usr/bin/env bash
# Fails when clang-format (with the repo's .clang-format) would change any of our
# C sources. Same file set as `./dev format`; fix with `./dev format`.
# Args: $1 layerfix binary (unused), $2 source dir, $3 shared dir (unused).
set -euo pipefail
src=${2:?usage: cli_format.sh LAYERFIX SRCDIR SHAREDDIR}

if ! command -v clang-format >/dev/null; then
    echo "SKIP: clang-format is not installed (./dev deps installs it)"
    exit 77
fi

cd "$src"
dirs=()
for d in rewrite passes tests bench; do
    if [[ -d $d ]]; then dirs+=("$d"); fi
done
files=()
if ((${#dirs[@]})); then
    mapfile -t files < <(find "${dirs[@]}" -type f \( -name '*.c' -o -name '*.h' \) | LC_ALL=C sort)
fi
if [[ -f grammar/src/scanner.c ]]; then files+=(grammar/src/scanner.c); fi

bad=()
for f in "${files[@]}"; do
    if ! clang-format --dry-run -Werror "$f" >/dev/null 2>&1; then bad+=("$f"); fi
done

if ((${#bad[@]})); then
    echo "FAIL: clang-format would change ${#bad[@]} of ${#files[@]} files (run ./dev format):"
    printf '  %s\n' "${bad[@]}"
    echo "first differences:"
    clang-format --dry-run "${bad[0]}" 2>&1 | head -n 20
    exit 1
fi
echo "ok: ${#files[@]} files are clang-format clean"

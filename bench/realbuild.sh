#!/usr/bin/env bash
# bench/realbuild.sh -- proves on real builds that layerfix's rewrite of each
# example builds the same image and rebuilds faster after a source edit.
#
#   bench/realbuild.sh [LAYERFIX] [EXAMPLE...]
#
# LAYERFIX defaults to build/layerfix; EXAMPLE defaults to every directory in
# examples/ with a Dockerfile. Needs ../shared/tools/realbuild (buildah, root).
# For each example, on a scratch copy: writes the fixed Dockerfile next to the
# original (Dockerfile.layerfix), then prints
#   same-image:   realbuild same-image (exit 0 = equivalent images)
#   before/after: realbuild rebuild-after-edit of the example's source file
#                 (steps, cached, rerun, rerun_run = re-executed RUNs, seconds)
# layerfix runs in the scratch copy, so an example's .layerfix.yml applies
# (apt-report's turns cache-mounts off: buildah 1.28 hangs on a RUN with
# several sharing=locked cache mounts, see ../shared/tools/realbuild).
# REALBUILD_IGNORE (a regex of paths) is passed through to same-image; the
# cache-mounts pass changes etc/apt/apt.conf.d on purpose, and the generated
# .dockerignore keeps the Dockerfiles out of `COPY . .` on purpose (see
# bench/README.md).
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
lf=${1:-$here/build/layerfix}
shift || true
rb=$here/../shared/tools/realbuild
[ -x "$rb" ] || { echo "bench/realbuild.sh: $rb not found" >&2; exit 77; }
[ -x "$lf" ] || { echo "bench/realbuild.sh: build layerfix first ($lf)" >&2; exit 2; }
lf=$(cd "$(dirname "$lf")" && pwd)/$(basename "$lf")
examples=("$@")
if [ ${#examples[@]} = 0 ]; then
    for d in "$here"/examples/*/; do [ -f "$d/Dockerfile" ] && examples+=("$(basename "$d")"); done
fi
"$rb" setup >/dev/null

# The file a developer edits most in each example: the first source file that
# is not a manifest.
source_file() {
    (cd "$1" && ls | grep -Ev '^(Dockerfile.*|README.md|package.*json|requirements.*|.*\.lock)$' | head -1)
}

for ex in "${examples[@]}"; do
    work=$(mktemp -d)
    cp -a "$here/examples/$ex/." "$work/"
    cp "$work/Dockerfile" "$work/Dockerfile.layerfix"
    rc=0
    # run in the scratch copy, so that the example's own .layerfix.yml applies
    (cd "$work" && "$lf" --fix --quiet Dockerfile.layerfix) >/dev/null 2>&1 || rc=$?
    [ "$rc" -le 1 ] || { echo "$ex: layerfix failed ($rc)"; exit 2; }
    # The generated ignore rules apply to the rewritten side only: BuildKit and
    # buildah read <Dockerfile>.dockerignore before the context's .dockerignore.
    if [ -f "$work/.dockerignore" ] && [ ! -f "$here/examples/$ex/.dockerignore" ]; then
        mv "$work/.dockerignore" "$work/Dockerfile.layerfix.dockerignore"
        echo "-- generated ignore rules (Dockerfile.layerfix.dockerignore)"
        grep -v '^#' "$work/Dockerfile.layerfix.dockerignore"
    fi
    echo "== $ex"
    echo "-- diff"
    diff -u "$work/Dockerfile" "$work/Dockerfile.layerfix" | tail -n +3 || true
    src=$(source_file "$work")
    echo "-- same-image (original vs rewritten)"
    if "$rb" same-image "$work" "$work/Dockerfile" "$work/Dockerfile.layerfix" >"$work/same.log" 2>&1; then
        echo "same-image: yes"
    else
        echo "same-image: NO"; tail -20 "$work/same.log"
    fi
    echo "-- rebuild after editing $src"
    printf 'before: '; "$rb" rebuild-after-edit "$work" "$src" "$work/Dockerfile" 2>/dev/null | tail -1
    printf 'after:  '; "$rb" rebuild-after-edit "$work" "$src" "$work/Dockerfile.layerfix" 2>/dev/null | tail -1
    rm -rf "$work"
done

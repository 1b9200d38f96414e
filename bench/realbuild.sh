#!/usr/bin/env bash
# bench/realbuild.sh -- proves on real builds that layerfix's rewrite of each
# example builds the same image, and that its cache-impact estimate is what a
# real builder does.
#
#   bench/realbuild.sh [LAYERFIX] [EXAMPLE...]
#
# LAYERFIX defaults to build/layerfix; EXAMPLE defaults to every directory in
# examples/ with a Dockerfile. Needs ../shared/tools/realbuild (buildah, root)
# and jq. For each example, on a scratch copy made a git repository (so that
# `.git` and git-ignored files exist, as in a developer's checkout: one
# git-ignored file is added where the example's .gitignore names a
# directory), the script
#   1. asks layerfix for its estimate (--format=json: per event, the RUN steps
#      that re-run before and after the rewrite, and the file or ARG changed);
#   2. writes the fixed Dockerfile next to the original (Dockerfile.layerfix);
#      the generated ignore rules apply to the rewritten side only
#      (Dockerfile.layerfix.dockerignore: buildah, like BuildKit, reads
#      <Dockerfile>.dockerignore first);
#   3. prints `realbuild same-image` of the two (exit 0 = equivalent images);
#   4. for every event of the estimate measures the RUN steps that re-run, on
#      the original and on the rewritten Dockerfile: `realbuild
#      rebuild-after-edit` of the event's file (source edit, manifest edit,
#      context noise), or two `realbuild build`s with two new values of the
#      build argument (volatile build arg), and prints them beside the
#      prediction.
# Exit 0 when every prediction equals the measurement, 1 when one does not,
# 2 when a build fails, 77 when realbuild or jq is missing.
# REALBUILD_IGNORE (a regex of paths) is passed through to same-image; the
# generated .dockerignore keeps `.git` out of `COPY . .` on purpose (see
# bench/README.md). REALBUILD_TIMEOUT (seconds, default 1200) bounds each build
# command. layerfix runs with --target-builder=buildah, the builder used here
# (buildah 1.28 hangs on some sharing=locked cache mounts). A last case
# builds two apt RUNs with cold cache mounts.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
lf=${1:-$here/build/layerfix}
lf=$(cd "$(dirname "$lf")" && pwd)/$(basename "$lf")
shift || true
rb=$here/../shared/tools/realbuild
[ -x "$rb" ] || { echo "bench/realbuild.sh: $rb not found" >&2; exit 77; }
command -v jq >/dev/null || { echo "bench/realbuild.sh: jq not found (./dev deps)" >&2; exit 77; }
[ -x "$lf" ] || { echo "bench/realbuild.sh: build layerfix first ($lf)" >&2; exit 2; }
limit=${REALBUILD_TIMEOUT:-1200}
examples=("$@")
if [ ${#examples[@]} = 0 ]; then
    for d in "$here"/examples/*/; do [ -f "$d/Dockerfile" ] && examples+=("$(basename "$d")"); done
fi
"$rb" setup >/dev/null

# The scratch copy as a developer's checkout: a git repository with one
# commit, and a git-ignored file (noise) in the first directory .gitignore
# names.
make_checkout() {
    local work=$1 dir
    git -C "$work" init -q
    dir=$(grep -E '^[A-Za-z0-9_.-]+/$' "$work/.gitignore" 2>/dev/null | head -1 || true)
    noise=
    if [ -n "$dir" ]; then
        noise=${dir}layerfix-noise.txt
        mkdir -p "$work/$dir"
        echo "local build output" > "$work/$noise"
    fi
    git -C "$work" add -A
    git -C "$work" -c user.name=bench -c user.email=bench@localhost commit -qm checkout
}

# A whitespace-only edit that no earlier run made: realbuild appends an
# empty line to a JSON, lock or sum file, the same bytes every time, so a
# second run would find its layers in the cache. Spaces and tabs spell a
# fresh number instead.
unique_blank() {
    local n
    n=$(date +%s%N)
    while [ "$n" -gt 0 ]; do
        if [ $((n % 2)) = 1 ]; then printf '\t'; else printf ' '; fi
        n=$((n / 2))
    done
}

# rerun_run of realbuild's summary line (its last line of output).
reruns() { sed -n 's/.*rerun_run=\([0-9]*\).*/\1/p' | tail -1; }

# measure WORK DOCKERFILE EVENT SUBJECT: the RUN steps re-run after the event.
measure() {
    local work=$1 df=$2 event=$3 subject=$4 a b
    if [ "$event" = volatile-arg ]; then
        a=a$(date +%s%N) b=b$(date +%s%N)
        timeout "$limit" "$rb" build "$work" "$df" -- --build-arg "$subject=$a" >/dev/null 2>&1 ||
            return 2
        timeout "$limit" "$rb" build "$work" "$df" -- --build-arg "$subject=$b" 2>/dev/null | reruns
    else
        case "$subject" in
        *.json | *.lock | *lock.yaml | *.sum) export REALBUILD_EDIT_TEXT=$(unique_blank) ;;
        *) unset REALBUILD_EDIT_TEXT ;;
        esac
        timeout "$limit" "$rb" rebuild-after-edit "$work" "$subject" "$df" 2>/dev/null | reruns
    fi
}

mismatches=0 checked=0
for ex in "${examples[@]}"; do
    work=$(mktemp -d) meta=$(mktemp -d)
    cp -a "$here/examples/$ex/." "$work/"
    make_checkout "$work"
    cp "$work/Dockerfile" "$work/Dockerfile.layerfix"
    rc=0
    (cd "$work" && "$lf" --target-builder=buildah --format=json Dockerfile.layerfix \
        >"$meta/estimate.json" 2>/dev/null) || rc=$?
    [ "$rc" -le 1 ] || { echo "$ex: layerfix failed ($rc)"; exit 2; }
    # in the scratch copy, so that an example's own .layerfix.yml applies
    (cd "$work" && "$lf" --target-builder=buildah --fix --quiet Dockerfile.layerfix) \
        >/dev/null 2>&1 || rc=$?
    [ "$rc" -le 1 ] || { echo "$ex: layerfix --fix failed ($rc)"; exit 2; }
    echo "== $ex"
    if [ -f "$work/.dockerignore" ] && [ ! -f "$here/examples/$ex/.dockerignore" ]; then
        mv "$work/.dockerignore" "$work/Dockerfile.layerfix.dockerignore"
        echo "-- generated ignore rules (Dockerfile.layerfix.dockerignore)"
        grep -v '^#' "$work/Dockerfile.layerfix.dockerignore"
    fi
    echo "-- diff"
    diff -u "$work/Dockerfile" "$work/Dockerfile.layerfix" | tail -n +3 || true
    echo "-- same-image (original vs rewritten)"
    # without the git-ignored file, which the generated rules leave out on purpose
    if [ -n "$noise" ]; then
        mv "$work/$noise" "$meta/noise"
        rmdir --ignore-fail-on-non-empty "$(dirname "$work/$noise")"
    fi
    if timeout "$limit" "$rb" same-image "$work" "$work/Dockerfile" "$work/Dockerfile.layerfix" \
        >"$meta/same.log" 2>&1; then
        echo "same-image: yes"
    else
        echo "same-image: NO"; tail -20 "$meta/same.log"
    fi
    if [ -n "$noise" ]; then
        mkdir -p "$(dirname "$work/$noise")"
        mv "$meta/noise" "$work/$noise"
    fi
    echo "-- cache impact: RUN steps re-run, predicted by layerfix / measured by realbuild"
    jq -r '.files[] | select(.kind == "dockerfile") | .impact.targets[0].events[] |
           [.event, .subject, .before.runs, .after.runs,
            ([.before.steps[].run] | join(", ")), ([.after.steps[].run] | join(", "))] | @tsv' \
        "$meta/estimate.json" >"$meta/events"
    while IFS=$'\t' read -r event subject pb pa lb la; do
        mb=$(measure "$work" "$work/Dockerfile" "$event" "$subject") || { echo "$ex: build failed"; exit 2; }
        ma=$(measure "$work" "$work/Dockerfile.layerfix" "$event" "$subject") || { echo "$ex: build failed"; exit 2; }
        verdict=equal
        if [ "$pb" != "$mb" ] || [ "$pa" != "$ma" ]; then verdict=DIFFERENT; mismatches=$((mismatches + 1)); fi
        checked=$((checked + 1))
        printf '%s (%s): before %s/%s (%s), after %s/%s (%s): %s\n' "$event" "$subject" \
            "$pb" "${mb:-?}" "${lb:--}" "$pa" "${ma:-?}" "${la:--}" "$verdict"
    done <"$meta/events"
    rm -rf "$work" "$meta"
done
echo "== $checked events: $((checked - mismatches)) predicted exactly, $mismatches not"

# Two apt RUNs with the usual two apt mounts each, rewritten for buildah (no
# sharing=locked: buildah 1.28 hangs on the second RUN otherwise), built
# with cold cache mounts (buildah keeps them under /var/tmp/buildah-cache-*)
# and compared with the original.
work=$(mktemp -d)
cat >"$work/Dockerfile" <<'DF'
FROM debian:bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends jq && rm -rf /var/lib/apt/lists/*
RUN apt-get update && apt-get install -y --no-install-recommends tree && rm -rf /var/lib/apt/lists/*
CMD ["jq", "--version"]
DF
cp "$work/Dockerfile" "$work/Dockerfile.layerfix"
"$lf" --target-builder=buildah --pass=cache-mounts --fix --quiet "$work/Dockerfile.layerfix" \
    >/dev/null 2>&1 || true
echo "== two apt RUNs (--target-builder=buildah), cold cache mounts"
diff -u "$work/Dockerfile" "$work/Dockerfile.layerfix" | tail -n +3 || true
rm -rf /var/tmp/buildah-cache-* 2>/dev/null || true
if timeout "$limit" "$rb" same-image "$work" "$work/Dockerfile" "$work/Dockerfile.layerfix" \
    >"$work/same.log" 2>&1; then
    echo "same-image: yes"
else
    echo "same-image: NO (or a hang: timeout $limit s)"; tail -20 "$work/same.log"
    mismatches=$((mismatches + 1))
fi
rm -rf "$work"
[ "$mismatches" = 0 ]

#!/usr/bin/env bash
# End-to-end tests of --verify with a real builder: buildah, with its own
# storage in a temporary directory (never the user's), and a base image made
# here from scratch with Debian's static busybox and two stand-in tools
# (apt-get and npm, shell scripts that write files the way the real ones
# would). Args: $1 layerfix binary, $2 source dir.
# Skips (exit 77) with a message where buildah cannot run.
set -u
LF=$1
skip() {
    echo "skipped: $*"
    exit 77
}
command -v buildah > /dev/null || skip "buildah is not installed (./dev deps installs it)"
command -v jq > /dev/null || skip "jq is not installed (./dev deps installs it)"
BUSYBOX=$(command -v busybox) || skip "busybox is not installed (busybox-static; ./dev deps)"
ldd "$BUSYBOX" > /dev/null 2>&1 && skip "$BUSYBOX is linked dynamically; the test needs busybox-static"
((EUID == 0)) || skip "buildah needs root here to mount containers (rootless needs subuids)"

T=$(mktemp -d)
# overlay where the kernel lets buildah use it (fast), else vfs (copies)
B="buildah --root $T/storage --runroot $T/run --storage-driver overlay"
cleanup() {
    $B rm --all > /dev/null 2>&1
    $B umount --all > /dev/null 2>&1
    rm -rf "$T"
}
trap cleanup EXIT
# chroot isolation: no OCI runtime is needed (and oci fails under cgroup v1 hybrid)
export BUILDAH_ISOLATION=chroot
export TMPDIR=$T/tmp
mkdir "$TMPDIR"
if ! c=$($B from scratch 2> /dev/null) || ! $B mount "$c" > /dev/null 2>&1; then
    $B rm --all > /dev/null 2>&1
    rm -rf "$T/storage" "$T/run"
    B="buildah --root $T/storage --runroot $T/run --storage-driver vfs"
else
    $B umount "$c" > /dev/null
    $B rm "$c" > /dev/null
fi
$B info > /dev/null 2>&1 || skip "buildah cannot run here: $($B info 2>&1 | tail -1)"

# --- the base image: busybox and its applets, apt-get and npm stand-ins
c=$($B from scratch) || skip "buildah from scratch failed"
m=$($B mount "$c") || skip "buildah cannot mount a container here"
mkdir -p "$m/bin" "$m/usr/bin" "$m/tmp"
cp "$BUSYBOX" "$m/bin/busybox"
for a in $("$BUSYBOX" --list); do [ -e "$m/bin/$a" ] || ln -s busybox "$m/bin/$a"; done
cat > "$m/usr/bin/apt-get" << 'EOF'
#!/bin/sh
case "$1" in
update) mkdir -p /var/lib/apt/lists && echo lists > /var/lib/apt/lists/index ;;
install) shift; for p; do case $p in -*) ;; *) mkdir -p /usr/share/pkgs && echo "$p" > "/usr/share/pkgs/$p" ;; esac; done ;;
esac
EOF
cat > "$m/usr/bin/npm" << 'EOF'
#!/bin/sh
[ "$1" = ci ] && [ -f package-lock.json ] || { echo "npm: no package-lock.json" >&2; exit 1; }
mkdir -p node_modules/x && cat package-lock.json > node_modules/x/lock
EOF
chmod 755 "$m/usr/bin/apt-get" "$m/usr/bin/npm"
$B umount "$c" > /dev/null
$B config --env PATH=/usr/bin:/bin "$c"
$B commit --rm -q "$c" localhost/layerfix-test-base > /dev/null || skip "buildah commit failed"

fails=0
pass=0
ok() { pass=$((pass + 1)); }
bad() {
    echo "FAIL: $*"
    fails=$((fails + 1))
}
check() { if eval "$2"; then ok; else bad "$1"; fi; }
show() { sed 's/^/    /' "$1"; }

OUT=$T/out.txt
ERR=$T/err.txt
cd "$T" || exit 1
git init -q repo && cd repo || exit 1
git config user.name t && git config user.email t@example.com
# Each build gets the passes its case is about; cache mounts and the ignore
# file are tested on their own.
run() { "$LF" --color=never --skip=cache-mounts,dockerignore --verify="$B" "$@"; }

# Two builds: one whose rewrite gives the same image (two RUNs merged), one
# whose rewrite changes it (the volatile ARG moves below a RUN that reads
# every variable through env, which the pass cannot see).
mkdir same differs
printf 'FROM localhost/layerfix-test-base\nRUN apt-get update\nRUN apt-get install -y curl\n' > same/Dockerfile
printf 'FROM localhost/layerfix-test-base\nARG BUILD_DATE=2024-01-01\nRUN env | grep BUILD_ > /build-env.txt || true\nRUN apt-get update && apt-get install -y curl\nLABEL org.opencontainers.image.created=$BUILD_DATE\n' > differs/Dockerfile
git add -A && git commit -qm base
head_before=$(git rev-parse HEAD)

# --- --commit: the same image is committed, the other build is left out
run --build-arg BUILD_DATE=2025-02-02 --commit --branch=verified --pr-body "$T/pr.md" > "$OUT" 2> "$ERR"
rc=$?
check "--commit: exit 2 (one build differs)" "[ $rc = 2 ]" || show "$ERR"
check "same image: said so" "grep -qx 'same/Dockerfile: verify: same image' $ERR" || show "$ERR"
check "different image: said what differs" "grep -qx 'differs/Dockerfile: verify: the images differ (1 difference):' $ERR && grep -qx 'differs/Dockerfile: verify:   changed /build-env.txt: content (22 -> 0 bytes)' $ERR" || show "$ERR"
check "--commit: a note for the file left out" "grep -qx 'differs/Dockerfile: note: not committed: its build did not verify as the same image' $ERR" || show "$ERR"
check "--commit: the verified file is committed, the other not" \
    "[ \"\$(git diff --name-only $head_before verified)\" = same/Dockerfile ]"
check "PR body: the verification of each file" \
    "grep -qxF '| \`same/Dockerfile\` | same image |' $T/pr.md && grep -qxF '| \`differs/Dockerfile\` | the images differ (1 difference); **left out of this pull request** |' $T/pr.md" || show "$T/pr.md"
check "PR body: what differs, and the file left out" \
    "grep -qxF 'changed /build-env.txt: content (22 -> 0 bytes)' $T/pr.md && grep -qxF 'Left out of this pull request, since their build did not verify as the same image: \`differs/Dockerfile\`.' $T/pr.md" || show "$T/pr.md"
check "PR body: only the committed file's changes" \
    "grep -q '^### \`same/Dockerfile\`: merge-apt' $T/pr.md && ! grep -q '^### \`differs/Dockerfile\`:' $T/pr.md && ! grep -qF '| \`differs/Dockerfile\` | late-volatile-args' $T/pr.md" || show "$T/pr.md"
check "--commit: HEAD and the work tree untouched" "[ \"\$(git rev-parse HEAD)\" = $head_before ] && git diff --quiet"

# --- --fix: the same
run --fix same/Dockerfile differs/Dockerfile > "$OUT" 2> "$ERR"
rc=$?
check "--fix: exit 2" "[ $rc = 2 ]"
check "--fix: the verified file is written" "grep -q 'apt-get update && apt-get install' same/Dockerfile"
check "--fix: the other is not" "git diff --quiet differs/Dockerfile && grep -qx 'differs/Dockerfile: note: not written: its build did not verify as the same image' $ERR" || show "$ERR"
git checkout -q -- .

# --- a rewritten Dockerfile that does not build: a wrapper around buildah
# breaks the rewritten side (b/Dockerfile in layerfix's private directory)
cat > "$T/break-b" << 'EOF'
#!/bin/sh
prev=
for a; do
    [ "$prev" = -f ] && case $a in */b/Dockerfile) printf 'RUN echo the rewrite broke it; exit 3\n' >> "$a" ;; esac
    prev=$a
done
exec "$@"
EOF
chmod 755 "$T/break-b"
"$LF" --skip=cache-mounts,dockerignore --verify="$T/break-b $B" same/Dockerfile > "$OUT" 2> "$ERR"
rc=$?
check "failing build: exit 2" "[ $rc = 2 ]"
check "failing build: said, with the builder's last lines" \
    "grep -qx 'same/Dockerfile: verify: the rewritten Dockerfile does not build (buildah exited with status 3); the original does' $ERR && grep -q '^same/Dockerfile: verify:   the rewrite broke it' $ERR" || show "$ERR"

# --- a base image that cannot be pulled: the verification could not run
mkdir nopull
printf 'FROM layerfix-test-missing-image\nRUN apt-get update\nRUN apt-get install -y curl\n' > nopull/Dockerfile
run --format=json nopull/Dockerfile > "$OUT" 2> "$ERR"
rc=$?
check "unpullable base: exit 2" "[ $rc = 2 ]"
check "unpullable base: the JSON report says the verification did not run" \
    "jq -e '.files[0].verify.result == \"not-run\" and .files[0].held and (.files[0].verify.message | startswith(\"could not run: base image layerfix-test-missing-image cannot be pulled\"))' $OUT > /dev/null" || show "$OUT"
check "unpullable base: could not run, not a difference" \
    "grep -q '^nopull/Dockerfile: verify: could not run: base image layerfix-test-missing-image cannot be pulled (buildah exited with status 125); this is not a difference' $ERR" || show "$ERR"

# --- no builder, and a builder that does not start
PATH=$T/empty "$LF" --verify same/Dockerfile > "$OUT" 2> "$ERR"
rc=$?
check "no builder on PATH: exit 2 and a clear error" \
    "[ $rc = 2 ] && grep -qx 'layerfix: error: --verify: no builder found: none of docker (with buildx), podman or buildah is on PATH' $ERR && [ ! -s $OUT ]" || show "$ERR"
"$LF" --verify="buildah --root /dev/null/storage" same/Dockerfile > "$OUT" 2> "$ERR"
rc=$?
check "builder that does not start: exit 2, said so" \
    "[ $rc = 2 ] && grep -q '^same/Dockerfile: verify: could not run: the builder failed to start (.buildah --root /dev/null/storage info. exited with status' $ERR" || show "$ERR"
"$LF" --verify-rebuild same/Dockerfile > /dev/null 2> "$ERR"
check "--verify-rebuild needs --verify" "[ $? = 2 ] && grep -q 'goes with --verify' $ERR"

# --- --verify-rebuild: a source edit re-runs npm ci before the rewrite, not after
mkdir -p node/src
echo 'console.log(1)' > node/src/app.js
printf '{"name":"x","version":"1.0.0"}\n' > node/package.json
printf '{"name":"x","lockfileVersion":3}\n' > node/package-lock.json
printf 'FROM localhost/layerfix-test-base\nWORKDIR /app\nCOPY . .\nRUN npm ci\nRUN cat src/app.js > built.txt\n' > node/Dockerfile
git add node
run --verify-rebuild --pr-body "$T/pr-node.md" node/Dockerfile > "$OUT" 2> "$ERR"
rc=$?
check "rebuild: the rewrite is the same image (exit 1)" "[ $rc = 1 ] && grep -qx 'node/Dockerfile: verify: same image' $ERR" || show "$ERR"
check "rebuild: measured" \
    "grep -Eq '^node/Dockerfile: verify: rebuild after editing src/app.js: original re-ran 2 RUN steps \(npm ci, cat src/app.js\) in [0-9.]+ s; rewritten re-ran 1 RUN step \(cat src/app.js\) in [0-9.]+ s$' $ERR" || show "$ERR"
check "rebuild: the estimate for the same edit beside it" \
    "grep -qx 'node/Dockerfile: verify: estimated: source edit (src/app.js): 2 RUN steps re-run before (npm ci, cat), 1 after (cat)' $ERR" || show "$ERR"
check "rebuild: the measurement in the PR body" \
    "grep -Eq '^\| \`node/Dockerfile\` \| same image; rebuild after editing src/app.js: original re-ran 2 RUN steps \(npm ci, cat src/app.js\) in [0-9.]+ s; rewritten re-ran 1 RUN step \(cat src/app.js\) in [0-9.]+ s \|$' $T/pr-node.md" || show "$T/pr-node.md"
check "rebuild: the user's file is untouched" "[ \"\$(cat node/src/app.js)\" = 'console.log(1)' ]"

# --- nothing left behind: no temporary directory, no tagged image
check "no temporary directory left" "[ -z \"\$(ls -A \"$TMPDIR\")\" ]"
check "no layerfix image left" "! $B images 2> /dev/null | grep -q layerfix-verify"

echo "cli_verify: $pass passed, $fails failed"
[ "$fails" = 0 ]

#!/usr/bin/env bash
# End-to-end tests of the build context from evidence: the context the CLI
# uses for a Dockerfile (where the .dockerignore proposal lands) when a
# GitHub Actions workflow, a Makefile, a shell script, GitLab CI, a compose
# file with a .env, .layerfix.yml or the COPY sources say where it is built
# from; --context over all of them; errors in `contexts:`; a build from stdin
# (no context, no ignore file); a Dockerfile built from two contexts (a unit
# and an ignore file in each, rewritten only when both agree); the evidence in
# --explain and in the JSON report.
# Args: $1 layerfix binary, $2 source dir.
set -u
LF=$1
. "$2/tests/clilib.sh"
git_home

# A repository whose services/x/Dockerfile copies the whole context, with a
# git-ignored node_modules at the root and in services/x: the dockerignore
# pass proposes an ignore file in the context layerfix takes for it.
new_repo() {
    rm -rf "$T/r" && mkdir -p "$T/r" && cd "$T/r" || exit 1
    git init -q .
    mkdir -p services/x/node_modules/b node_modules/a
    printf 'FROM node:20\nWORKDIR /app\nCOPY . .\nCMD ["node", "services/x/index.js"]\n' \
        > services/x/Dockerfile
    printf 'console.log(1)\n' > services/x/index.js
    printf 'x\n' > node_modules/a/index.js
    printf 'x\n' > services/x/node_modules/b/index.js
    printf 'node_modules/\n' > .gitignore
}
commit() { git add -A && git commit -qm init; }
# The ignore files layerfix proposes (from the diff headers).
proposed() { "$LF" --pass=dockerignore "$@" 2> "$T/err.txt" | sed -n 's|^diff --git a/\(.*\) b/.*|\1|p' | tr '\n' ' '; }

# The "contexts" of a Dockerfile in $T/out.json, on one line with single
# spaces ({ "dir": ..., ... }, { ... }).
contexts_json() {
    awk -v p="\"path\": \"$1\"," '
        index($0, p) { f = 1 }
        f && /"contexts": \[/ { c = 1; next }
        c && /^ *\]/ { exit }
        c { sub(/^ +/, ""); printf "%s%s", (n++ ? " " : ""), $0 }
    ' "$T/out.json"
}

# --- without evidence: the Dockerfile's directory ----------------------------
new_repo
commit
check "no evidence: the Dockerfile's directory" "[ \"\$(proposed)\" = 'services/x/.dockerignore ' ]"

# --- a GitHub Actions workflow: context . and file services/x/Dockerfile ---
new_repo
mkdir -p .github/workflows
cat > .github/workflows/ci.yml << 'EOF'
on: push
jobs:
  image:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: docker/build-push-action@v6
        with:
          context: .
          file: services/x/Dockerfile
EOF
commit
check "workflow build-push-action: the repository root" "[ \"\$(proposed)\" = '.dockerignore ' ]"
check "--context wins over the workflow" \
    "[ \"\$(proposed --context=services/x)\" = 'services/x/.dockerignore ' ]"

# --- a workflow run step ------------------------------------------------------
new_repo
mkdir -p .github/workflows
printf 'jobs:\n  b:\n    steps:\n      - run: docker build -f services/x/Dockerfile .\n' \
    > .github/workflows/b.yml
commit
check "workflow run: docker build -f services/x/Dockerfile ." "[ \"\$(proposed)\" = '.dockerignore ' ]"

# --- a Makefile -------------------------------------------------------------------
new_repo
printf 'DF := services/x/Dockerfile\nimage:\n\tdocker build -t x \\\n\t  -f $(DF) .\n' > Makefile
commit
check "Makefile: docker build -f \$(DF) ." "[ \"\$(proposed)\" = '.dockerignore ' ]"

# --- a shell script that cds to the root ----------------------------------------
new_repo
mkdir -p scripts
printf '#!/bin/sh\ncd "$(dirname "$0")/.."\npodman build -f services/x/Dockerfile .\n' \
    > scripts/build
chmod +x scripts/build
commit
check "script: cd \$(dirname \$0)/.. && podman build" "[ \"\$(proposed)\" = '.dockerignore ' ]"

# --- GitLab CI ----------------------------------------------------------------------
new_repo
printf 'build:\n  script:\n    - docker build -f services/x/Dockerfile $CI_PROJECT_DIR\n' \
    > .gitlab-ci.yml
commit
check "GitLab CI: docker build -f ... \$CI_PROJECT_DIR" "[ \"\$(proposed)\" = '.dockerignore ' ]"

# --- compose with a .env: the context, and no false note ----------------------
new_repo
printf 'SVC=services/x\n' > .env
printf 'services:\n  x:\n    build:\n      context: .\n      dockerfile: ${SVC}/Dockerfile\n' \
    > compose.yaml
printf 'node_modules/\n.env\n' > .gitignore
commit
check "compose with .env: the repository root" "[ \"\$(proposed)\" = '.dockerignore ' ]"
check "compose with .env: no 'has no default' note" "! grep -q 'no default' $T/err.txt"

# --- COPY sources that only the root has --------------------------------------
new_repo
printf 'FROM node:20\nWORKDIR /app\nCOPY package.json ./\nCOPY services/x/ ./\n' \
    > services/x/Dockerfile
printf '{"name":"x"}\n' > package.json
commit
check "COPY sources: the repository root" "[ \"\$(proposed)\" = '.dockerignore ' ]"

# --- .layerfix.yml contexts ------------------------------------------------------
new_repo
printf 'contexts:\n  services/x/Dockerfile: .\n' > .layerfix.yml
commit
check ".layerfix.yml contexts: the root" "[ \"\$(proposed)\" = '.dockerignore ' ]"
printf 'contexts:\n  services/x/Dockerfile: [nowhere]\n' > .layerfix.yml
"$LF" --check > "$T/out.txt" 2> "$T/err.txt"
check "a contexts: directory that does not exist is an error (exit 2)" "[ $? = 2 ]"
check "the error has FILE:LINE:COL" \
    "grep -q '^.layerfix.yml:2:27: error: \`contexts: services/x/Dockerfile:\` \`nowhere\` is not a directory' $T/err.txt"

# --- a build from stdin only: no context, no ignore file; the rest still runs ------
new_repo
printf 'FROM debian:12\nRUN apt-get update\nRUN apt-get install -y curl\nCOPY . .\n' \
    > services/x/Dockerfile
printf 'image:\n\tdocker build -t x - < services/x/Dockerfile\n' > Makefile
commit
"$LF" --explain > "$T/out.txt" 2> "$T/err.txt"
check "stdin build: no ignore file anywhere" "! grep -q '^diff --git a/.*dockerignore' $T/out.txt"
check "stdin build: the per-file passes still run" \
    "grep -q '^+++ b/services/x/Dockerfile' $T/out.txt"
check "stdin build: --explain says there is no context, and why" \
    "grep -q '^services/x/Dockerfile: no build context <- Makefile:2 (docker build, from stdin: no context)' $T/err.txt"
"$LF" --format=json > "$T/out.json" 2> /dev/null
check "stdin build: JSON contexts has one entry with dir null" \
    "[ \"\$(contexts_json services/x/Dockerfile)\" = '{ \"dir\": null, \"evidence\": \"makefile\", \"origin\": \"Makefile:2\", \"detail\": \"docker build\" }' ]"

# --- --explain and JSON show the evidence of every Dockerfile --------------------
new_repo
mkdir -p .github/workflows
printf 'jobs:\n  b:\n    steps:\n      - uses: docker/build-push-action@v6\n        with:\n          context: .\n          file: services/x/Dockerfile\n' \
    > .github/workflows/ci.yml
commit
"$LF" --explain > "$T/out.txt" 2> "$T/err.txt"
check "--explain: context . <- the workflow line" \
    "grep -q '^services/x/Dockerfile: context \\. <- workflow .github/workflows/ci.yml:4 (docker/build-push-action)\$' $T/err.txt"
"$LF" --format=json > "$T/out.json" 2> /dev/null
check "JSON: contexts of the Dockerfile name the workflow" \
    "[ \"\$(contexts_json services/x/Dockerfile)\" = '{ \"dir\": \".\", \"evidence\": \"workflow\", \"origin\": \".github/workflows/ci.yml:4\", \"detail\": \"docker/build-push-action\" }' ]"

# --- one Dockerfile, two contexts: a unit (and an ignore file) in each ------------
new_repo
printf 'services:\n  root:\n    build:\n      context: .\n      dockerfile: services/x/Dockerfile\n  own:\n    build:\n      context: services/x\n' \
    > compose.yaml
printf 'FROM node:20\nRUN apt-get update\nRUN apt-get install -y curl\nWORKDIR /app\nCOPY . .\n' \
    > services/x/Dockerfile
commit
check "two contexts: an ignore file in each" \
    "[ \"\$(proposed)\" = '.dockerignore services/x/.dockerignore ' ]"
"$LF" --explain > "$T/out.txt" 2> "$T/err.txt"
check "two contexts: --explain names both" \
    "grep -q '^services/x/Dockerfile: context \\. <- compose.yaml:[0-9]*; context services/x <- compose.yaml:[0-9]*' $T/err.txt"
check "two contexts, the same rewrite in both: the Dockerfile is changed, shown once" \
    "[ \"\$(grep -c '^diff --git a/services/x/Dockerfile ' $T/out.txt)\" = 1 ]"
# a rewrite that depends on the context (the manifest is only in one): not made
printf '{"name":"x"}\n' > package.json
printf 'FROM node:20\nWORKDIR /app\nCOPY . .\nRUN npm ci\nCMD ["node", "index.js"]\n' \
    > services/x/Dockerfile
git add -A && git commit -qm two
"$LF" > "$T/out.txt" 2> "$T/err.txt"
check "two contexts, rewrites differ: the Dockerfile is not changed" \
    "! grep -q '^diff --git a/services/x/Dockerfile ' $T/out.txt"
check "two contexts, rewrites differ: a note says why" \
    "grep -q '^services/x/Dockerfile: note: \\[layerfix\\] not changed: it is built from several build contexts (., services/x) and its rewrite differs between them' $T/err.txt"

echo "$pass passed, $fails failed"
[ "$fails" = 0 ]

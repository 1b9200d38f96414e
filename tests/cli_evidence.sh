#!/usr/bin/env bash
# End-to-end tests of the build context from evidence: the context the CLI
# uses for a Dockerfile (where the .dockerignore proposal lands) when a
# GitHub Actions workflow, a Makefile, a shell script, GitLab CI, a compose
# file with a .env, .layerfix.yml or the COPY sources say where it is built
# from; --context over all of them; errors in `contexts:`.
# Args: $1 layerfix binary, $2 source dir.
set -u
LF=$1
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fails=0
pass=0
ok() { pass=$((pass + 1)); }
bad() { echo "FAIL: $*"; fails=$((fails + 1)); }
check() { if eval "$2"; then ok; else bad "$1"; fi; }
command -v git > /dev/null || { echo "skipped: git not found"; exit 77; }
export GIT_CONFIG_NOSYSTEM=1 HOME=$T/home
mkdir -p "$HOME"
git config --global user.name "Test User"
git config --global user.email test@example.com
git config --global init.defaultBranch main

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

echo "$pass passed, $fails failed"
[ "$fails" = 0 ]

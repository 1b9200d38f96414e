#!/usr/bin/env bash
# End-to-end tests of the ci-cache and advice passes through the command:
# discovery of the CI files in repository mode (no PATH, a directory; not a
# file PATH), the workflow diff that applies, --fix (mode and CRLF kept, a
# second run proposes nothing), the notes on GitLab CI, scripts and
# Makefiles at their lines, JSON (kind "workflow"/"ci-file"), SARIF, GitHub
# annotations, the PR body, --commit, --pass/--skip, .layerfix.yml and
# inline control in a workflow.
# Args: $1 layerfix binary, $2 source dir.
set -u
LF=$1
. "$2/tests/clilib.sh"
git_home
command -v node > /dev/null || { echo "skipped: node not found (JSON checks)"; exit 77; }

WF=.github/workflows/image.yml
# A repository with a Dockerfile on a moving tag (an advice note), a
# workflow whose build-push-action step has no cache (line 9 on), one that
# is configured already, GitLab CI, a script and a Makefile that build, and
# a script that does not.
new_repo() {
    rm -rf "$T/r" && mkdir -p "$T/r" && cd "$T/r" || exit 1
    git init -q .
    printf 'FROM python:3\nCOPY app.py /app.py\nCMD ["python", "/app.py"]\n' > Dockerfile
    printf 'print(1)\n' > app.py
    mkdir -p .github/workflows scripts sub
    cat > $WF << 'EOF'
name: image
on: push
jobs:
  image:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      # the image
      - uses: docker/build-push-action@v6
        with:
          context: .
          push: false
EOF
    cat > .github/workflows/done.yml << 'EOF'
on: push
jobs:
  image:
    runs-on: ubuntu-latest
    steps:
      - uses: docker/setup-buildx-action@v3
      - uses: docker/build-push-action@v6
        with:
          cache-from: type=gha
          cache-to: type=gha,mode=max
EOF
    printf 'build:\n  image: docker:27\n  script:\n    - docker build --no-cache -t app .\n' \
        > .gitlab-ci.yml
    printf '#!/bin/sh\nset -e\ndocker build -t app .\n' > scripts/build.sh
    printf '#!/bin/sh\necho hello\n' > scripts/hello.sh
    printf 'image:\n\tDOCKER_BUILDKIT=0 docker build -t app .\n' > Makefile
    printf 'FROM alpine:3.20\nRUN echo sub\n' > sub/Dockerfile
    printf 'docker build -t sub .\n' > sub/build.sh
    git add -A && git commit -qm init
}
json() { # json FILE EXPR: prints the value of a JS expression over the document `d`
    node -e 'const d = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
             console.log(eval(process.argv[2]))' "$1" "$2"
}

# --- discovery in repository mode ----------------------------------------------
new_repo
"$LF" > $T/out.txt 2> $T/err.txt
check "no PATH: exit 1 with changes" "[ $? = 1 ]"
check "the workflow without a cache is in the diff" "grep -q '^diff --git a/$WF b/$WF' $T/out.txt"
check "it gets the gha backend and setup-buildx" \
    "grep -q '^+          cache-from: type=gha$' $T/out.txt && grep -q '^+          cache-to: type=gha,mode=max$' $T/out.txt && grep -q '^+      - uses: docker/setup-buildx-action@v3$' $T/out.txt"
check "setup-buildx goes above the step's comment" \
    "[ \"\$(grep -A1 '^+      - uses: docker/setup-buildx-action' $T/out.txt | tail -1)\" = '       # the image' ]"
check "the configured workflow is left alone" "! grep -q 'done.yml' $T/out.txt $T/err.txt"
check "the diff applies with git apply" "git apply --check $T/out.txt"
check "GitLab CI: a note at its line" \
    "grep -q '^.gitlab-ci.yml:4: note: \\[ci-cache\\] .--no-cache. makes every CI build' $T/err.txt"
check "a script that builds: a note with the registry cache flags" \
    "grep -q '^scripts/build.sh:3: note: \\[ci-cache\\] .docker build. starts from an empty cache.*--cache-to type=registry' $T/err.txt"
check "a script that does not build: nothing" "! grep -q hello.sh $T/err.txt"
check "a Makefile: DOCKER_BUILDKIT=0" "grep -q '^Makefile:2: note: \\[ci-cache\\] DOCKER_BUILDKIT set to .0.' $T/err.txt"
check "a script in a subdirectory is found too" "grep -q '^sub/build.sh:1: note: \\[ci-cache\\]' $T/err.txt"
check "advice: the moving base tag" "grep -q '^Dockerfile:1: note: \\[advice\\] FROM python:3: the image is on the tag .3.' $T/err.txt"
"$LF" sub > $T/out.txt 2> $T/err.txt
check "a directory PATH: only the CI files inside it" \
    "grep -q '^sub/build.sh:1: note: \\[ci-cache\\]' $T/err.txt && ! grep -q '$WF' $T/out.txt && ! grep -q '^.gitlab-ci.yml' $T/err.txt"
"$LF" Dockerfile > $T/out.txt 2> $T/err.txt
check "a file PATH: no CI file" "! grep -q 'ci-cache' $T/out.txt $T/err.txt"
(cd sub && "$LF" > $T/out.txt 2> $T/err.txt)
check "no PATH below the root: the CI files below the current directory" \
    "grep -q '^build.sh:1: note: \\[ci-cache\\]' $T/err.txt && ! grep -q 'image.yml' $T/out.txt"

# --- --pass, --skip, .layerfix.yml, inline control --------------------------------
"$LF" --pass=ci-cache > $T/out.txt 2> $T/err.txt
check "--pass=ci-cache: only the workflow changes, no advice" \
    "[ \"\$(grep -c '^diff --git' $T/out.txt)\" = 1 ] && grep -q '^diff --git a/$WF' $T/out.txt && ! grep -q advice $T/err.txt"
"$LF" --skip=ci-cache > $T/out.txt 2> $T/err.txt
check "--skip=ci-cache: no workflow, no CI note" "! grep -q 'ci-cache' $T/out.txt $T/err.txt"
"$LF" --pass=advice > $T/out.txt 2> $T/err.txt
check "--pass=advice: notes only, exit 0" "[ $? = 0 ] && [ ! -s $T/out.txt ] && grep -q '\\[advice\\]' $T/err.txt"
printf 'passes:\n  ci-cache: false\n  advice: false\n' > .layerfix.yml
"$LF" > $T/out.txt 2> $T/err.txt
check ".layerfix.yml turns both off" "! grep -q 'ci-cache\\|advice\\|image.yml' $T/out.txt $T/err.txt"
rm .layerfix.yml
{ printf '# layerfix: disable=ci-cache\n'; git show HEAD:$WF; } > $WF
"$LF" --pass=ci-cache > $T/out.txt 2> $T/err.txt
check "disable=ci-cache at the top of a workflow" "! grep -q 'image.yml' $T/out.txt $T/err.txt"
git show HEAD:$WF | sed 's/^      # the image$/      # layerfix: ignore=ci-cache/' > $WF
"$LF" --pass=ci-cache > $T/out.txt 2> $T/err.txt
check "ignore=ci-cache above the step: no edit, a note on the step" \
    "! grep -q 'image.yml' $T/out.txt && grep -q '^$WF:9: note: \\[ci-cache\\] no changes made to this file' $T/err.txt"
git checkout -q $WF

# --- machine outputs ------------------------------------------------------------
"$LF" --format=json > $T/out.json 2> $T/err.txt
check "json: exit 1" "[ $? = 1 ]"
check "json: the workflow, kind workflow, ci-cache edits from line 9 on" \
    "json $T/out.json 'd.files.some(f => f.path === \"$WF\" && f.kind === \"workflow\" && f.status === \"changed\" && f.edits.length >= 2 && f.edits.every(e => e.pass === \"ci-cache\" && e.start_line >= 8 && e.reason.length > 0) && f.diff.includes(\"cache-to: type=gha,mode=max\"))' | grep -q true"
check "json: GitLab CI, kind ci-file, unchanged, notes with lines" \
    "json $T/out.json 'd.files.some(f => f.path === \".gitlab-ci.yml\" && f.kind === \"ci-file\" && f.status === \"unchanged\" && f.notes.length === 1 && f.notes.every(n => n.pass === \"ci-cache\" && n.line === 4 && n.path === \".gitlab-ci.yml\"))' | grep -q true"
check "json: per_pass counts ci-cache and advice" \
    "json $T/out.json 'd.summary.per_pass[\"ci-cache\"] >= 2 && d.summary.per_pass.advice === 0 && Object.keys(d.summary.per_pass).slice(-2).join() === \"ci-cache,advice\"' | grep -q true"
check "json: the advice note on the Dockerfile" \
    "json $T/out.json 'd.files.find(f => f.path === \"Dockerfile\").notes.some(n => n.pass === \"advice\" && n.line === 1)' | grep -q true"
"$LF" --format=sarif > $T/out.sarif 2> $T/err.txt
check "sarif: rules for ci-cache and advice" \
    "json $T/out.sarif '[\"ci-cache\", \"advice\"].every(id => d.runs[0].tool.driver.rules.some(r => r.id === id && r.fullDescription.text.length > 0))' | grep -q true"
check "sarif: the workflow change and the script note at their lines" \
    "json $T/out.sarif 'const loc = r => r.locations[0].physicalLocation; d.runs[0].results.some(r => r.ruleId === \"ci-cache\" && r.level === \"warning\" && loc(r).artifactLocation.uri === \"$WF\" && loc(r).region.startLine >= 8) && d.runs[0].results.some(r => r.ruleId === \"ci-cache\" && r.level === \"note\" && loc(r).artifactLocation.uri === \"scripts/build.sh\" && loc(r).region.startLine === 3)' | grep -q true"
"$LF" --format=github > $T/out.txt 2> $T/err.txt
check "github: a warning on the workflow, a notice on the Makefile" \
    "grep -Eq '^::warning file=$WF,line=[0-9]+.*title=layerfix \\[ci-cache\\]::' $T/out.txt && grep -q '^::notice file=Makefile,line=2,title=layerfix \\[ci-cache\\]::' $T/out.txt"
"$LF" --check --pr-body=$T/pr.md > $T/out.txt 2> $T/err.txt
check "pr body: the workflow's section and the trade-offs" \
    "grep -q '^### \`$WF\`: ci-cache' $T/pr.md && grep -q '^### Trade-offs of ci-cache' $T/pr.md && grep -q 'per repository and limited in size' $T/pr.md"
check "pr body: the CI notes under other findings" "grep -q '^\`scripts/build.sh\`:' $T/pr.md"

# --- --fix, --commit ---------------------------------------------------------------
new_repo
chmod 600 $WF
{ git show HEAD:$WF | sed 's/$/\r/'; } > .github/workflows/crlf.yml
git add -A && git commit -qm crlf
"$LF" --fix > $T/out.txt 2> $T/err.txt
check "--fix: exit 1, the workflows written" \
    "[ $? = 1 ] && grep -q '^$WF: fixed' $T/err.txt && grep -q '^.github/workflows/crlf.yml: fixed' $T/err.txt"
check "--fix: the workflow has the cache and keeps its mode" \
    "grep -q '^          cache-to: type=gha,mode=max$' $WF && [ \"\$(stat -c %a $WF)\" = 600 ]"
check "--fix: each workflow holds its own text once (two edited in one run)" \
    "[ \"\$(head -1 $WF)\" = 'name: image' ] && [ \"\$(grep -c '^jobs:' $WF)\" = 1 ] && [ \"\$(grep -c '^jobs:' .github/workflows/crlf.yml)\" = 1 ]"
check "--fix: CRLF stays CRLF" \
    "[ \"\$(grep -c \$'\\r\$' .github/workflows/crlf.yml)\" = \"\$(wc -l < .github/workflows/crlf.yml)\" ] && grep -q 'cache-from: type=gha' .github/workflows/crlf.yml"
check "--fix: scripts and GitLab CI untouched" "git diff --quiet -- .gitlab-ci.yml scripts Makefile"
"$LF" --check > $T/out.txt 2> $T/err.txt
check "a second run proposes nothing" "[ $? = 0 ] && grep -q '0 files would change' $T/out.txt"
new_repo
"$LF" --commit > $T/out.txt 2> $T/err.txt
check "--commit: the workflow in the commit, the work tree untouched" \
    "[ $? = 1 ] && git show layerfix/cache-efficiency:$WF | grep -q 'cache-from: type=gha' && git diff --quiet"

echo "$pass passed, $fails failed"
[ "$fails" = 0 ]

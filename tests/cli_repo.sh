#!/usr/bin/env bash
# End-to-end tests of layerfix on whole repositories: discovery with no PATH,
# build contexts from compose and bake files, .layerfix.yml, the machine
# outputs (--format=json|sarif|github), --pr-body, bot mode (--commit), and
# one-run convergence of copy-manifests-first with the dockerignore pass.
# Args: $1 layerfix binary, $2 source dir.
set -u
LF=$1
. "$2/tests/clilib.sh"
git_home
command -v node > /dev/null || { echo "skipped: node not found (JSON checks)"; exit 77; }

# A node project: COPY . . before npm ci, a git-ignored node_modules on disk.
new_repo() {
    rm -rf "$T/r" && mkdir -p "$T/r" && cd "$T/r" || exit 1
    git init -q .
    printf 'FROM node:20\nWORKDIR /app\nCOPY . .\nRUN npm ci\nCMD ["node", "index.js"]\n' > Dockerfile
    printf '{"name":"x","version":"1.0.0"}\n' > package.json
    printf '{"lockfileVersion":3}\n' > package-lock.json
    printf 'console.log(1)\n' > index.js
    printf 'node_modules/\n' > .gitignore
    mkdir -p node_modules/a && printf 'x\n' > node_modules/a/index.js
    git add -A && git commit -qm init
}
json() { # json FILE EXPR: prints the value of a JS expression over the document `d`
    node -e 'const d = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
             console.log(eval(process.argv[2]))' "$1" "$2"
}

# --- one run converges ------------------------------------------------------
new_repo
"$LF" --fix > $T/out.txt 2> $T/err.txt
check "--fix in a repo exits 1" "[ $? = 1 ]"
check "copy-manifests-first moved the COPY in the same run as the .dockerignore" \
    "grep -q '^COPY package.json package-lock.json ./' Dockerfile && grep -q node_modules .dockerignore"
"$LF" --check > $T/out.txt 2> $T/err.txt
check "a second run proposes nothing" "[ $? = 0 ] && grep -q '0 files would change' $T/out.txt"

# --- JSON ---------------------------------------------------------------------
new_repo
"$LF" --format=json > $T/out.json 2> $T/err.txt
check "--format=json exits 1 with changes" "[ $? = 1 ]"
check "json: valid, version 1, two files" "[ \"\$(json $T/out.json 'd.version + \" \" + d.files.length')\" = '1 2' ]"
check "json: the Dockerfile changed by copy-manifests-first" \
    "json $T/out.json 'd.files.find(f => f.path === \"Dockerfile\").edits.some(e => e.pass === \"copy-manifests-first\" && e.start_line >= 1)' | grep -q true"
check "json: the new .dockerignore with context sizes" \
    "json $T/out.json 'd.files.find(f => f.kind === \"dockerignore\").context.after.files < d.files.find(f => f.kind === \"dockerignore\").context.before.files' | grep -q true"
check "json: no diff on stdout besides the document" "[ \"\$(head -c1 $T/out.json)\" = '{' ]"
check "json: nothing written" "! [ -e .dockerignore ] && grep -q '^COPY \\. \\.' Dockerfile"

# --- SARIF --------------------------------------------------------------------
"$LF" --format=sarif > $T/out.sarif 2> $T/err.txt
check "--format=sarif exits 1" "[ $? = 1 ]"
check "sarif: version 2.1.0, driver layerfix, rules for the passes" \
    "[ \"\$(json $T/out.sarif 'd.version + \" \" + d.runs[0].tool.driver.name + \" \" + d.runs[0].tool.driver.rules.some(r => r.id === \"cache-mounts\")')\" = '2.1.0 layerfix true' ]"
check "sarif: every result has a rule, a message and a region" \
    "json $T/out.sarif 'd.runs[0].results.length > 0 && d.runs[0].results.every(r => r.ruleId && r.message.text && r.locations[0].physicalLocation.region.startLine >= 1)' | grep -q true"

# --- GitHub annotations ------------------------------------------------------
"$LF" --format=github > $T/out.txt 2> $T/err.txt
check "--format=github exits 1" "[ $? = 1 ]"
check "github: a warning on the Dockerfile with a line" \
    "grep -Eq '^::warning file=Dockerfile,line=[0-9]+.*::' $T/out.txt"

# --- PR body ------------------------------------------------------------------
"$LF" --check --pr-body=$T/pr.md > $T/out.txt 2> $T/err.txt
check "--pr-body writes Markdown with a table row per file" \
    "[ -s $T/pr.md ] && grep -q '^| File' $T/pr.md && grep -q 'Dockerfile' $T/pr.md && grep -q '^\`\`\`diff' $T/pr.md"
check "--pr-body leaves the work tree alone" "! [ -e .dockerignore ] && [ -z \"\$(git status --porcelain --untracked-files=no)\" ]"

# --- bot mode -------------------------------------------------------------------
new_repo
head_before=$(git rev-parse HEAD)
status_before=$(git status --porcelain)
"$LF" --commit > $T/out.txt 2> $T/err.txt
check "--commit exits 1 (changes committed)" "[ $? = 1 ]"
check "--commit prints the branch and the commit id" \
    "grep -Eq '^layerfix/cache-efficiency [0-9a-f]{40}$' $T/out.txt"
check "the branch's parent is HEAD" "[ \"\$(git rev-parse layerfix/cache-efficiency^)\" = $head_before ]"
check "HEAD, the branch and the work tree are unchanged" \
    "[ \"\$(git rev-parse HEAD)\" = $head_before ] && [ \"\$(git symbolic-ref HEAD)\" = refs/heads/main ] && [ \"\$(git status --porcelain)\" = \"\$status_before\" ] && grep -q '^COPY \\. \\.' Dockerfile"
check "the commit holds the rewritten Dockerfile and the new .dockerignore" \
    "git show layerfix/cache-efficiency:Dockerfile | grep -q '^COPY package.json' && git show layerfix/cache-efficiency:.dockerignore | grep -q node_modules"
"$LF" --commit > $T/out.txt 2> $T/err.txt
check "--commit refuses an existing branch" "[ $? = 2 ] && grep -qi 'exists' $T/err.txt"
"$LF" --commit --force-branch --branch=bot/x --author='Bot <bot@example.com>' --message='cache fixes' > $T/out.txt 2> $T/err.txt
check "--branch, --author and --message" \
    "[ \"\$(git log -1 --format='%an <%ae>|%s' bot/x)\" = 'Bot <bot@example.com>|cache fixes' ]"
"$LF" --commit --fix > /dev/null 2> $T/err.txt
check "--commit with --fix is a usage error" "[ $? = 2 ]"

# --- .layerfix.yml --------------------------------------------------------------
new_repo
rm -rf node_modules # without the dockerignore pass it would stop copy-manifests-first
printf 'passes:\n  cache-mounts: false\n  dockerignore: false\n' > .layerfix.yml
"$LF" > $T/out.txt 2> $T/err.txt
check "config turns passes off" "[ $? = 1 ] && ! grep -q 'mount=type=cache' $T/out.txt && ! grep -q dockerignore $T/out.txt"
"$LF" --no-config > $T/out.txt 2> $T/err.txt
check "--no-config ignores it" "grep -q 'mount=type=cache' $T/out.txt"
printf 'passes:\n  cache-mounts: false\ncolour: red\n' > .layerfix.yml
"$LF" > $T/out.txt 2> $T/err.txt
check "an unknown key is an error with FILE:LINE:COL" "[ $? = 2 ] && grep -q '.layerfix.yml:3:1: error:' $T/err.txt && [ ! -s $T/out.txt ]"
printf 'exclude:\n  - legacy/**\n' > .layerfix.yml
mkdir -p legacy && printf 'FROM debian\nRUN apt-get update\nRUN apt-get install -y curl\n' > legacy/Dockerfile
"$LF" --check > $T/out.txt 2> $T/err.txt
check "exclude globs leave Dockerfiles out of discovery" "grep -q '^1 Dockerfile checked' $T/out.txt"

# --- compose contexts -------------------------------------------------------------
new_repo
rm -rf node_modules
mkdir -p docker && git mv Dockerfile docker/app.Dockerfile
printf 'services:\n  app:\n    build:\n      context: .\n      dockerfile: docker/app.Dockerfile\n' > compose.yaml
git add -A && git commit -qm compose
"$LF" --skip=dockerignore > $T/out.txt 2> $T/err.txt
check "compose: the context is the repository root, so the manifests are found" \
    "grep -q '^+COPY package.json package-lock.json ./' $T/out.txt"
"$LF" --skip=dockerignore --context=docker > $T/out.txt 2> $T/err.txt
check "--context wins over compose" "! grep -q '^+COPY package.json' $T/out.txt"

# --- files that are not the project's to edit ------------------------------------
# Generated (a DO NOT EDIT header), rendered from a template above, vendored,
# a template itself: each skipped with a note, not counted as a change.
new_repo
rm -rf node_modules
APT='FROM debian\nRUN apt-get update\nRUN apt-get install -y curl\n'
mkdir -p gen rendered/1.0 vendor/lib tmpl
printf "# DO NOT EDIT: generated by update.sh\n$APT" > gen/Dockerfile
printf "$APT" > rendered/Dockerfile.template
printf "$APT" > rendered/1.0/Dockerfile
printf "$APT" > vendor/lib/Dockerfile
printf 'FROM {{ .base }}\nRUN apt-get update\n' > tmpl/Dockerfile.tmpl
git add -A && git commit -qm foreign
"$LF" --check --skip=dockerignore > $T/out.txt 2> $T/err.txt
check "foreign files: exit 1 for the project's own Dockerfile only" \
    "[ $? = 1 ] && grep -q '^1 Dockerfile checked, 1 file would change.*, 5 skipped' $T/out.txt"
check "a generated file: skipped, with the header line quoted" \
    "grep -q '^gen/Dockerfile: note: \[layerfix\] skipped: generated: line 1 says \"DO NOT EDIT' $T/err.txt"
check "a file rendered from a template above it: skipped, naming the template" \
    "grep -q '^rendered/1.0/Dockerfile: note: .*rendered from the template .rendered/Dockerfile.template.' $T/err.txt"
check "vendored code: skipped" "grep -q '^vendor/lib/Dockerfile: note: .*vendored' $T/err.txt"
check "a template: skipped, not an error" \
    "grep -q '^tmpl/Dockerfile.tmpl: note: .*a template' $T/err.txt && ! grep -q error $T/err.txt"
"$LF" --check --skip=dockerignore gen/Dockerfile > $T/out.txt 2> $T/err.txt
check "a generated file named on the command line is rewritten" "[ $? = 1 ] && ! grep -q skipped $T/err.txt"
printf 'include:\n  - gen/Dockerfile\n' > .layerfix.yml
"$LF" --check --skip=dockerignore > $T/out.txt 2> $T/err.txt
check "include: opts a generated file back in" "grep -q '^2 Dockerfiles checked, 2 files would change.*, 4 skipped' $T/out.txt"
rm .layerfix.yml

# A tree whose Dockerfiles are mostly generated: the one the comparisons
# do not recognise is left alone too (a generator renders all of a tree).
new_repo
rm -rf node_modules
mkdir -p src/a src/b src/c src/d src/e
for d in a b c d; do printf "# DO NOT EDIT: generated by gen.sh\n$APT" > src/$d/Dockerfile; done
printf "FROM debian\nRUN apt-get update && apt-get install -y gcc\n" > src/e/Dockerfile
git add -A && git commit -qm tree
"$LF" --check --skip=dockerignore > $T/out.txt 2> $T/err.txt
check "a tree of generated files: the odd one out is skipped too, saying why" \
    "grep -q '^src/e/Dockerfile: note: \[layerfix\] skipped: 4 of the 5 Dockerfiles under .src/. are generated' $T/err.txt && grep -q ', 5 skipped' $T/out.txt"

# The image runs git on the copied tree: .git stays in the build context,
# with a note, while node_modules still goes (repository mode).
new_repo
printf 'FROM node:20\nWORKDIR /app\nCOPY . .\nRUN npm ci && git rev-parse HEAD > /app/REVISION\n' > Dockerfile
git add -A && git commit -qm git-uses
"$LF" --pass=dockerignore > $T/out.txt 2> $T/err.txt
check "the image runs git: .git is not excluded, node_modules is" \
    "grep -q '^+\*\*/node_modules' $T/out.txt && ! grep -q '^+\.git' $T/out.txt"
check "the image runs git: a note says .git stays" \
    "grep -q '^Dockerfile:4: note: \[dockerignore\] .\.git. stays in the build context' $T/err.txt"

# A discovered file BuildKit cannot parse: a warning, the others still run.
new_repo
rm -rf node_modules
mkdir -p broken && printf 'FROM debian\nRUN <<EOF\necho\n' > broken/Dockerfile
git add -A && git commit -qm broken
"$LF" --check --skip=dockerignore > $T/out.txt 2> $T/err.txt
check "an unparsable discovered file: exit 1 (the other file changes), a warning with FILE:LINE:COL" \
    "[ $? = 1 ] && grep -Eq '^broken/Dockerfile:2:[0-9]+: warning: not a Dockerfile BuildKit can parse, skipped: ' $T/err.txt"
"$LF" --check --skip=dockerignore broken/Dockerfile > $T/out.txt 2> $T/err.txt
check "the same file named on the command line is an error (exit 2)" \
    "[ $? = 2 ] && grep -q '^broken/Dockerfile:2:[0-9]*: error:' $T/err.txt"

echo "$pass passed, $fails failed"
[ "$fails" = 0 ]

#!/usr/bin/env bash
# End-to-end tests of the rewrite command: modes, exit codes, safe writes,
# error reporting. Args: $1 layerfix binary, $2 source dir.
set -u
SRC=$2
T=$(mktemp -d)
trap 'chmod -R u+w "$T"; rm -rf "$T"' EXIT
# These tests are about the command line, on merge-apt's rewrite of small apt
# examples; cache-mounts and dockerignore (tested on their own, and below with
# the real binary) would add to every one of them.
printf '#!/bin/sh\nexec "%s" --skip=cache-mounts,dockerignore "$@"\n' "$1" > "$T/layerfix"
chmod +x "$T/layerfix"
LF=$T/layerfix
REAL_LF=$1
cd "$T" || exit 1
fails=0
pass=0
ok() { pass=$((pass + 1)); }
bad() { echo "FAIL: $*"; fails=$((fails + 1)); }
check() { if eval "$2"; then ok; else bad "$1"; fi; }

input='FROM debian:bookworm-slim
RUN apt-get update
RUN apt-get install -y curl
'
expected='FROM debian:bookworm-slim
RUN apt-get update && apt-get install -y curl
'
mkdir d && printf '%s' "$input" > d/Dockerfile

# dry run: diff on stdout, exit 1, file untouched, and the diff applies with git apply
"$LF" --color=never d/Dockerfile > out.txt 2> err.txt
check "dry run exits 1" "[ $? = 1 ]"
check "dry run prints a git diff header" "grep -q '^diff --git a/d/Dockerfile b/d/Dockerfile' out.txt"
check "dry run leaves the file alone" "[ \"\$(cat d/Dockerfile)\" = \"\$(printf '%s' \"\$input\")\" ]"
mkdir applied && cp d/Dockerfile applied/ && mkdir -p applied/d && cp d/Dockerfile applied/d/
(cd applied && git apply ../out.txt) 2> apply.err
check "git apply accepts the diff" "[ \$? = 0 ] && cmp -s applied/d/Dockerfile <(printf '%s' \"\$expected\")"

# --explain names the pass under the hunk
"$LF" --color=never --explain d/Dockerfile > out.txt 2> /dev/null
check "--explain names the pass" "grep -q '^# \[merge-apt\] line 3:' out.txt"

# colour
"$LF" --color=always d/Dockerfile > out.txt 2> /dev/null
check "--color=always colours" "grep -q $'\033\\[32m+' out.txt"
NO_COLOR=1 "$LF" d/Dockerfile > out.txt 2> /dev/null
check "NO_COLOR disables colour" "! grep -q $'\033' out.txt"

# --check: summary only
"$LF" --check d/Dockerfile > out.txt 2> /dev/null
check "--check exits 1" "[ $? = 1 ]"
check "--check prints a summary, no diff" "grep -q '1 Dockerfile checked, 1 file would change (merge-apt: 1)' out.txt && ! grep -q '^diff' out.txt"

# --fix: atomic write, mode kept, second run clean
chmod 640 d/Dockerfile
"$LF" --fix d/Dockerfile > out.txt 2> err.txt
check "--fix exits 1 when it changed something" "[ $? = 1 ]"
check "--fix wrote the expected text" "cmp -s d/Dockerfile <(printf '%s' \"\$expected\")"
check "--fix kept the mode" "[ \"\$(stat -c %a d/Dockerfile)\" = 640 ]"
check "--fix leaves no temporary file" "[ \$(ls -A d | wc -l) = 1 ]"
"$LF" --fix d/Dockerfile > out.txt 2> err.txt
check "a second --fix finds nothing (exit 0)" "[ $? = 0 ]"

# CRLF stays CRLF
mkdir crlf && printf 'FROM debian:bookworm-slim\r\nRUN apt-get update\r\nRUN apt-get install -y curl\r\n' > crlf/Dockerfile
"$LF" --fix crlf/Dockerfile > /dev/null 2>&1
check "--fix keeps CRLF" "cmp -s crlf/Dockerfile <(printf 'FROM debian:bookworm-slim\r\nRUN apt-get update && apt-get install -y curl\r\n')"

# nothing to do: exit 0, no output
mkdir clean && printf 'FROM scratch\nCOPY a /a\n' > clean/Dockerfile
"$LF" clean/Dockerfile > out.txt 2> err.txt
check "clean file exits 0 with no output" "[ $? = 0 ] && [ ! -s out.txt ]"

# a syntax error: exit 2, FILE:LINE:COL, untouched, other files still processed
mkdir broken && printf 'FROM debian\nRUN <<EOF\necho never ends\n' > broken/Dockerfile
cp broken/Dockerfile broken.orig
printf '%s' "$input" > d/Dockerfile
"$LF" --fix broken/Dockerfile d/Dockerfile > out.txt 2> err.txt
check "an error exits 2" "[ $? = 2 ]"
check "errors read FILE:LINE:COL: error:" "grep -Eq '^broken/Dockerfile:2:[0-9]+: error: unterminated heredoc' err.txt"
check "the broken file is untouched" "cmp -s broken/Dockerfile broken.orig"
check "the other file was still fixed" "cmp -s d/Dockerfile <(printf '%s' \"\$expected\")"

# bad input files
printf 'FROM x\n\0RUN y\n' > bin.Dockerfile
"$LF" bin.Dockerfile > /dev/null 2> err.txt
check "binary file: exit 2 and a clear error" "[ $? = 2 ] && grep -q 'binary file' err.txt"
printf 'FROM x\nRUN echo \xff\xfe\n' > utf.Dockerfile
"$LF" utf.Dockerfile > /dev/null 2> err.txt
check "invalid UTF-8: exit 2 with line:col" "[ $? = 2 ] && grep -q 'invalid UTF-8 at 2:' err.txt"
: > empty.Dockerfile
"$LF" empty.Dockerfile > /dev/null 2> err.txt
check "empty file: exit 2" "[ $? = 2 ] && grep -q 'file with no instructions' err.txt"
mkdir -p dir/Dockerfile
"$LF" dir/Dockerfile > /dev/null 2> err.txt
check "a directory named Dockerfile: exit 2" "[ $? = 2 ] && grep -q 'is a directory' err.txt"
"$LF" missing/Dockerfile > /dev/null 2> err.txt
check "a missing file: exit 2" "[ $? = 2 ] && grep -q 'missing/Dockerfile' err.txt"

# read-only file with --fix: error, untouched
mkdir ro && printf '%s' "$input" > ro/Dockerfile && chmod 444 ro/Dockerfile
if [ "$(id -u)" = 0 ]; then
    # root may write anything; the refusal is about the file's own permission
    "$LF" --fix ro/Dockerfile > /dev/null 2> err.txt
    check "read-only file: exit 2, untouched" "[ $? = 2 ] && grep -q 'not writable' err.txt && cmp -s ro/Dockerfile <(printf '%s' \"\$input\")"
else
    "$LF" --fix ro/Dockerfile > /dev/null 2> err.txt
    check "read-only file: exit 2, untouched" "[ $? = 2 ] && cmp -s ro/Dockerfile <(printf '%s' \"\$input\")"
fi

# a symlinked Dockerfile: the target is written, the link stays a link
mkdir link && printf '%s' "$input" > link/real.Dockerfile && ln -s real.Dockerfile link/Dockerfile
"$LF" --fix link/Dockerfile > /dev/null 2>&1
check "symlink stays a link" "[ -L link/Dockerfile ]"
check "symlink target rewritten" "cmp -s link/real.Dockerfile <(printf '%s' \"\$expected\")"

# no PATH outside a git repository
mkdir nogit && (cd nogit && "$LF" > ../out.txt 2> ../err.txt)
check "no PATH outside git: exit 2 with a message" "[ $? = 2 ] && grep -q 'not inside a git repository' err.txt"

# a directory PATH finds Dockerfile-like names
mkdir -p tree/svc tree/low && printf '%s' "$input" > tree/svc/api.Dockerfile && printf '%s' "$input" > tree/Containerfile && printf '%s' "$input" > tree/low/dockerfile && printf 'x\n' > tree/notes.txt
"$LF" --check tree > out.txt 2> /dev/null
check "directory search finds *.Dockerfile, Containerfile and dockerfile" "grep -q '3 Dockerfiles checked, 3 files would change' out.txt"

# a 100,000-line continuation: no crash (the bash tree of a long && chain is
# that deep), the shell text is left unanalysed with a note
{ printf 'FROM debian\nRUN echo start \\\n'; for i in $(seq 1 100000); do printf '    && echo %d \\\n' "$i"; done; printf '    && echo end\n'; } > long.Dockerfile
"$LF" --check long.Dockerfile > out.txt 2> err.txt
check "a 100,000-line RUN: exit 0, no crash" "[ $? = 0 ] && grep -q '1 Dockerfile checked, 0 files would change' out.txt"

# a 50 MB file (a COPY heredoc): processed, no crash
mkdir big && { printf 'FROM debian\nCOPY <<EOF /data.txt\n'; head -c 52428800 /dev/zero | tr '\0' 'x' | fold -w 80; printf '\nEOF\n'; } > big/Dockerfile
cp big/Dockerfile big.orig
"$LF" --fix big/Dockerfile > out.txt 2> err.txt
check "a 50 MB file: processed, exit 0, untouched" "[ $? = 0 ] && [ \$(stat -c %s big/Dockerfile) -gt 52428800 ] && cmp -s big/Dockerfile big.orig"
rm -rf big big.orig

# 65,535 comment lines in a row corrupt the tree-sitter runtime's heap: refused
mkdir manyc && { printf 'FROM debian\n'; yes '# a comment' | head -n 70000; printf 'RUN apt-get update\n'; } > manyc/Dockerfile
cp manyc/Dockerfile manyc.orig
"$LF" --fix manyc/Dockerfile d/Dockerfile > out.txt 2> err.txt
check "70,000 comment lines in a row: exit 2, FILE:LINE:COL error, untouched" "[ $? = 2 ] && grep -q '^manyc/Dockerfile:2:1: error: .*comment or blank lines in a row' err.txt && cmp -s manyc/Dockerfile manyc.orig"

# heredocs: 16 on one line (the most the scanner tracks), with bodies that
# look like heredoc openers; more than 16 is a clear error
{ printf 'FROM debian\nRUN'; for i in $(seq 1 16); do printf ' <<E%d' "$i"; done; printf '\n'; for i in $(seq 1 16); do printf 'cat <<INNER%d\nRUN <<X\nE%d\n' "$i" "$i"; done; printf 'RUN apt-get update\nRUN apt-get install -y curl\n'; } > heredocs.Dockerfile
"$LF" --fix heredocs.Dockerfile > out.txt 2> err.txt
check "16 heredocs on one RUN line, nested-looking bodies: fixed after them" "[ $? = 1 ] && [ \$(grep -c '^E[0-9]*$' heredocs.Dockerfile) = 16 ] && grep -q '^RUN apt-get update && apt-get install -y curl$' heredocs.Dockerfile"
"$LF" --check heredocs.Dockerfile > out.txt 2> err.txt
check "16 heredocs: a second run proposes nothing" "[ $? = 0 ]"
{ printf 'FROM debian\nRUN'; for i in $(seq 1 300); do printf ' <<E%d' "$i"; done; printf '\n'; for i in $(seq 1 300); do printf 'E%d\n' "$i"; done; } > heredocs300.Dockerfile
"$LF" --check heredocs300.Dockerfile > out.txt 2> err.txt
check "300 heredocs on one line: exit 2, one clear error" "[ $? = 2 ] && [ \$(grep -c 'more than 16 heredocs on one line' err.txt) = 1 ] && grep -q '^heredocs300.Dockerfile:2:[0-9]*: error:' err.txt"

# an unterminated JSON array is shell form for BuildKit: accepted, untouched
printf 'FROM debian\nCMD ["echo", "hi"\nRUN ["sh", "-c", "echo"\n' > json.Dockerfile
cp json.Dockerfile json.orig
"$LF" --fix json.Dockerfile > out.txt 2> err.txt
check "unterminated JSON array: exit 0, untouched" "[ $? = 0 ] && cmp -s json.Dockerfile json.orig"

# an unreadable file: a clear error, the others still processed (root reads
# everything, so as root the check runs as nobody)
mkdir unread && printf '%s' "$input" > unread/Dockerfile && chmod 000 unread/Dockerfile
mkdir other && printf '%s' "$input" > other/Dockerfile
as_user=()
lf_user=$LF
run_unread=1
if [ "$(id -u)" = 0 ]; then
    run_unread=0
    if command -v setpriv > /dev/null; then
        as_user=(setpriv --reuid=65534 --regid=65534 --clear-groups)
        chmod 755 "$T" && chmod 777 other other/Dockerfile unread
        # the build tree may sit below a directory nobody cannot enter (a
        # clone in a private temporary directory): then run a copy from $T
        if ! "${as_user[@]}" "$lf_user" --version > /dev/null 2>&1; then
            cp "$REAL_LF" "$T/layerfix-bin" && chmod 755 "$T/layerfix-bin"
            printf '#!/bin/sh\nexec "%s" --skip=cache-mounts,dockerignore "$@"\n' "$T/layerfix-bin" > "$T/layerfix-copy"
            chmod 755 "$T/layerfix-copy"
            lf_user=$T/layerfix-copy
        fi
        if "${as_user[@]}" "$lf_user" --version > /dev/null 2>&1; then
            run_unread=1
        fi
    fi
    [ "$run_unread" = 1 ] || echo "skip: unreadable file (running as root, and cannot run layerfix as nobody)"
fi
if [ "$run_unread" = 1 ]; then
    "${as_user[@]}" "$lf_user" --check unread/Dockerfile other/Dockerfile > out.txt 2> err.txt
    check "unreadable file: exit 2, names it, the other file still checked" "[ $? = 2 ] && grep -q '^unread/Dockerfile: error: .*Permission denied' err.txt && grep -q '2 Dockerfiles checked, 1 file would change' out.txt"
fi
chmod 644 unread/Dockerfile

# a path outside the git repository of the current directory: processed as a plain file
mkdir -p repo outside && (cd repo && git init -q .) && printf '%s' "$input" > outside/Dockerfile
(cd repo && "$LF" --check ../outside/Dockerfile > ../out.txt 2> ../err.txt)
check "a path outside the repository: checked as a plain file" "[ $? = 1 ] && grep -q '1 Dockerfile checked, 1 file would change' out.txt"

# dockerignore: a new .dockerignore is part of the same diff, applies with
# git apply, and --fix creates it (mode 0644); a second run proposes nothing
mkdir -p di/src && printf 'FROM scratch\nCOPY src /src\n' > di/Dockerfile && printf 'x\n' > di/src/a.txt && printf 'y\n' > di/notes.txt
(cd di && git init -q . && printf '*.log\n' > .gitignore && printf 'z\n' > src/debug.log)
"$REAL_LF" --color=never di > di.diff 2> /dev/null
check "dockerignore: a new file in the diff" "grep -q '^new file mode 100644' di.diff && grep -q '^+++ b/di/.dockerignore' di.diff"
mkdir di-apply && cp -r di di-apply/ && (cd di-apply && git apply ../di.diff)
check "dockerignore: the diff applies" "[ -f di-apply/di/.dockerignore ]"
"$REAL_LF" --fix di > /dev/null 2>&1
check "dockerignore: --fix creates the file with mode 644" "[ \"\$(stat -c %a di/.dockerignore)\" = 644 ] && cmp -s di/.dockerignore di-apply/di/.dockerignore"
"$REAL_LF" di > out.txt 2> /dev/null
check "dockerignore: a second run proposes nothing" "[ $? = 0 ] && [ ! -s out.txt ]"

# options
"$LF" --list-passes > out.txt
check "--list-passes lists the passes in order" "[ \"\$(cut -d' ' -f1 out.txt | head -2 | tr '\n' ' ')\" = 'merge-apt copy-manifests-first ' ]"
"$LF" --version > out.txt 2> err.txt
check "--version after other options: prints the version, exit 0" "[ $? = 0 ] && grep -Eq '^layerfix [0-9]+[.][0-9]+' out.txt && [ ! -s err.txt ]"
"$LF" --pass=nope d/Dockerfile > /dev/null 2> err.txt
check "unknown pass: exit 2" "[ $? = 2 ] && grep -q \"unknown pass 'nope'\" err.txt"
"$LF" --bogus > /dev/null 2> err.txt
check "unknown option: exit 2" "[ $? = 2 ]"
"$LF" --help > out.txt
check "--help documents every option" "(for o in --fix --check --list-passes --pass= --skip= --explain --color= --context= --quiet 'Exit status'; do grep -q -- \"\$o\" out.txt || exit 1; done)"
missing=
for o in $(grep -oE -- '--[a-z][a-z-]+' out.txt | sort -u); do
    [ "$o" = --mount ] || [ "$o" = --opt ] && continue # RUN --mount, --opt VALUE in prose
    grep -qF -- "\\-\\-${o#--}" "$SRC/docs/layerfix.1" || missing="$missing man:$o"
    grep -q -- "\`$o" "$SRC/README.md" || missing="$missing README:$o"
done
check "every option in --help is in the man page and the README ($missing)" "[ -z \"$missing\" ]"
printf '%s' "$input" > d/Dockerfile
"$LF" --skip=merge-apt d/Dockerfile > out.txt 2> /dev/null
check "--skip turns a pass off" "[ $? = 0 ] && [ ! -s out.txt ]"

echo "$pass passed, $fails failed"
[ "$fails" = 0 ]

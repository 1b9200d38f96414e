#!/usr/bin/env bash
# End-to-end tests of `layerfix dump`: the four formats, exit codes (0 ok,
# 2 on any error), `FILE:LINE:COL: error: MSG` on stderr, refusals of
# unreadable/binary/invalid input, and the command line.
# Args: $1 layerfix binary, $2 source dir, $3 shared dir (unused).
set -u
LF=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
SRC=$(cd "${2:-.}" && pwd)
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
cd "$T" || exit 1
fails=0
pass=0
ok() { pass=$((pass + 1)); }
bad() {
    echo "FAIL: $*"
    echo "  stdout: $(head -c 400 out.txt 2> /dev/null)"
    echo "  stderr: $(head -c 400 err.txt 2> /dev/null)"
    fails=$((fails + 1))
}
check() { if eval "$2"; then ok; else bad "$1"; fi; }
# run ARGS...: runs layerfix with stdout/stderr in out.txt/err.txt; status in $rc
run() {
    "$LF" "$@" > out.txt 2> err.txt
    rc=$?
}

# --- a good file, every format ---------------------------------------------------
printf 'FROM debian:12 AS build\nRUN --mount=type=cache,target=/var/cache/apt apt-get update \\\n    && apt-get install -y make\nCOPY ["a b", "/dst/"]\nENV A=1 B="2 3"\n' > good.Dockerfile

run dump good.Dockerfile
check "buildkit is the default format, exit 0" "[ $rc = 0 ] && [ ! -s err.txt ]"
want='(from "debian:12" "AS" "build")
(run ["--mount=type=cache,target=/var/cache/apt"] "apt-get update     && apt-get install -y make")
(copy "a b" "/dst/")
(env "A" "1" "=" "B" "\"2 3\"" "=")'
check "buildkit dump is BuildKit's" "[ \"\$(cat out.txt)\" = \"\$want\" ]"
run dump --format=buildkit good.Dockerfile
check "--format=buildkit gives the same" "[ $rc = 0 ] && [ \"\$(cat out.txt)\" = \"\$want\" ]"

run dump --format=tree good.Dockerfile
check "--format=tree starts with (source_file" "[ $rc = 0 ] && [ \"\$(head -c 12 out.txt)\" = '(source_file' ]"
check "--format=tree shows fields and positions" "grep -q 'image: (image \[0, 5\] - \[0, 14\])' out.txt && grep -q '(mount_flag' out.txt"

run dump --format=shell good.Dockerfile
check "--format=shell prints the RUN's bash tree" "[ $rc = 0 ] && grep -q '^# RUN at line 2$' out.txt && grep -q '^(program' out.txt && grep -q 'command_name' out.txt"

# --format=source gives the file back, byte for byte, whatever its layout
printf '\xef\xbb\xbf# escape=`\r\nFROM a\r\n\r\nRUN b `\r\n  c\r\n# end' > crlf.Dockerfile
printf 'FROM a\n\t# indented comment\nLABEL a=b \\\n' > trailing.Dockerfile
printf 'FROM a\nRUN <<EOF bash\n\techo hi\nEOF\nCOPY <<A <<B /x/\n1\nA\n2\nB\n' > heredoc.Dockerfile
for f in good crlf trailing heredoc; do
    run dump --format=source $f.Dockerfile
    check "--format=source round-trips $f.Dockerfile" "[ $rc = 0 ] && cmp -s out.txt $f.Dockerfile"
done
for f in "$SRC"/examples/*/Dockerfile; do
    [ -f "$f" ] || continue
    run dump --format=source "$f"
    check "--format=source round-trips $f" "[ $rc = 0 ] && cmp -s out.txt '$f'"
done

# several files: output in order
run dump good.Dockerfile heredoc.Dockerfile
check "several files are dumped in order" "[ $rc = 0 ] && [ \"\$(head -n 1 out.txt)\" = '(from \"debian:12\" \"AS\" \"build\")' ] && [ \"\$(tail -n 1 out.txt)\" = '(copy \"<<A\" \"<<B\" \"/x/\")' ]"

# --- errors: exit 2, FILE:LINE:COL: error: MSG --------------------------------------
printf 'FROM a\nRUN echo ok\nRUN <<EOF\necho never ends\n' > unterminated.Dockerfile
run dump unterminated.Dockerfile
check "unterminated heredoc: exit 2" "[ $rc = 2 ]"
check "error points at the opener" "grep -qx 'unterminated.Dockerfile:3:5: error: unterminated heredoc <<EOF' err.txt"
check "no dump for a file with an error" "[ ! -s out.txt ]"

printf 'FROM a\nENV A=1 B\n' > env.Dockerfile
run dump env.Dockerfile
check "ENV without =: exit 2 with BuildKit's message" "[ $rc = 2 ] && grep -q '^env.Dockerfile:2:1: error: Syntax error - can.t find = in \"B\"' err.txt"

printf 'FROM a\nCMD [ "echo", [ "nested" ] ]\n' > nested.Dockerfile
run dump nested.Dockerfile
check "nested JSON: exit 2" "[ $rc = 2 ] && grep -q '^nested.Dockerfile:2:1: error: .*strings only' err.txt"

printf '# escape=\\\n# escape=`\nFROM a\n' > dup.Dockerfile
run dump dup.Dockerfile
check "duplicate directive: exit 2 at line 2" "[ $rc = 2 ] && grep -q '^dup.Dockerfile:2:[0-9]*: error: only one escape parser directive' err.txt"

run dump --format=tree unterminated.Dockerfile
check "--format=tree still prints the tree of a broken file, exit 2" "[ $rc = 2 ] && [ \"\$(head -c 12 out.txt)\" = '(source_file' ] && grep -q 'error: unterminated heredoc' err.txt"

: > empty.Dockerfile
run dump empty.Dockerfile
check "empty file: exit 2" "[ $rc = 2 ] && grep -qx 'empty.Dockerfile:1:1: error: file with no instructions' err.txt"
printf '# only\n\n# comments\n' > comments.Dockerfile
run dump comments.Dockerfile
check "comments only: exit 2" "[ $rc = 2 ] && grep -q '^comments.Dockerfile:1:1: error: file with no instructions' err.txt"

run dump missing.Dockerfile
check "missing file: exit 2, names it" "[ $rc = 2 ] && grep -q '^missing.Dockerfile: error: .*No such file' err.txt"
mkdir adir
run dump adir
check "directory: exit 2" "[ $rc = 2 ] && grep -q '^adir: error: .*directory' err.txt"
printf 'FROM x\n\0RUN y\n' > bin.Dockerfile
run dump bin.Dockerfile
check "binary file: exit 2" "[ $rc = 2 ] && grep -q '^bin.Dockerfile: error: .*binary file' err.txt"
printf 'FROM x\nRUN echo \xff\xfe\n' > utf.Dockerfile
run dump utf.Dockerfile
check "invalid UTF-8: exit 2 with line:col" "[ $rc = 2 ] && grep -q '^utf.Dockerfile: error: .*UTF-8.*2:10' err.txt"

# every error line has the documented shape
cat err.txt > all.err
for f in unterminated env nested dup empty comments; do "$LF" dump $f.Dockerfile 2>> all.err > /dev/null; done
check "every diagnostic reads FILE:LINE:COL: error: MSG" "! grep -Ev '^[^:]+\.Dockerfile(:[0-9]+:[0-9]+)?: error: .+' all.err"

# one bad file does not stop the others
run dump missing.Dockerfile good.Dockerfile unterminated.Dockerfile heredoc.Dockerfile
check "bad files among good: exit 2, good ones dumped" "[ $rc = 2 ] && [ \$(wc -l < out.txt) = 7 ] && [ \$(grep -c 'error:' err.txt) = 2 ]"

# --- the command line ----------------------------------------------------------------
run dump --format=yaml good.Dockerfile
check "unknown format: exit 2, names it" "[ $rc = 2 ] && grep -q \"unknown format 'yaml'\" err.txt && [ ! -s out.txt ]"
run dump --frmat=tree good.Dockerfile
check "unknown option: exit 2" "[ $rc = 2 ] && grep -q \"unknown option '--frmat=tree'\" err.txt"
run dump
check "no file: exit 2 with usage" "[ $rc = 2 ] && grep -q '^usage: layerfix dump' err.txt"
run dump --help
check "--help: exit 0, usage on stdout" "[ $rc = 0 ] && grep -q '^usage: layerfix dump' out.txt && [ ! -s err.txt ]"
check "--help mentions every format" "(for f in buildkit tree source shell; do grep -q \"^  \$f \" out.txt || exit 1; done)"
cp good.Dockerfile ./--format=tree
run dump -- --format=tree
check "-- ends the options" "[ $rc = 0 ] && [ \"\$(cat out.txt)\" = \"\$want\" ]"

echo "$pass passed, $fails failed"
[ "$fails" = 0 ]

#!/usr/bin/env bash
# The committed grammar/src/{parser.c,grammar.json,node-types.json} must be what
# `tree-sitter generate --abi 14` produces from grammar/grammar.js today.
# Args: $1 layerfix binary (unused), $2 source dir, $3 shared dir (../shared).
set -euo pipefail
src=${2:?usage: cli_shared_grammar_generated.sh LAYERFIX SRCDIR SHAREDDIR}
shared=${3:-}
ts=$shared/tools/tree-sitter

if [[ -z $shared || ! -d $shared ]]; then
    echo "SKIP: shared dir '${shared}' is absent"
    exit 77
fi
if [[ ! -x $ts ]]; then
    echo "SKIP: $ts is absent (the tree-sitter CLI is needed to regenerate the grammar)"
    exit 77
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# The CLI wrapper keeps its own install under XDG_CACHE_HOME; keep using that one,
# but give the CLI's compile cache and lock files a throwaway home.
export TS_CLI_HOME=${TS_CLI_HOME:-${XDG_CACHE_HOME:-$HOME/.cache}/tree-sitter-cli-0.22.6}
export XDG_CACHE_HOME=$tmp/cache TREE_SITTER_DIR=$tmp/config TREE_SITTER_LIBDIR=$tmp/cache/lib
export RUST_BACKTRACE=0

# The wrapper unpacks the CLI on first use; ctest -j runs both grammar tests at
# once, so let only one of them do that.
if ! flock "${TMPDIR:-/tmp}/layerfix-tree-sitter-cli.lock" "$ts" --version >"$tmp/setup.log" 2>&1; then
    cat "$tmp/setup.log"
    echo "FAIL: $ts could not start (see above)"
    exit 1
fi

# Copy grammar.js and every relative file it require()s (transitively), keeping
# their paths relative to the repo root so `require('../x')` still resolves.
copy_grammar_js() {
    local queue=(grammar/grammar.js) seen=" " f dir req cand rel
    while ((${#queue[@]})); do
        f=${queue[0]}
        queue=("${queue[@]:1}")
        [[ $seen == *" $f "* ]] && continue
        seen+="$f "
        mkdir -p "$tmp/repo/$(dirname "$f")"
        cp "$src/$f" "$tmp/repo/$f"
        dir=$(dirname "$f")
        while IFS= read -r req; do
            for cand in "$req" "$req.js" "$req.json" "$req/index.js"; do
                if [[ -f $src/$dir/$cand ]]; then
                    rel=$(realpath -m --relative-to="$src" "$src/$dir/$cand")
                    if [[ $rel == ../* ]]; then
                        echo "FAIL: $f requires $req, which is outside the repo" >&2
                        exit 1
                    fi
                    queue+=("$rel")
                    break
                fi
            done
        done < <(grep -oE "require\(\s*['\"]\.\.?/[^'\"]+['\"]" "$src/$f" |
                 sed -E "s/^require\(\s*['\"]//; s/['\"]$//")
    done
}
copy_grammar_js

cd "$tmp/repo/grammar"
if ! "$ts" generate --abi 14 >"$tmp/generate.log" 2>&1; then
    cat "$tmp/generate.log"
    echo "FAIL: tree-sitter generate --abi 14 failed on grammar/grammar.js"
    exit 1
fi

stale=()
for f in parser.c grammar.json node-types.json; do
    if ! cmp -s "src/$f" "$src/grammar/src/$f"; then stale+=("$f"); fi
done
if ((${#stale[@]})); then
    echo "FAIL: grammar/src is out of date with grammar/grammar.js: ${stale[*]}"
    mkdir -p "$tmp/diff/committed" "$tmp/diff/generated"
    for f in "${stale[@]}"; do
        cp "$src/grammar/src/$f" "$tmp/diff/committed/$f"
        cp "src/$f" "$tmp/diff/generated/$f"
    done
    (cd "$tmp/diff" && git diff --no-index --stat=100 committed generated) || true
    echo "run ../shared/tools/tree-sitter generate --abi 14 in grammar/ and commit"
    echo "  (from the repo root: cd grammar && ../../shared/tools/tree-sitter generate --abi 14)"
    exit 1
fi
echo "ok: grammar/src/{parser.c,grammar.json,node-types.json} match grammar.js"

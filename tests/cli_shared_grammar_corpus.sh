#!/usr/bin/env bash
# Runs `tree-sitter test` over grammar/test/corpus against the committed
# grammar/src (in a temp copy of grammar/), and requires at least MIN_CASES cases.
# Args: $1 layerfix binary (unused), $2 source dir, $3 shared dir (../shared).
set -euo pipefail
src=${2:?usage: cli_shared_grammar_corpus.sh LAYERFIX SRCDIR SHAREDDIR}
shared=${3:-}
ts=$shared/tools/tree-sitter
MIN_CASES=80

if [[ -z $shared || ! -d $shared ]]; then
    echo "SKIP: shared dir '${shared}' is absent"
    exit 77
fi
if [[ ! -x $ts ]]; then
    echo "SKIP: $ts is absent (the tree-sitter CLI runs the grammar corpus)"
    exit 77
fi

corpus=$src/grammar/test/corpus
# A case starts with a header: a line of '=', the test name, a line of '='.
cases=0
if [[ -d $corpus ]]; then
    lines=$(find "$corpus" -type f -name '*.txt' -exec cat {} + | grep -cE $'^=+\r?$' || true)
    cases=$((${lines:-0} / 2))
fi
if ((cases == 0)); then
    echo "FAIL: grammar/test/corpus has no test cases (*.txt with ===== headers);"
    echo "      the grammar needs a corpus of at least $MIN_CASES cases"
    exit 1
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# The CLI wrapper keeps its own install under XDG_CACHE_HOME; keep using that one,
# but send the compiled grammar and lock files to a throwaway cache.
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

work=$tmp/grammar
mkdir -p "$work/test"
cp "$src/grammar/grammar.js" "$work/"
cp -R "$src/grammar/src" "$work/src"
cp -R "$corpus" "$work/test/corpus"
for f in tree-sitter.json package.json; do
    if [[ -f $src/grammar/$f ]]; then cp "$src/grammar/$f" "$work/"; fi
done

cd "$work"
rc=0
"$ts" test || rc=$?
if ((rc != 0)); then
    echo "FAIL: tree-sitter test failed (exit $rc) on grammar/test/corpus ($cases cases)"
    exit 1
fi
if ((cases < MIN_CASES)); then
    echo "FAIL: grammar/test/corpus has only $cases cases; at least $MIN_CASES are required"
    exit 1
fi
echo "ok: $cases corpus cases pass"

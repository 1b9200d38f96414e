# Sourced by tests/cli_*.sh: a scratch directory $T (removed on exit), the
# pass/fail counters and `check NAME CONDITION`, and `git_home`, which skips
# the test without git and gives git a HOME in $T with a test identity.
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fails=0
pass=0
ok() { pass=$((pass + 1)); }
bad() { echo "FAIL: $*"; fails=$((fails + 1)); }
check() { if eval "$2"; then ok; else bad "$1"; fi; }
git_home() {
    command -v git > /dev/null || { echo "skipped: git not found"; exit 77; }
    export GIT_CONFIG_NOSYSTEM=1 HOME=$T/home
    mkdir -p "$HOME"
    git config --global user.name "Test User"
    git config --global user.email test@example.com
    git config --global init.defaultBranch main
}

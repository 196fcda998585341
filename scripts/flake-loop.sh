#!/usr/bin/env bash
# flake-loop.sh — runs a test suite over and over on a busy machine, to find tests that flake.
#
# Usage: scripts/flake-loop.sh [RUNS] [TEST-TARGET…]
#   RUNS          how many runs in a row (default 10)
#   TEST-TARGET   `cargo test --test` targets (default: integration); `lib` for the unit tests
#
# Builds the tests once, then starts two bounded CPU burners (busy shell loops at normal priority,
# one per core, so the tests get about half the machine; each stops by itself after an hour, and
# both are stopped when this script ends however it ends), and runs every target RUNS times. Each run's
# output is kept in target/flake-loop/<target>-<n>.log; at the end it prints, per target, how many
# runs passed and the name of every test that failed, with how often.
#
# Not part of CI: it takes a while. UNHUNCH_REQUIRE_DESKTOP is passed through, so with it set a
# desktop test that cannot run counts as a failure here too.
set -uo pipefail
# Stop with Ctrl-C: the whole process group (the running tests too) gets it, and the burners stop.
RUNS=${1:-10}
shift || true
TARGETS=("$@")
[ ${#TARGETS[@]} -eq 0 ] && TARGETS=(integration)
cd "$(dirname "$0")/.."
OUT=target/flake-loop
mkdir -p "$OUT"

args_for() {
    if [ "$1" = lib ]; then echo "--lib"; else echo "--test $1"; fi
}

for t in "${TARGETS[@]}"; do
    # shellcheck disable=SC2046
    cargo test $(args_for "$t") --no-run --quiet || { echo "could not build the $t tests" >&2; exit 2; }
done

BURNERS=()
stop_burners() { for p in "${BURNERS[@]}"; do kill "$p" 2>/dev/null || true; done; }
trap stop_burners EXIT INT TERM
for _ in 1 2; do
    timeout 3600 sh -c 'while :; do :; done' & BURNERS+=($!)
done
echo "two CPU burners running (pids ${BURNERS[*]}); $RUNS runs of: ${TARGETS[*]}"

declare -A passed
for t in "${TARGETS[@]}"; do passed[$t]=0; done
for n in $(seq 1 "$RUNS"); do
    for t in "${TARGETS[@]}"; do
        log="$OUT/$t-$n.log"
        start=$(date +%s)
        # shellcheck disable=SC2046
        if cargo test $(args_for "$t") --quiet >"$log" 2>&1; then
            passed[$t]=$((passed[$t] + 1))
            result=passed
        else
            result=FAILED
        fi
        printf 'run %2d  %-12s %s in %3d s\n' "$n" "$t" "$result" $(($(date +%s) - start))
    done
done

echo
for t in "${TARGETS[@]}"; do
    echo "$t: ${passed[$t]} of $RUNS runs passed"
    # Each failed test has a "---- NAME stdout ----" section (libtest, with or without --quiet).
    cat "$OUT/$t"-*.log 2>/dev/null | sed -n 's/^---- \(.*\) stdout ----$/\1/p' | sort | uniq -c | sed 's/^/  /'
    # libtest-mimic (the desktop tests) lists them as "test NAME ... FAILED".
    cat "$OUT/$t"-*.log 2>/dev/null | grep -E '^test .* FAILED$' | tr -s ' ' | sort | uniq -c | sed 's/^/  /'
done

# Exit 0 only when every run of every target passed.
for t in "${TARGETS[@]}"; do
    [ "${passed[$t]}" -eq "$RUNS" ] || exit 1
done
exit 0

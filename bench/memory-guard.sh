#!/usr/bin/env bash
# Memory regression guard for CI: builds the real corpus (5,294 cables: ../shared/corpus,
# cables with their metadata.csv row as front matter) with a release build and fails when
# the build's peak RSS exceeds the budget. Not a timed test: memory is stable from run to
# run on any machine, time is not.
#
#   bench/memory-guard.sh            budget: $MEMORY_BUDGET_MB (MiB), default 256
#
# Without the corpus it prints "skipped: ..." and succeeds. Measured on the branch that
# added it (see bench/RESULTS.md); raise the budget deliberately, with the reason in the
# commit, when a feature needs more.

source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

BUDGET_MB="${MEMORY_BUDGET_MB:-256}"
CORPUS_DIR="$(find_corpus)"
if [ -z "$CORPUS_DIR" ]; then
    echo "memory guard skipped: no corpus (../shared/corpus; set CORPUS to use another)"
    exit 0
fi

WORK="$(mktemp -d "${TMPDIR:-/tmp}/cablepress-memory-guard.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT
build_tools "$WORK/bin"
"$WORK/bin/expand-corpus" --from "$CORPUS_DIR" --cables 5294 --out "$WORK/site" 2>"$WORK/gen.log"

status=0
measure "$WORK/build" "$WORK/bin/cablepress" build "$WORK/site" -o "$WORK/site/public" -q || status=$?
if ! grep -qE '^built [0-9]+ pages' "$WORK/build.log"; then
    echo "memory guard: the build did not finish (exit $status):" >&2
    tail -20 "$WORK/build.log" >&2
    exit 1
fi
parse_summary "$WORK/build.log"
cables=$(sed -E 's/.* from ([0-9]+) cables.*/\1/' <<<"$SUMMARY")
if [ "$cables" != 5294 ]; then
    echo "memory guard: the build read $cables cables, not 5294: $SUMMARY" >&2
    exit 1
fi
echo "memory guard: peak RSS $RSS_MB MiB building $cables cables into $PAGES pages in ${WALL}s (budget $BUDGET_MB MiB)"
if [ "$RSS_MB" -gt "$BUDGET_MB" ]; then
    echo "memory guard: FAILED: $RSS_MB MiB is over the $BUDGET_MB MiB budget" >&2
    echo "  (a list page given whole cables instead of summaries, a cache that keeps every page, ...)" >&2
    exit 1
fi

#!/usr/bin/env bash
# Times an edit under `cablepress serve` the way a reader sees it: from saving the file
# to the open page in Chromium showing the new text.
#
#   bench/edit-to-screen.sh SITE [RUNS]      (RUNS: edits to time, default 5)
#   EDIT=cable bench/edit-to-screen.sh SITE [RUNS]
#
# Serves SITE (a site folder, e.g. one made by bench/run.sh with KEEP=1, or by
# examples/expand-corpus.rs) into a temporary output folder, opens the cable page of the
# first note in content/annotations/ in headless Chromium (driven by playwright-core,
# installed with npm into $PW_DIR, default /tmp/cablepress-pw), then RUNS times rewrites
# that note with a new line and waits until the page shows it. With EDIT=cable it edits
# the cable's own file instead (that cable's `.txt` under content/cables/, else the first
# `.txt` there; a site whose cables are in a CSV dump has none): a word added to the end
# of its last line, as a correction would, which serve applies in place. The file is put
# back as it was afterwards, also when the script is interrupted. Needs node and npm, and
# Chromium (Debian's `chromium`, or CHROMIUM=path). Settings: PORT (default 1111), OUT
# (the output folder; default a new folder under /tmp, removed afterwards), PW_DIR,
# PAUSE_MS (between one edit showing and the next save, default 1500: serve starts making
# the search index again after 1 s without changes, so each edit gives that up).
#
# The issue's target: an edited annotation within 500 ms at 251,287 cables.

source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

SITE="${1:?usage: bench/edit-to-screen.sh SITE [RUNS]}"
RUNS="${2:-5}"
PORT="${PORT:-1111}"
PW_DIR="${PW_DIR:-/tmp/cablepress-pw}"
CHROMIUM="${CHROMIUM:-$(command -v chromium || command -v chromium-browser || true)}"
SITE="$(cd "$SITE" && pwd)"
[ -n "$CHROMIUM" ] || { echo "edit-to-screen: no chromium (apt-get install chromium, or set CHROMIUM)" >&2; exit 2; }
command -v node >/dev/null && command -v npm >/dev/null || { echo "edit-to-screen: needs node and npm" >&2; exit 2; }

NOTE="$(find "$SITE/content/annotations" -name '*.md' 2>/dev/null | sort | sed -n 1p)"
[ -n "$NOTE" ] || { echo "edit-to-screen: $SITE has no notes in content/annotations/" >&2; exit 2; }
CABLE="$(sed -n 's/^cable:[[:space:]]*["'\'']\{0,1\}\([A-Za-z0-9._-]*\).*/\1/p' "$NOTE" | sed -n 1p)"
[ -n "$CABLE" ] || { echo "edit-to-screen: $NOTE names no cable" >&2; exit 2; }
EDIT="${EDIT:-note}"
case "$EDIT" in
    note) FILE="$NOTE" ;;
    cable)
        FILE="$(find "$SITE/content/cables" -name "$CABLE.txt" 2>/dev/null | sed -n 1p)"
        if [ -z "$FILE" ]; then
            FILE="$(find "$SITE/content/cables" -name '*.txt' 2>/dev/null | sort | sed -n 1p)"
            CABLE="$(basename "${FILE%.txt}")"
        fi
        [ -n "$FILE" ] || { echo "edit-to-screen: $SITE has no .txt cables in content/cables/" >&2; exit 2; }
        ;;
    *) echo "edit-to-screen: EDIT is note or cable" >&2; exit 2 ;;
esac

if [ ! -d "$PW_DIR/node_modules/playwright-core" ]; then
    echo "installing playwright-core into $PW_DIR ..." >&2
    mkdir -p "$PW_DIR"
    (cd "$PW_DIR" && npm init -y >/dev/null && npm install --silent playwright-core@1 >/dev/null)
fi

echo "building cablepress (release) ..." >&2
(cd "$REPO" && cargo build --release --quiet --bin cablepress)
BIN="${CARGO_TARGET_DIR:-$REPO/target}/release/cablepress"

made_out=""
if [ -z "${OUT:-}" ]; then
    OUT="$(mktemp -d /tmp/cablepress-serve.XXXXXX)"
    rmdir "$OUT"
    made_out=1
fi
SAVED="$(mktemp)"
cp -p "$FILE" "$SAVED"
LOG="$(mktemp)"
serve_pid=""
cleanup() {
    set +e
    if [ -n "$serve_pid" ]; then
        kill "$serve_pid" 2>/dev/null
        wait "$serve_pid" 2>/dev/null
    fi
    cp -p "$SAVED" "$FILE"
    rm -f "$SAVED" "$LOG"
    # The output, and the build state cablepress keeps beside it.
    if [ -n "$made_out" ]; then
        rm -rf "$OUT" "$(dirname "$OUT")/.$(basename "$OUT").cablepress-state"
    fi
}
trap cleanup EXIT

echo "serving $SITE into $OUT (the first build takes as long as a cold build) ..." >&2
"$BIN" serve "$SITE" -o "$OUT" -p "$PORT" >"$LOG" 2>&1 &
serve_pid=$!
until grep -q "^serving on" "$LOG"; do
    if ! kill -0 "$serve_pid" 2>/dev/null; then
        echo "edit-to-screen: serve stopped:" >&2
        tail -5 "$LOG" >&2
        exit 1
    fi
    sleep 1
done
grep "^built" "$LOG" >&2 || true
PAGE="$(cd "$OUT" && find cable -name "$CABLE.html" | sed -n 1p)"
[ -n "$PAGE" ] || { echo "edit-to-screen: no page for $CABLE in $OUT" >&2; exit 1; }

echo "editing $FILE; watching http://127.0.0.1:$PORT/$PAGE" >&2
CHROMIUM="$CHROMIUM" NODE_PATH="$PW_DIR/node_modules" \
    node "$REPO/bench/edit-to-screen.js" "http://127.0.0.1:$PORT/$PAGE" "$FILE" "$RUNS" "$EDIT"
grep -E "^(annotations changed|[0-9]+ cable file)|^built" "$LOG" | tail -n +2 >&2 || true

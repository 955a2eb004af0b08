#!/usr/bin/env bash
# Runs the cargo-fuzz targets of fuzz/ one after the other.
#
#   scripts/fuzz.sh [SECONDS_PER_TARGET] [TARGETS...]
#
# SECONDS_PER_TARGET (CPU seconds, default 60); TARGETS default to every target in
# fuzz/Cargo.toml. For each target it seeds fuzz/corpus/<target>/ (kept out
# of git) from the repository's PDFs, the shared corpus and the saved
# regression inputs, runs libFuzzer single-threaded until it has used that
# much CPU time (not wall time: the machine may be shared), prints
# executions and coverage, and copies any crash / timeout / out-of-memory
# input into tests/fuzz_regressions/<target>/, where `cargo test --test
# fuzz_regressions` replays it on stable Rust.
#
# Several runs may go at once on different targets (each target's logs are
# its own), e.g. one process per core:
#   scripts/fuzz.sh 600 minutes_pages & scripts/fuzz.sh 600 pdf_gen
#
# Environment:
#   SHARED_CORPUS   the shared corpus folder (default ../shared/corpus);
#                   used for seeds only, skipped when missing.
#   FUZZ_SANITIZER  cargo fuzz --sanitizer (default none: the toolchain is
#                   stable, and safe Rust needs ASan less than coverage).
#   FUZZ_NICE       nice level for the fuzzing processes (default 10).
#   FUZZ_TIMEOUT    libFuzzer -timeout, wall seconds per input (default 10).
#                   Wall time: on a loaded machine an input that takes 3 CPU
#                   seconds can pass 10 (the generators build inputs of
#                   several MB); the harnesses check the reading's own time
#                   against max_millis themselves.
#
# Needs cargo-fuzz and qpdf (to pull content streams and CMaps out of the
# seed PDFs). The toolchain may be stable: RUSTC_BOOTSTRAP=1 lets cargo fuzz
# pass its nightly-only flags.

set -euo pipefail
cd "$(dirname "$0")/.."

SECS=${1:-60}
shift || true
SHARED=${SHARED_CORPUS:-../shared/corpus}
SANITIZER=${FUZZ_SANITIZER:-none}
NICE=${FUZZ_NICE:-10}
TIMEOUT=${FUZZ_TIMEOUT:-10}
export RUSTC_BOOTSTRAP=1

if [ $# -gt 0 ]; then
    TARGETS=("$@")
else
    mapfile -t TARGETS < <(sed -n 's/^name = "\([a-z_]*\)"$/\1/p' fuzz/Cargo.toml | grep -v '^minutes-fuzz$')
fi

# --- seeds -----------------------------------------------------------------

# Seed PDFs: everything in the repo's corpus/, the shared bad corpus, and
# every 20th archive file (a spread of producers without hundreds of
# near-duplicates).
seed_pdfs() {
    find corpus -name '*.pdf' | sort
    if [ -d "$SHARED/bad" ]; then find "$SHARED/bad" -name '*.pdf' | sort; fi
    if [ -d "$SHARED/archive" ]; then find "$SHARED/archive" -name '*.pdf' | sort | awk 'NR % 20 == 1'; fi
}

# Copies a file into a corpus folder under its content hash.
put() {
    local file=$1 dir=$2
    [ -s "$file" ] || return 0
    cp "$file" "$dir/$(sha1sum "$file" | cut -c1-16)"
}

# Content streams and CMaps out of the seed PDFs, through qpdf's QDF form
# (uncompressed, object streams expanded, so references can be grepped).
extract_streams() {
    local content_dir=$1 cmap_dir=$2 tmp
    tmp=$(mktemp -d)
    local n=0
    while read -r pdf; do
        n=$((n + 1))
        local qdf="$tmp/$n.qdf"
        qpdf --qdf --object-streams=disable "$pdf" "$qdf" >/dev/null 2>&1 || [ -s "$qdf" ] || continue
        if [ -n "$content_dir" ]; then
            qpdf --show-pages "$qdf" 2>/dev/null | awk '/content:/{c=1; next} /^page/{c=0} c{print $1}' |
                while read -r obj; do
                    qpdf --show-object="$obj" --filtered-stream-data "$qdf" >"$tmp/s" 2>/dev/null || continue
                    put "$tmp/s" "$content_dir"
                done || true
        fi
        if [ -n "$cmap_dir" ]; then
            grep -a -o -E '/(ToUnicode|Encoding) [0-9]+ 0 R' "$qdf" | awk '{print $2}' | sort -u |
                while read -r obj; do
                    qpdf --show-object="$obj" --filtered-stream-data "$qdf" >"$tmp/s" 2>/dev/null || continue
                    if grep -q -a 'begincmap\|codespacerange\|bfchar\|bfrange\|cidrange' "$tmp/s"; then
                        put "$tmp/s" "$cmap_dir"
                    fi
                done || true
        fi
    done
    rm -rf "$tmp"
}

seed() {
    local target=$1 dir="fuzz/corpus/$1"
    mkdir -p "$dir"
    if [ -d "tests/fuzz_regressions/$target" ]; then
        for f in "tests/fuzz_regressions/$target"/*; do [ -f "$f" ] && put "$f" "$dir"; done
    fi
    # Seeds are made once; libFuzzer adds what it finds to the same folder.
    [ -e "$dir/.seeded" ] && return 0
    case $target in
        pdf_extract)
            seed_pdfs | while read -r pdf; do put "$pdf" "$dir"; done ;;
        content_stream)
            seed_pdfs | extract_streams "$dir" "" ;;
        cmap)
            seed_pdfs | extract_streams "" "$dir" ;;
        minutes_pages | pdf_gen)
            # Choice-driven generators (see fuzz/harness.rs): any bytes build
            # an input, so a few fixed byte patterns are enough to start.
            printf 'Action: AB to circulate' >"$dir/seed-text"
            head -c 512 /dev/zero | tr '\0' '\3' >"$dir/seed-lines"
            seq 0 255 | awk '{printf "%c", $1}' >"$dir/seed-bytes" ;;
        rules)
            # The rule files, each prefixed with the byte that selects which
            # file the fuzzed text replaces (see fuzz/harness.rs).
            local i=0
            for f in rules/*.toml; do
                { printf "\\x$(printf %02x $i)"; cat "$f"; } >"$dir/seed-$(basename "$f" .toml)"
                i=$((i + 1))
            done ;;
    esac
    touch "$dir/.seeded"
}

# --- run -------------------------------------------------------------------

max_len() {
    case $1 in
        minutes_pages | pdf_gen) echo 16384 ;;
        *) echo 1048576 ;;
    esac
}

echo "building fuzz targets ${TARGETS[*]} (sanitizer: $SANITIZER)..."
# Only the targets asked for: each one compiles the harness again.
for t in "${TARGETS[@]}"; do
    nice -n "$NICE" cargo fuzz build --sanitizer "$SANITIZER" "$t"
done
# The binaries are run directly (not through `cargo fuzz run`, which would
# rebuild, and count the build as fuzzing time, if the sources changed).
BIN="fuzz/target/$(rustc -vV | sed -n 's/^host: //p')/release"

mkdir -p fuzz/logs
SUMMARY=()
STATUS=0
for t in "${TARGETS[@]}"; do
    seed "$t"
    artifacts="fuzz/artifacts/$t"
    mkdir -p "$artifacts"
    log="fuzz/logs/$t.log"
    : >"$log"
    seeds=$(find "fuzz/corpus/$t" -type f ! -name .seeded | wc -l)
    echo "== $t: $SECS CPU s, $seeds corpus files"
    # libFuzzer's -max_total_time is wall-clock time; on a shared machine
    # the process gets less CPU than that, so it runs in rounds (each one
    # resuming from the corpus folder) until it has used SECS CPU seconds.
    cpu_ms=0
    execs=0
    rounds=0
    rc=0
    start=$(date +%s)
    share=1000 # CPU share of the last round, per mille
    while [ "$cpu_ms" -lt $((SECS * 1000)) ] && [ "$rc" -eq 0 ]; do
        left=$(((SECS * 1000 - cpu_ms + 999) / 1000))
        # Wall time for the CPU time left, at the share the last round got.
        left=$((left * 1000 / (share < 50 ? 50 : share)))
        rounds=$((rounds + 1))
        round_start=$(date +%s%N)
        # -max_len: large enough for the seed PDFs (a few hundred KiB); the
        # flate bomb (2 MiB) is read truncated, which still exercises the cap.
        # The generators read their input as choices: 16 KiB of choices
        # already builds hundreds of pages or a PDF of several MB.
        set +e
        /usr/bin/time -f 'cpu-seconds %U %S' -o "fuzz/logs/$t.time" \
            nice -n "$NICE" "$BIN/$t" \
            -max_total_time="$left" -rss_limit_mb=2048 -timeout="$TIMEOUT" -max_len="$(max_len "$t")" \
            -print_final_stats=1 -artifact_prefix="$artifacts/" "fuzz/corpus/$t" >"fuzz/logs/$t.round" 2>&1
        rc=$?
        set -e
        cat "fuzz/logs/$t.round" >>"$log"
        used=$(awk '/^cpu-seconds/ {printf "%d", ($2 + $3) * 1000}' "fuzz/logs/$t.time")
        cpu_ms=$((cpu_ms + ${used:-0}))
        round_ms=$((($(date +%s%N) - round_start) / 1000000))
        share=$((${used:-0} * 1000 / (round_ms + 1)))
        [ "$share" -le 1000 ] || share=1000
        n=$(sed -n 's/^stat::number_of_executed_units: *//p' "fuzz/logs/$t.round" | tail -1)
        execs=$((execs + ${n:-0}))
        # A round that cannot get CPU at all must not spin forever.
        if [ "${used:-0}" -lt 100 ] && [ "$rc" -eq 0 ]; then sleep 5; fi
    done
    wall=$(($(date +%s) - start))
    peak=$(sed -n 's/^stat::peak_rss_mb: *//p' "$log" | sort -n | tail -1)
    cov=$(grep -a -o -E 'cov: [0-9]+ ft: [0-9]+ corp: [0-9]+/[0-9]+[a-zA-Z]*' "$log" | tail -1)
    found=()
    for a in "$artifacts"/crash-* "$artifacts"/timeout-* "$artifacts"/oom-* "$artifacts"/slow-unit-*; do
        [ -f "$a" ] || continue
        mkdir -p "tests/fuzz_regressions/$t"
        cp "$a" "tests/fuzz_regressions/$t/"
        found+=("tests/fuzz_regressions/$t/$(basename "$a")")
        rm "$a"
    done
    line="$t: $execs execs in $((cpu_ms / 1000)) CPU s ($wall s wall, $rounds rounds, $((execs * 1000 / (cpu_ms + 1)))/CPU s), ${cov:-no coverage line}, peak RSS ${peak:-?} MB, exit $rc"
    if [ ${#found[@]} -gt 0 ]; then
        line="$line, NEW: ${found[*]}"
        STATUS=1
    elif [ "$rc" -ne 0 ]; then
        line="$line (see $log)"
        STATUS=1
    fi
    echo "$line"
    SUMMARY+=("$line")
done

echo
echo "== summary ($SECS CPU seconds per target)"
printf '%s\n' "${SUMMARY[@]}"
exit $STATUS

#!/usr/bin/env bash
# One source to K targets: one `ltx transfer` with K --target-init against K separate `ltx transfer`
# commands (each a fresh JVM: start, data and checkpoint loading, JIT warm-up), K = 1 2 4 8, then the
# in-process comparison (OneToManyBench: the same K transfers in one warmed JVM, one pass vs one by one).
# Needs a source run folder of `ltx train` (e.g. from ./ltx reproduce mnist-mlp: OUT/runs/seed-101) and
# bench/target/benchmarks.jar (mvn -B -DskipTests package -pl bench -am).
# Usage: bench/scripts/one-to-many.sh SOURCE_RUN [METHOD] [OUT_DIR]    (FGMT on the MNIST 2-MLP: ~15 min, 2 cores)
# Environment: KS (default "1 2 4 8"); STEPS, GRAD_BATCHES, BN_BATCHES (default 10, 1, 0; a model with batch norm
# needs BN_BATCHES > 0, e.g. the pretrained-resnet18 entry's 15, 4, 2); SKIP_CLI=1 runs only the in-process part.
set -euo pipefail
cd "$(dirname "$0")/../.."
SOURCE=${1:?usage: one-to-many.sh SOURCE_RUN [METHOD] [OUT_DIR]}
METHOD=${2:-fgmt}
OUT=${3:-/tmp/ltx-one-to-many}
KS=${KS:-1 2 4 8}
STEPS=${STEPS:-10} GRAD_BATCHES=${GRAD_BATCHES:-1} BN_BATCHES=${BN_BATCHES:-0}
OPTS=(--method "$METHOD" --steps "$STEPS" --grad-batches "$GRAD_BATCHES" --bn-batches "$BN_BATCHES")
JAVA=(java --add-modules jdk.incubator.vector -XX:+UseParallelGC -Xmx8g)
[ -f bench/target/benchmarks.jar ] || mvn -B -q -ntp -DskipTests package -pl bench -am
[ -f transfer/app/target/ltx.jar ] || mvn -B -q -ntp -DskipTests package -pl transfer/app -am
rm -rf "$OUT" && mkdir -p "$OUT/jars"
# copies, so that a rebuild while this runs cannot change or break the measured code
cp transfer/app/target/ltx.jar bench/target/benchmarks.jar "$OUT/jars/"
max=0; for k in $KS; do (( k > max )) && max=$k; done
"${JAVA[@]}" -cp "$OUT/jars/benchmarks.jar" dev.ltx.bench.OneToManyBench inits "$SOURCE" "$OUT/inits" "$max" \
    2>&1 | grep -v "^WARNING: Using incubator" || true
ltx() { "${JAVA[@]}" -jar "$OUT/jars/ltx.jar" "$@" 2>&1 | grep -v "^WARNING: Using incubator"; }
{
if [ -z "${SKIP_CLI:-}" ]; then
echo "== $(date +%T) CLI: K separate commands vs one command with K --target-init ($METHOD, $SOURCE)"
echo "K,one_command_s,separate_commands_s,ratio"
for k in $KS; do
    separate=0
    for i in $(seq 1 "$k"); do
        t0=$(date +%s.%N)
        ltx transfer --source "$SOURCE" --target-init "$OUT/inits/init-$i.safetensors" "${OPTS[@]}" \
            --out "$OUT/separate-$k-$i" > "$OUT/separate-$k-$i.log"
        separate=$(echo "$separate + $(date +%s.%N) - $t0" | bc -l)
    done
    args=()
    for i in $(seq 1 "$k"); do args+=(--target-init "$OUT/inits/init-$i.safetensors"); done
    t0=$(date +%s.%N)
    ltx transfer --source "$SOURCE" "${args[@]}" "${OPTS[@]}" --out "$OUT/one-$k" > "$OUT/one-$k.log"
    one=$(echo "$(date +%s.%N) - $t0" | bc -l)
    printf "%d,%.1f,%.1f,%.3f\n" "$k" "$one" "$separate" "$(echo "$one / $separate" | bc -l)"
done
# the same results either way: target i of the one-pass run equals the separate run of target i
for i in $(seq 1 "$max"); do
    cmp -s "$OUT/one-$max/target-$i/final.safetensors" "$OUT/separate-$max-$i/final.safetensors" \
        || { [ "$max" = 1 ] && cmp -s "$OUT/one-1/final.safetensors" "$OUT/separate-1-1/final.safetensors"; } \
        || echo "MISMATCH: target $i differs between the one-pass and the separate run"
done
fi
echo "== $(date +%T) in-process (one warmed JVM): K transfers one by one vs one pass"
"${JAVA[@]}" -cp "$OUT/jars/benchmarks.jar" dev.ltx.bench.OneToManyBench compare "$SOURCE" "$METHOD" \
    "$(echo $KS | tr ' ' ,)" "$STEPS" "$GRAD_BATCHES" "$BN_BATCHES" 2>&1 | grep -v "^WARNING: Using incubator"
} | tee "$OUT/log.txt"

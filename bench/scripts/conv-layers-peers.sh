#!/usr/bin/env bash
# Conv8 layers, one period on one machine: the same run's FMA ceiling (shared/peers/fma_peak.c),
# oneDNN (libdnnl-dev: on its own blocked layouts, then on plain NCHW tensors with its reorders timed)
# and PyTorch (contiguous and channels_last) peers, then ltx's ConvBench, at 1 and 2 threads.
# Needs gcc/g++, libdnnl-dev, Debian python3-torch (PYTHON, default /usr/bin/python3) and
# bench/target/benchmarks.jar.
# Usage: bench/scripts/conv-layers-peers.sh [OUT_DIR]     (REPEATS=5, LAYERS="64-64@32 ...")
# Ends with bench/scripts/conv_peers_table.py's per-pass table (OUT_DIR/table.txt): ltx's best JMH iteration
# against the peers' best repeats; JMH's own "Result" lines are means of three iterations.
set -u
cd "$(dirname "$0")/../.."
OUT=${1:-/tmp/ltx-conv-peers}
PEERS=${PEERS:-$(cd .. && pwd)/shared/peers}
REPEATS=${REPEATS:-5}
LAYERS=${LAYERS:-}
mkdir -p "$OUT"
g++ -O2 -std=c++17 bench/scripts/conv_layers_onednn.cpp -ldnnl -o "$OUT/conv_layers_onednn" || exit 1
[ -f "$PEERS/fma_peak.c" ] && gcc -O2 -march=native -o "$OUT/fma_peak" "$PEERS/fma_peak.c" -lpthread
[ -f bench/target/benchmarks.jar ] || mvn -B -q -ntp -DskipTests package -pl bench -am
cp bench/target/benchmarks.jar "$OUT/benchmarks.jar"   # a rebuild during the run cannot change what runs
{
for t in 1 2; do
    # three samples, the ceiling is the best: one sample on this shared VM once read 271 GFLOP/s for ~445
    echo "== $(date +%T) fma_peak, $t thread(s), best of three"
    [ -x "$OUT/fma_peak" ] && for _ in 1 2 3; do "$OUT/fma_peak" "$t"; done
    echo "== $(date +%T) oneDNN, $t thread(s)"
    # shellcheck disable=SC2086
    OMP_NUM_THREADS=$t "$OUT/conv_layers_onednn" "$REPEATS" 128 $LAYERS
    echo "== $(date +%T) oneDNN plain NCHW, $t thread(s)"
    # shellcheck disable=SC2086
    LAYOUT=plain OMP_NUM_THREADS=$t "$OUT/conv_layers_onednn" "$REPEATS" 128 $LAYERS
done
echo "== $(date +%T) PyTorch"
"${PYTHON:-/usr/bin/python3}" bench/scripts/conv_layers_torch.py --repeats "$REPEATS" ${LAYERS:+--layers "${LAYERS// /,}"}
echo "== $(date +%T) ltx ConvBench"
java --add-modules jdk.incubator.vector -jar "$OUT/benchmarks.jar" ConvBench -f 1 -wi 2 -w 1 -i 3 -r 1 \
    ${LAYERS:+-p layer="${LAYERS// /,}"} 2>&1 | grep -v "^WARNING"
echo "== $(date +%T) ltx GemmBench 1024 (the same run's sgemm rate, for the per-layer ratio)"
java --add-modules jdk.incubator.vector -jar "$OUT/benchmarks.jar" GemmBench -f 1 -wi 3 -w 1 -i 5 -r 1 \
    -p shape=1024 -p threads=1,2 2>&1 | grep -E "sgemm tile|:gflop"
} | tee "$OUT/log.txt"
# every program at its best: oneDNN and PyTorch print the best of their repeats, ConvBench each iteration
"${PYTHON:-/usr/bin/python3}" bench/scripts/conv_peers_table.py "$OUT/log.txt" | tee "$OUT/table.txt"

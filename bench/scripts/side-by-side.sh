#!/usr/bin/env bash
# Runs ltx's benchmarks and the PyTorch/numpy/scipy peer scripts back to back, so that ratios
# come from one period on one machine. Needs the peer scripts (../shared/peers), Debian's
# python3-torch and python3-scipy, gcc, and MNIST in ~/.cache/ltx/data/mnist (./ltx fetches it).
# Usage: bench/scripts/side-by-side.sh [OUT_DIR]      (about 20 minutes on 2 cores)
set -u
cd "$(dirname "$0")/../.."
OUT=${1:-/tmp/ltx-side-by-side}
PEERS=${PEERS:-$(cd .. && pwd)/shared/peers}
PY=${PYTHON:-/usr/bin/python3}
mkdir -p "$OUT"
export PEERS_OUT="$OUT/peers" PEERS_REPEATS=${PEERS_REPEATS:-5} MNIST_DIR=${MNIST_DIR:-$HOME/.cache/ltx/data/mnist}
mkdir -p "$PEERS_OUT"
JAVA=(java --add-modules jdk.incubator.vector -XX:+UseParallelGC -Xmx6g)
JMH=("${JAVA[@]}" -jar bench/target/benchmarks.jar -f 1 -wi 2 -w 1 -i 3 -r 1 -rf json)
run() { echo "== $(date +%T) $*"; "$@" 2>&1 | grep -v "^WARNING: Using incubator"; }
[ -f bench/target/benchmarks.jar ] || mvn -B -q -ntp -DskipTests package -pl bench -am
{
run "$PY" "$PEERS/bench_gemm.py"
run "${JMH[@]}" -rff "$OUT/gemm.json" GemmBench
bench/scripts/training-side-by-side.sh "$OUT/training"   # MLP/Conv8 ratios and 2-MLP epoch times
run "${JMH[@]}" -rff "$OUT/conv.json" ConvBench
run "${JMH[@]}" -rff "$OUT/lap.json" -p kind=uniform,wm_indep,wm_perm -p n=512,1024,2048,4096 LapBench
run "$PY" "$PEERS/bench_lap.py" --sizes 512,1024,2048,4096 --skip-b
run "${JMH[@]}" -rff "$OUT/wm.json" WeightMatchingBench
run "$PY" "$PEERS/bench_lap.py" --skip-a --train-epochs 3 --wm-dtypes float32
} | tee "$OUT/log.txt"

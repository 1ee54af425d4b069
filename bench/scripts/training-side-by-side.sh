#!/usr/bin/env bash
# The training half of side-by-side.sh (issue "networks and training" acceptance): ltx and the
# PyTorch peer scripts back to back on the same machine, at 1 and 2 threads —
#   MLP 784-1024-10 epoch time (SideBySide mlp vs bench_mlp.py),
#   Conv8 1x32x32 batch-128 forward+backward (SideBySide cnn vs bench_cnn.py),
#   and the 2-MLP 784-4096-10 (ReLU, no bias) epoch time of `ltx train` at 1 and 2 threads.
# Needs ../shared/peers, Debian's python3-torch, MNIST in ~/.cache/ltx/data/mnist (./ltx fetches it).
# Usage: bench/scripts/training-side-by-side.sh [OUT_DIR]      (about 12 minutes on 2 quiet cores)
set -u
cd "$(dirname "$0")/../.."
OUT=${1:-/tmp/ltx-training-side-by-side}
PEERS=${PEERS:-$(cd .. && pwd)/shared/peers}
PY=${PYTHON:-/usr/bin/python3}
mkdir -p "$OUT/peers"
export PEERS_OUT="$OUT/peers" PEERS_REPEATS=${PEERS_REPEATS:-3} MNIST_DIR=${MNIST_DIR:-$HOME/.cache/ltx/data/mnist}
JAVA=(java --add-modules jdk.incubator.vector -XX:+UseParallelGC -Xmx6g)
run() { echo "== $(date +%T) load $(cut -d' ' -f1 /proc/loadavg): $*"; "$@" 2>&1 | grep -v "^WARNING: Using incubator"; }
[ -f bench/target/benchmarks.jar ] || mvn -B -q -ntp -DskipTests package -pl bench -am
[ -f transfer/app/target/ltx.jar ] || mvn -B -q -ntp -DskipTests package -pl transfer/app -am
{
run "${JAVA[@]}" -cp bench/target/benchmarks.jar dev.ltx.bench.SideBySide mlp 1024 1,2 3
run "$PY" "$PEERS/bench_mlp.py" --widths 1024 --threads 1,2 --epochs 3
run "${JAVA[@]}" -cp bench/target/benchmarks.jar dev.ltx.bench.SideBySide cnn 1,2 3
run "$PY" "$PEERS/bench_cnn.py" --threads 1,2 --formats contiguous
for t in 1 2; do
    rm -rf "$OUT/mlp4096-t$t"
    # Through the launcher, with its JVM flags, as a user runs it.
    run env LTX_HEAP=6g ./ltx train --model mlp --dataset mnist --epochs 2 --lr 0.01 \
        --momentum 0.9 --seed 101 --threads "$t" --checkpoint-epochs none --log-every 0 --out "$OUT/mlp4096-t$t"
    echo "mlp 784-4096-10 epoch seconds at $t thread(s): $(cut -d, -f8 "$OUT/mlp4096-t$t/metrics.csv" | tail -n +2 | tr '\n' ' ')"
done
} | tee "$OUT/log.txt"

#!/usr/bin/env bash
# sgemm, one period on one machine: the same run's FMA ceiling (shared/peers/fma_peak.c), OpenBLAS
# through numpy with the kernel Debian's build picks for this core and with its AVX-512 kernels forced
# (OPENBLAS_CORETYPE=SkylakeX and Cooperlake: Debian's DYNAMIC_ARCH build maps AMD Zen 4/5 to its AVX2
# "Haswell" kernels, which are not the best it has), then ltx's GemmBench, at 1 and 2 threads.
# Needs gcc, python3-numpy with Debian's libopenblas0 (PYTHON, default /usr/bin/python3) and
# bench/target/benchmarks.jar.  Usage: bench/scripts/gemm-peers.sh [OUT_DIR]  (SIZES="1024 2048")
set -u
cd "$(dirname "$0")/../.."
OUT=${1:-/tmp/ltx-gemm-peers}
PEERS=${PEERS:-$(cd .. && pwd)/shared/peers}
PY=${PYTHON:-/usr/bin/python3}
SIZES=${SIZES:-1024 2048}
mkdir -p "$OUT"
[ -f "$PEERS/fma_peak.c" ] && gcc -O2 -march=native -o "$OUT/fma_peak" "$PEERS/fma_peak.c" -lpthread
[ -f bench/target/benchmarks.jar ] || mvn -B -q -ntp -DskipTests package -pl bench -am
cp bench/target/benchmarks.jar "$OUT/benchmarks.jar"
cat > "$OUT/openblas_gemm.py" <<'PY'
import ctypes, ctypes.util, os, sys, time
import numpy as np
lib = ctypes.CDLL("libopenblas.so.0")
lib.openblas_get_corename.restype = ctypes.c_char_p
for threads in (1, 2):
    lib.openblas_set_num_threads(threads)
    for n in map(int, sys.argv[1:]):
        a = np.random.rand(n, n).astype(np.float32); b = np.random.rand(n, n).astype(np.float32)
        a @ b
        times = []
        for _ in range(max(3, int(4e10 / n ** 3))):
            t = time.perf_counter(); a @ b; times.append(time.perf_counter() - t)
        times.sort()
        print(f"openblas {lib.openblas_get_corename().decode()} threads={threads} n={n}: "
              f"best {2 * n ** 3 / times[0] / 1e9:.1f} median {2 * n ** 3 / times[len(times) // 2] / 1e9:.1f} GFLOP/s",
              flush=True)
PY
{
for t in 1 2; do
    # three samples, the ceiling is the best (a single sample on a shared VM can be disturbed)
    echo "== $(date +%T) fma_peak, $t thread(s), best of three"
    [ -x "$OUT/fma_peak" ] && for _ in 1 2 3; do "$OUT/fma_peak" "$t" 200000000; done
done
if "$PY" -c "import numpy" 2>/dev/null; then
    for core in "" SkylakeX Cooperlake; do
        echo "== $(date +%T) OpenBLAS ${core:-as picked}"
        env ${core:+OPENBLAS_CORETYPE=$core} "$PY" "$OUT/openblas_gemm.py" $SIZES
    done
else
    echo "== OpenBLAS skipped: $PY has no numpy (apt-get install python3-numpy libopenblas0)"
fi
echo "== $(date +%T) ltx GemmBench"
java --add-modules jdk.incubator.vector -XX:+UseParallelGC -Xmx6g -jar "$OUT/benchmarks.jar" GemmBench -f 1 -wi 3 -w 1 \
    -i 5 -r 1 -p shape="$(echo $SIZES | tr ' ' ,)" -p threads=1,2 2>&1 | grep -E "sgemm tile|^Benchmark|:gflop"
} | tee "$OUT/log.txt"

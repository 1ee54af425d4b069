#!/usr/bin/env bash
# ltx CUDA device check: runs on a machine with an NVIDIA GPU and nothing else of ours (no JDK, no
# Maven, no network), from a prebuilt self-contained jar and a jlink-ed Java runtime, and writes
# one log. Everything finishes within 8 minutes (each step has its own `timeout`).
#
# Usage:  bench/device-check.sh JAR RUNTIME_DIR [OUT_DIR]
#   JAR          the shaded bench/target/benchmarks.jar (ltx + JCuda + the kernel fatbin)
#   RUNTIME_DIR  a Java runtime folder (RUNTIME_DIR/bin/java)
#   OUT_DIR      where device-check.log goes (default: $OUT, else the current folder)
# Exit status: 0 when every step that can run passed, 1 otherwise.
#
# Build both here (a machine with JDK 17+, Maven and nvcc at /usr/local/bin/nvcc, or -Dltx.nvcc=...):
#   mvn -B -ntp -DskipTests package -pl bench -am
#       -> bench/target/benchmarks.jar; check the kernels are inside:
#          unzip -l bench/target/benchmarks.jar | grep dev/ltx/kernels/ltx_kernels.fatbin
#   jlink --add-modules "$(jdeps --ignore-missing-deps --print-module-deps --multi-release 17 \
#             bench/target/benchmarks.jar),java.logging" \
#         --strip-debug --no-man-pages --no-header-files --compress=2 --output ltx-runtime
#       (today that list is java.base, java.desktop, java.management, java.sql,
#        jdk.incubator.vector, jdk.unsupported; java.logging is added for JCuda's loader)
# Then copy benchmarks.jar, ltx-runtime/ and this script to the GPU machine and run
#   bash device-check.sh benchmarks.jar ltx-runtime "$OUT"
#
# Steps (log sections):
#   1. nvidia-smi and the Java version
#   2. parity: every kernel against the CPU reference, PASS/FAIL per check and per kernel (+ times)
#   3. sgemm TFLOP/s at 4096^3 and 8192^3, tiled fp32 and TF32 tensor cores
#   4. Conv8 and ResNet-18 training images/s at batch 128 (runs only if the backend carries them
#      end to end; otherwise the log says which op is missing)
#   5. `ltx reproduce mnist-mlp --device cuda`, run only when the CLI has a --device option and
#      MNIST is available offline (LTX_MNIST_DIR); otherwise logged as SKIPPED with the reason
set -uo pipefail

if [[ $# -lt 2 ]]; then
    sed -n '2,12p' "$0" >&2
    exit 2
fi
jar="$(readlink -f "$1")"
runtime="$(readlink -f "$2")"
out="${3:-${OUT:-.}}"
mkdir -p "$out"
out="$(readlink -f "$out")"
log="$out/device-check.log"
java="$runtime/bin/java"
[[ -f "$jar" ]] || { echo "device-check: no jar at $jar" >&2; exit 2; }
[[ -x "$java" ]] || { echo "device-check: no java at $java" >&2; exit 2; }

# JCuda unpacks its JNI library into java.io.tmpdir: use a folder we know is writable.
tmp="$out/tmp"
mkdir -p "$tmp"
flags=(--add-modules jdk.incubator.vector -XX:+UseParallelGC -Xmx24g "-Djava.io.tmpdir=$tmp")
main=dev.ltx.bench.cuda.CudaDeviceCheck
status=0
started=$SECONDS

say() { echo "$*" | tee -a "$log"; }

# run NAME SECONDS COMMAND...: one timed step, its output appended to the log.
run() {
    local name=$1 limit=$2
    shift 2
    say ""
    say "######## $name (limit ${limit}s)"
    local t0=$SECONDS
    timeout --kill-after=10 "$limit" "$@" >>"$log" 2>&1
    local rc=$?
    if [[ $rc -eq 124 || $rc -eq 137 ]]; then
        say "######## $name: TIMEOUT after ${limit}s"
        status=1
    elif [[ $rc -ne 0 ]]; then
        say "######## $name: FAILED (exit $rc) after $((SECONDS - t0))s"
        status=1
    else
        say "######## $name: OK after $((SECONDS - t0))s"
    fi
    return $rc
}

: >"$log"
say "ltx device check, $(date -u +%Y-%m-%dT%H:%M:%SZ), host $(hostname)"
say "jar $jar ($(stat -c %s "$jar") bytes), runtime $runtime"

# informational steps: their failure does not fail the check
keep=$status
run "nvidia-smi" 15 nvidia-smi
run "java version" 15 "$java" -version
status=$keep

run "parity" 140 "$java" "${flags[@]}" -cp "$jar" "$main" parity
parity_rc=$?
if [[ $parity_rc -eq 3 ]]; then
    say "no usable CUDA device (see the probe line above): skipping the remaining steps"
    exit 1
fi

run "sgemm" 110 "$java" "${flags[@]}" -cp "$jar" "$main" sgemm --sizes 4096,8192

run "train" 140 "$java" "${flags[@]}" -cp "$jar" "$main" train --batch 128 --steps 20

say ""
say "######## ltx reproduce mnist-mlp --device cuda"
cli=(dev.ltx.transfer.cli.Main)
if ! timeout 20 "$java" "${flags[@]}" -cp "$jar" "${cli[@]}" reproduce --help 2>&1 | grep -q -- '--device'; then
    say "######## reproduce: SKIPPED: this build's 'ltx reproduce' has no --device option (CPU only)"
elif [[ -z "${LTX_MNIST_DIR:-}" ]]; then
    say "######## reproduce: SKIPPED: set LTX_MNIST_DIR to an MNIST folder (the GPU machine has no network)"
else
    left=$((470 - (SECONDS - started)))
    if [[ $left -lt 30 ]]; then
        say "######## reproduce: SKIPPED: only ${left}s of the 8-minute budget left"
    else
        run "reproduce" "$left" "$java" "${flags[@]}" -cp "$jar" "${cli[@]}" reproduce mnist-mlp --quick \
            --device cuda --data-dir "$LTX_MNIST_DIR" --out "$out/reproduce-mnist-mlp"
    fi
fi

say ""
say "device check finished in $((SECONDS - started))s: $([[ $status -eq 0 ]] && echo PASSED || echo FAILED)"
say "log: $log"
exit $status

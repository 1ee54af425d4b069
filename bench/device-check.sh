#!/usr/bin/env bash
# ltx CUDA device check: runs on a machine with an NVIDIA GPU and nothing else of ours (no JDK, no
# Maven, no network) and writes one log. Everything stops within LTX_CHECK_BUDGET seconds (default
# 540: one device command may run 600 s); each step has its own `timeout`, cut to what is left.
#
# Usage:  bench/device-check.sh KIT_DIR [OUT_DIR]              (the normal way)
#         bench/device-check.sh JAR RUNTIME_DIR [OUT_DIR]      (a jar and a runtime folder: no JUnit
#                                                               step; MNIST from LTX_MNIST_DIR)
#   KIT_DIR   made by bench/make-device-kit.sh (bench/target/device-kit): benchmarks.jar, a
#             jlink-ed runtime, the engine's test classes with JUnit, and MNIST
#   OUT_DIR   where the results go (default: $OUT, else the current folder). At most five files:
#             device-check.log, and from the reproduction summary.md, summary.json, pairs.csv
# Exit status: 0 when every step that ran passed, 1 otherwise, 2 on bad arguments.
#
# Build the kit here (a machine with JDK 17+, Maven, xz, nvcc at /usr/local/bin/nvcc):
#   bench/make-device-kit.sh                  -> bench/target/device-kit (about 40 MB)
# It builds bench/target/benchmarks.jar (bench depends on ltx-app, so the jar holds the CLI main
# class dev.ltx.transfer.cli.Main as well as the bench classes). On the device tool of this
# workplace, carry the kit with the working tree and run it as one command:
#   run(command="bash bench/device-check.sh bench/target/device-kit \"$OUT\"",
#       carry=["bench/target/device-kit"], timeout_s=600)
#
# Steps (log sections):
#   1. nvidia-smi and the Java version (informational)
#   2. probe: JCuda's JNI library on this driver (CUDA 13), the kernel module, every kernel symbol
#   3. parity: every kernel against the CPU reference, PASS/FAIL per check and per kernel (+ times)
#   4. cuda-tests (kit only): the @Tag("cuda") JUnit tests (CudaBackendTest; CudaParityTest is the
#      suite of step 3 and is left out unless LTX_ALL_CUDA_TESTS=1)
#   5. sgemm TFLOP/s at 4096^3 and 8192^3, tiled fp32 and TF32 tensor cores
#   6. Conv8 and ResNet-18 (32-px stem) training images/s at batch 128
#   7. `ltx reproduce mnist-mlp --device cuda`: the full reproduction when at least
#      LTX_FULL_REPRODUCE_S (default 300) seconds are left, else --quick; it writes into
#      /tmp/ltx-reproduce (a rerun on the same machine resumes it) and copies the summary to OUT_DIR
set -uo pipefail

usage() { sed -n '2,13p' "$0" >&2; exit 2; }
[[ $# -ge 1 ]] || usage
work=/tmp/ltx-device-check
mkdir -p "$work"
tests=""
mnist="${LTX_MNIST_DIR:-}"
if [[ -d "$1" && -f "$1/benchmarks.jar" ]]; then
    kit="$(readlink -f "$1")"
    out="${2:-${OUT:-.}}"
    jar="$kit/benchmarks.jar"
    if [[ ! -x "$work/runtime/bin/java" ]]; then
        tar -xJf "$kit/runtime.txz" -C "$work" 2>/dev/null \
            || python3 -c 'import sys, tarfile; tarfile.open(sys.argv[1]).extractall(sys.argv[2])' "$kit/runtime.txz" "$work" \
            || { echo "device-check: cannot unpack $kit/runtime.txz" >&2; exit 2; }
    fi
    runtime="$work/runtime"
    if [[ -z "$mnist" && -f "$kit/mnist.txz" ]]; then
        mnist="$work/mnist"
        if [[ ! -f "$mnist/train-images-idx3-ubyte" ]]; then
            mkdir -p "$mnist"
            tar -xJf "$kit/mnist.txz" -C "$mnist" 2>/dev/null \
                || python3 -c 'import sys, tarfile; tarfile.open(sys.argv[1]).extractall(sys.argv[2])' "$kit/mnist.txz" "$mnist"
        fi
    fi
    [[ -d "$kit/tests" ]] && tests="$kit/tests"
else
    [[ $# -ge 2 ]] || usage
    jar="$(readlink -f "$1")"
    runtime="$(readlink -f "$2")"
    out="${3:-${OUT:-.}}"
fi
mkdir -p "$out"
out="$(readlink -f "$out")"
log="$out/device-check.log"
java="$runtime/bin/java"
[[ -f "$jar" ]] || { echo "device-check: no jar at $jar" >&2; exit 2; }
[[ -x "$java" ]] || { echo "device-check: no java at $java" >&2; exit 2; }

# JCuda unpacks its JNI library into java.io.tmpdir: a writable folder outside OUT_DIR (whose
# files all travel back).
tmp="$work/tmp"
mkdir -p "$tmp"
flags=(--add-modules jdk.incubator.vector -XX:+UseParallelGC -Xmx24g "-Djava.io.tmpdir=$tmp")
main=dev.ltx.bench.cuda.CudaDeviceCheck
budget="${LTX_CHECK_BUDGET:-540}"
status=0
started=$SECONDS

say() { echo "$*" | tee -a "$log"; }
left() { echo $((budget - (SECONDS - started))); }

# run NAME SECONDS COMMAND...: one timed step (limit cut to the budget left), output appended to the log.
run() {
    local name=$1 limit=$2
    shift 2
    local l
    l=$(left)
    say ""
    if [[ $l -lt 10 ]]; then
        say "######## $name: SKIPPED: the ${budget}s budget is spent"
        status=1
        return 1
    fi
    [[ $limit -gt $l ]] && limit=$l
    say "######## $name (limit ${limit}s, $(left)s of the budget left)"
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
say "jar $jar ($(stat -c %s "$jar") bytes), runtime $runtime${kit:+, kit: $(cat "$kit/kit.txt" 2>/dev/null)}"

# informational steps: their failure does not fail the check
keep=$status
run "nvidia-smi" 15 nvidia-smi
run "java version" 15 "$java" -version
status=$keep

run "probe" 60 "$java" "${flags[@]}" -cp "$jar" "$main" probe
if [[ $? -eq 3 ]]; then
    say "no usable CUDA device (see the probe line above): skipping the remaining steps"
    exit 1
fi

run "parity" 150 "$java" "${flags[@]}" -cp "$jar" "$main" parity

if [[ -n "$tests" ]]; then
    exclude=(--exclude '.*CudaParityTest')
    [[ "${LTX_ALL_CUDA_TESTS:-0}" == 1 ]] && exclude=()
    run "cuda-tests" 120 "$java" "${flags[@]}" -cp "$tests:$tests/classes:$tests/lib/*:$jar" \
        CudaTestLauncher "${exclude[@]}"
else
    say ""
    say "######## cuda-tests: SKIPPED: no kit (the @Tag(\"cuda\") tests need its tests/ folder)"
fi

run "sgemm" 110 "$java" "${flags[@]}" -cp "$jar" "$main" sgemm --sizes 4096,8192

run "train" 140 "$java" "${flags[@]}" -cp "$jar" "$main" train --batch 128 --steps 20

say ""
cli=(dev.ltx.transfer.cli.Main)
if [[ -z "$mnist" ]]; then
    say "######## reproduce: SKIPPED: no MNIST (a kit made where MNIST was cached, or LTX_MNIST_DIR)"
    status=1
else
    mode=()
    if [[ $(left) -lt ${LTX_FULL_REPRODUCE_S:-300} ]]; then
        mode=(--quick)
        say "only $(left)s left: the quick reproduction (width 128, 2 epochs, 2 pairs)"
    fi
    repro=/tmp/ltx-reproduce${mode:+-quick}
    run "reproduce mnist-mlp --device cuda ${mode[*]}" 600 "$java" "${flags[@]}" -cp "$jar" "${cli[@]}" \
        reproduce mnist-mlp "${mode[@]}" --device cuda --data-dir "$mnist" --out "$repro"
    for f in summary.md summary.json pairs.csv; do
        [[ -f "$repro/$f" ]] && cp "$repro/$f" "$out/reproduce-$f"
    done
fi

say ""
say "device check finished in $((SECONDS - started))s: $([[ $status -eq 0 ]] && echo PASSED || echo FAILED)"
say "log: $log"
exit $status

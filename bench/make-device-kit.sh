#!/usr/bin/env bash
# Builds the device kit that bench/device-check.sh runs on a GPU machine which has no JDK, no Maven
# and no network (the device machines of this workplace): everything under bench/target/device-kit/,
# about 40 MB, small enough to travel with the working tree (carry that one path).
#
# Usage (from the repository root, on a machine with JDK 17+, Maven, xz, and nvcc at
# /usr/local/bin/nvcc or -Dltx.nvcc=PATH in MVN_ARGS):  bench/make-device-kit.sh
# Then, on the GPU machine, from a copy of the repository with the kit in place:
#   bash bench/device-check.sh bench/target/device-kit "$OUT"
#
# The kit holds:
#   benchmarks.jar     the shaded bench jar: ltx (engine, nn, transfer, the CLI), JCuda, the kernel fatbin
#   runtime.txz        a jlink-ed Java runtime (uncompressed modules, xz-packed: smaller than jlink's zip)
#   tests/             the engine's test classes (classes/: the @Tag("cuda") tests), the JUnit jars of their
#                      classpath and the compiled CudaTestLauncher (bench/device-kit/)
#   mnist.txz          MNIST from ~/.cache/ltx/data/mnist (or LTX_MNIST_DIR), when present, for the
#                      `ltx reproduce mnist-mlp --device cuda` step
#   kit.txt            the commit and date it was built from
# Never runs `mvn install`: reactor builds only.
set -euo pipefail
export XZ_OPT="${XZ_OPT:--6 -T0}"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
kit=bench/target/device-kit
mvn_args=(${MVN_ARGS:-})
rm -rf "$kit"
mkdir -p "$kit/tests/lib"

echo "== building benchmarks.jar and the engine's test classes"
mvn -B -ntp -q -DskipTests "${mvn_args[@]}" package -pl bench -am
mvn -B -ntp -q -DskipTests "${mvn_args[@]}" test-compile -pl engine
listing="$(unzip -l bench/target/benchmarks.jar)"
if [[ "$listing" != *dev/ltx/kernels/ltx_kernels.fatbin* ]]; then
    echo "make-device-kit: benchmarks.jar has no kernel fatbin (nvcc did not run): install nvcc or pass" \
         "MVN_ARGS=-Dltx.nvcc=/path/to/nvcc" >&2
    exit 1
fi
cp bench/target/benchmarks.jar "$kit/"

echo "== test classpath"
mvn -B -ntp -q -o dependency:build-classpath -pl engine -Dmdep.includeScope=test \
    -Dmdep.outputFile="$root/$kit/tests/classpath.txt"
junit_version="$(tr ':' '\n' <"$kit/tests/classpath.txt" | sed -n 's|.*/junit-platform-engine/\([^/]*\)/.*|\1|p' | head -1)"
launcher_jar="$HOME/.m2/repository/org/junit/platform/junit-platform-launcher/$junit_version/junit-platform-launcher-$junit_version.jar"
[[ -f "$launcher_jar" ]] || { echo "make-device-kit: no $launcher_jar (run the engine tests once)" >&2; exit 1; }
for j in $(tr ':' '\n' <"$kit/tests/classpath.txt") "$launcher_jar"; do
    case "$j" in
        */ltx-*.jar|*/classes|*/jcuda*) ;;   # ltx and JCuda come from benchmarks.jar
        *.jar) cp "$j" "$kit/tests/lib/" ;;
    esac
done
rm "$kit/tests/classpath.txt"
cp -r engine/target/test-classes "$kit/tests/classes"
javac -d "$kit/tests" -cp "$kit/tests/lib/*" bench/device-kit/CudaTestLauncher.java

echo "== jlink runtime"
modules="$(jdeps --ignore-missing-deps --print-module-deps --multi-release 17 bench/target/benchmarks.jar)"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
# java.logging for JCuda's loader, jdk.zipfs for JUnit's class scanning inside jars
jlink --add-modules "$modules,java.logging,jdk.zipfs" --strip-debug --no-man-pages --no-header-files --compress=0 \
    --output "$tmp/runtime"
tar -cJf "$kit/runtime.txz" -C "$tmp" runtime

mnist="${LTX_MNIST_DIR:-$HOME/.cache/ltx/data/mnist}"
if [[ -f "$mnist/train-images-idx3-ubyte" ]]; then
    echo "== MNIST from $mnist"
    tar -cJf "$kit/mnist.txz" -C "$mnist" .
else
    echo "== no MNIST at $mnist: the kit's reproduce step will be skipped"
fi
echo "commit $(git rev-parse HEAD)$(git diff --quiet HEAD || echo ' (with uncommitted changes)'), built $(date -u +%Y-%m-%dT%H:%M:%SZ)" >"$kit/kit.txt"
du -sh "$kit" "$kit"/* "$kit"/tests/*

#!/usr/bin/env bash
# Builds the ltx kernels with the host C++ compiler against the CPU emulation in cuda_emu.h and
# runs kernels_emu_test.cpp (reference loops in double). No GPU or CUDA toolkit needed: g++ 11+.
# Usage: native-kernels/src/test/emu/run.sh [build-folder]   (default: native-kernels/target/emu)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cuda="$here/../../main/cuda"
out="${1:-$here/../../../target/emu}"
mkdir -p "$out"
cxx="${CXX:-g++}"
# the emulation needs C++20 <barrier> (g++ 11+): skip, saying so, on older compilers
if ! echo '#include <barrier>
int main() { std::barrier<> b(1); b.arrive_and_wait(); }' | "$cxx" -std=c++20 -pthread -x c++ - -o "$out/barrier-probe" 2>/dev/null; then
    echo "kernel emulation SKIPPED: $cxx lacks C++20 <barrier>"
    exit 0
fi
"$cxx" -std=c++20 -O1 -pthread -Wall -Wno-unused-function -Wno-unknown-pragmas -include "$here/cuda_emu.h" -I "$here" -I "$cuda" \
    "$here/kernels_emu_test.cpp" -o "$out/kernels_emu_test"
"$out/kernels_emu_test"

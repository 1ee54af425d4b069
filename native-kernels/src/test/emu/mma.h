// Empty stand-in for CUDA's <mma.h> in the CPU emulation: the tensor-core code is guarded by
// __CUDA_ARCH__ >= 800, which the host compiler never defines.
#pragma once

// A CPU emulation of the few CUDA features the ltx kernels use, so that a host C++ compiler can
// run them: each block runs on its own, one std::thread per CUDA thread; __shared__ variables
// become function statics (shared by the block's threads because blocks run one after another);
// __syncthreads is a block barrier and warp shuffles exchange values through a per-warp barrier.
// Slow and only for small test sizes; tensor-core code (sm_80+) is not emulated.
#pragma once

#include <barrier>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <functional>
#include <memory>
#include <thread>
#include <vector>

struct dim3 {
    unsigned x = 1, y = 1, z = 1;
};

#define __global__
#define __device__
#define __host__
#define __forceinline__ inline
#define __shared__ static
#define __launch_bounds__(n)
#define __align__(n) __attribute__((aligned(n)))

namespace emu {
struct Block {
    std::unique_ptr<std::barrier<>> block;
    std::vector<std::unique_ptr<std::barrier<>>> warps;
    std::vector<uint64_t> slots;  // one exchange slot per thread
};
inline thread_local dim3 tIdx, bIdx, bDim, gDim;
inline Block* current = nullptr;

inline unsigned linearThread() {
    return tIdx.x + bDim.x * (tIdx.y + bDim.y * tIdx.z);
}

template <typename T>
T shfl_xor(T v, int off) {
    static_assert(sizeof(T) <= sizeof(uint64_t));
    unsigned me = linearThread();
    unsigned warp = me / 32;
    uint64_t bits = 0;
    std::memcpy(&bits, &v, sizeof(T));
    current->slots[me] = bits;
    current->warps[warp]->arrive_and_wait();
    uint64_t other = current->slots[warp * 32 + ((me % 32) ^ off)];
    current->warps[warp]->arrive_and_wait();
    T r;
    std::memcpy(&r, &other, sizeof(T));
    return r;
}

/** Runs kernel(args...) over the grid, block by block. */
template <typename... P, typename... A>
void launch(void (*kernel)(P...), dim3 grid, dim3 block, A... args) {
    unsigned threads = block.x * block.y * block.z;
    for (unsigned bz = 0; bz < grid.z; bz++)
        for (unsigned by = 0; by < grid.y; by++)
            for (unsigned bx = 0; bx < grid.x; bx++) {
                Block b;
                b.block = std::make_unique<std::barrier<>>(threads);
                for (unsigned w = 0; w < (threads + 31) / 32; w++) {
                    unsigned inWarp = std::min(32u, threads - w * 32);
                    b.warps.push_back(std::make_unique<std::barrier<>>(inWarp));
                }
                b.slots.assign(threads, 0);
                current = &b;
                std::vector<std::thread> pool;
                for (unsigned t = 0; t < threads; t++) {
                    pool.emplace_back([&, t] {
                        tIdx = {t % block.x, (t / block.x) % block.y, t / (block.x * block.y)};
                        bIdx = {bx, by, bz};
                        bDim = block;
                        gDim = grid;
                        kernel(args...);
                        // a finished thread no longer holds back barriers of the others
                        b.block->arrive_and_drop();
                        b.warps[t / 32]->arrive_and_drop();
                    });
                }
                for (auto& th : pool) th.join();
                current = nullptr;
            }
}
}  // namespace emu

#define threadIdx (emu::tIdx)
#define blockIdx (emu::bIdx)
#define blockDim (emu::bDim)
#define gridDim (emu::gDim)

inline void __syncthreads() {
    emu::current->block->arrive_and_wait();
}

inline float __shfl_xor_sync(unsigned, float v, int off) {
    return emu::shfl_xor(v, off);
}

inline int __shfl_xor_sync(unsigned, int v, int off) {
    return emu::shfl_xor(v, off);
}

using std::signbit;

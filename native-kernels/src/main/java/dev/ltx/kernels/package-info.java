/**
 * CUDA C kernel sources (one {@code .cu} file per op family under {@code src/main/cuda}) and the
 * Java names of their entry points: {@link dev.ltx.kernels.Kernel} lists every kernel the CUDA
 * backend launches and {@link dev.ltx.kernels.KernelImage} reads the fatbin that nvcc builds from
 * them into a jar resource (absent when the build machine had no nvcc).
 */
package dev.ltx.kernels;

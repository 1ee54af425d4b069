/**
 * CUDA C kernel sources (one {@code .cu} file per op family) and the Java names of their entry points; compiled by nvcc into a fatbin jar resource (added with the CUDA backend).
 */
package dev.ltx.kernels;

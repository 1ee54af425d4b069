package dev.ltx.kernels;

import java.util.Locale;

/**
 * The catalog of every kernel entry point the CUDA backend launches. A constant's kernel symbol is
 * its name in lower case ({@code RELU_F32} is {@code extern "C" relu_f32}), defined in the source
 * file of its {@link KernelFamily}. A test checks both directions against the sources and the
 * compiled image: every constant is compiled, every {@code extern "C"} kernel is listed.
 */
public enum Kernel {
    // elementwise
    NEG_F32(KernelFamily.ELEMENTWISE),
    EXP_F32(KernelFamily.ELEMENTWISE),
    LOG_F32(KernelFamily.ELEMENTWISE),
    SQRT_F32(KernelFamily.ELEMENTWISE),
    RELU_F32(KernelFamily.ELEMENTWISE),
    RELU_MASK_F32(KernelFamily.ELEMENTWISE),
    ABS_F32(KernelFamily.ELEMENTWISE),
    SQUARE_F32(KernelFamily.ELEMENTWISE),
    RECIPROCAL_F32(KernelFamily.ELEMENTWISE),
    ADD_F32(KernelFamily.ELEMENTWISE),
    SUB_F32(KernelFamily.ELEMENTWISE),
    MUL_F32(KernelFamily.ELEMENTWISE),
    DIV_F32(KernelFamily.ELEMENTWISE),
    MAX_F32(KernelFamily.ELEMENTWISE),
    MIN_F32(KernelFamily.ELEMENTWISE),
    SCALE_F32(KernelFamily.ELEMENTWISE),
    ADD_SCALAR_F32(KernelFamily.ELEMENTWISE),
    AXPBY_F32(KernelFamily.ELEMENTWISE),
    FILL_F32(KernelFamily.ELEMENTWISE),
    FILL_I32(KernelFamily.ELEMENTWISE),
    FILL_I64(KernelFamily.ELEMENTWISE),
    CAST_F32_I32(KernelFamily.ELEMENTWISE),
    CAST_F32_I64(KernelFamily.ELEMENTWISE),
    CAST_I32_F32(KernelFamily.ELEMENTWISE),
    CAST_I64_F32(KernelFamily.ELEMENTWISE),
    CAST_I32_I64(KernelFamily.ELEMENTWISE),
    CAST_I64_I32(KernelFamily.ELEMENTWISE),
    // reduce
    REDUCE_SUM_F32(KernelFamily.REDUCE),
    REDUCE_MAX_F32(KernelFamily.REDUCE),
    ARGMAX_F32(KernelFamily.REDUCE),
    // softmax_xent
    SOFTMAX_F32(KernelFamily.SOFTMAX_XENT),
    LOG_SOFTMAX_F32(KernelFamily.SOFTMAX_XENT),
    CROSS_ENTROPY_F32(KernelFamily.SOFTMAX_XENT),
    CROSS_ENTROPY_BACKWARD_F32(KernelFamily.SOFTMAX_XENT),
    // sgd
    SGD_F32(KernelFamily.SGD),
    ADAMW_F32(KernelFamily.SGD),
    SGD_GROUP_F32(KernelFamily.SGD),
    ADAMW_GROUP_F32(KernelFamily.SGD),
    // gemm
    SGEMM_TILED_F32(KernelFamily.GEMM),
    SGEMM_TF32_F32(KernelFamily.GEMM),
    // conv
    IM2COL_F32(KernelFamily.CONV),
    COL2IM_F32(KernelFamily.CONV),
    CONV2D_BIAS_F32(KernelFamily.CONV),
    CONV2D_BIAS_GRAD_F32(KernelFamily.CONV),
    // pool
    MAX_POOL2D_F32(KernelFamily.POOL),
    MAX_POOL2D_BACKWARD_F32(KernelFamily.POOL),
    AVG_POOL2D_F32(KernelFamily.POOL),
    AVG_POOL2D_BACKWARD_F32(KernelFamily.POOL),
    // batchnorm
    BATCH_NORM_STATS_F32(KernelFamily.BATCHNORM),
    BATCH_NORM_INV_STD_F32(KernelFamily.BATCHNORM),
    BATCH_NORM_APPLY_F32(KernelFamily.BATCHNORM),
    BATCH_NORM_BACKWARD_REDUCE_F32(KernelFamily.BATCHNORM),
    BATCH_NORM_BACKWARD_INPUT_F32(KernelFamily.BATCHNORM),
    // index
    INDEX_SELECT_F32(KernelFamily.INDEX),
    INDEX_ADD_F32(KernelFamily.INDEX),
    // layout
    STRIDED_COPY_F32(KernelFamily.LAYOUT),
    // permute
    PERMUTE_AXES_F32(KernelFamily.PERMUTE),
    // match
    MATCH_COST_F32(KernelFamily.MATCH);

    private final KernelFamily family;

    Kernel(KernelFamily family) {
        this.family = family;
    }

    /** The op family (source file) the kernel belongs to. */
    public KernelFamily family() {
        return family;
    }

    /** The {@code extern "C"} symbol, e.g. {@code relu_f32}. */
    public String symbol() {
        return name().toLowerCase(Locale.ROOT);
    }
}

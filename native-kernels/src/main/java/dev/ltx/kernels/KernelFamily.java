package dev.ltx.kernels;

/** The op families of the kernels: one CUDA source file each under {@code src/main/cuda}. */
public enum KernelFamily {
    ELEMENTWISE("elementwise.cu"),
    REDUCE("reduce.cu"),
    SOFTMAX_XENT("softmax_xent.cu"),
    SGD("sgd.cu"),
    GEMM("gemm.cu"),
    CONV("conv.cu"),
    POOL("pool.cu"),
    BATCHNORM("batchnorm.cu"),
    INDEX("index.cu"),
    LAYOUT("layout.cu"),
    PERMUTE("permute.cu"),
    MATCH("match.cu");

    private final String file;

    KernelFamily(String file) {
        this.file = file;
    }

    /** The source file name, e.g. {@code elementwise.cu}. */
    public String file() {
        return file;
    }
}

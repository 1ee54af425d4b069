package dev.ltx.engine.cuda;

/**
 * A failed CUDA driver call: carries the driver's error name (e.g. {@code CUDA_ERROR_OUT_OF_MEMORY},
 * from {@code cuGetErrorName}), the driver function, and the ltx op that was running.
 */
public final class CudaOpException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String errorName;
    private final String call;
    private final String op;

    /** A failure of driver function {@code call} with error {@code errorName} during ltx op {@code op}. */
    public CudaOpException(String errorName, String call, String op) {
        super(message(errorName, call, op));
        this.errorName = errorName;
        this.call = call;
        this.op = op;
    }

    private static String message(String errorName, String call, String op) {
        return "CUDA " + errorName + " in " + call + (op == null ? "" : " during op " + op);
    }

    /** The driver's error name, e.g. {@code CUDA_ERROR_ILLEGAL_ADDRESS}. */
    public String errorName() {
        return errorName;
    }

    /** The driver function that failed, e.g. {@code cuLaunchKernel(relu_f32)}. */
    public String call() {
        return call;
    }

    /** The ltx op that was running, or null when the failure happened outside an op. */
    public String op() {
        return op;
    }

    /** This failure attributed to {@code newOp} (keeps an op already set). */
    CudaOpException withOp(String newOp) {
        if (op != null) return this;
        CudaOpException e = new CudaOpException(errorName, call, newOp);
        e.setStackTrace(getStackTrace());
        return e;
    }
}

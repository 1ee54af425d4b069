package dev.ltx.nn.layers;

import dev.ltx.autograd.F;
import dev.ltx.autograd.Var;
import dev.ltx.engine.Pool2dParams;
import dev.ltx.nn.Module;

/** Max pooling over NCHW input with a square window; no state. Padded cells never win. */
public final class MaxPool2d extends Module {
    private final Pool2dParams params;

    /** Window {@code kernel}, stride equal to the window, no padding (PyTorch's default stride). */
    public MaxPool2d(int kernel) {
        this(kernel, kernel, 0);
    }

    public MaxPool2d(int kernel, int stride, int padding) {
        this.params = Pool2dParams.of(kernel, stride, padding);
    }

    @Override
    public Var forward(Var x) {
        return F.maxPool2d(x, params);
    }

    public Pool2dParams params() {
        return params;
    }

    @Override
    public String toString() {
        return "MaxPool2d(k=" + params.kernelH() + ", stride=" + params.strideH() + ", pad=" + params.padH() + ")";
    }
}

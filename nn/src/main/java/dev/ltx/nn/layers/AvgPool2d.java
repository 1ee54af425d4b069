package dev.ltx.nn.layers;

import dev.ltx.autograd.F;
import dev.ltx.autograd.Var;
import dev.ltx.engine.Pool2dParams;
import dev.ltx.nn.Module;

/** Average pooling over NCHW input with a square window; padding counts in the divisor; no state. */
public final class AvgPool2d extends Module {
    private final Pool2dParams params;

    /** Window {@code kernel}, stride equal to the window, no padding (PyTorch's default stride). */
    public AvgPool2d(int kernel) {
        this(kernel, kernel, 0);
    }

    public AvgPool2d(int kernel, int stride, int padding) {
        this.params = Pool2dParams.of(kernel, stride, padding);
    }

    @Override
    public Var forward(Var x) {
        return F.avgPool2d(x, params);
    }

    public Pool2dParams params() {
        return params;
    }

    @Override
    public String toString() {
        return "AvgPool2d(k=" + params.kernelH() + ", stride=" + params.strideH() + ", pad=" + params.padH() + ")";
    }
}

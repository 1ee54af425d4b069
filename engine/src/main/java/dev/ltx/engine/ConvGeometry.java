package dev.ltx.engine;

/**
 * The sizes of one 2-D convolution, validated once: input (N, C, H, W), weight (O, C, KH, KW),
 * output (N, O, OH, OW). Shared by every backend (and by the CPU reference and fast paths).
 */
public record ConvGeometry(int n, int c, int h, int w, int o, int kh, int kw, int oh, int ow,
                    int strideH, int strideW, int padH, int padW) {

    /** Validates the input and weight shapes against each other and the params. */
    /**
     * The geometry of a forward convolution after the operand checks every backend shares: x, w and
     * the optional bias of one floating dtype, the bias a (O) vector.
     */
    public static ConvGeometry forward(Tensor x, Tensor w, Tensor bias, Conv2dParams p, String op) {
        Checks.sameFloating(x, w, op);
        ConvGeometry g = of(x.shape(), w.shape(), p, op);
        if (bias != null) {
            Checks.sameFloating(x, bias, op + " bias");
            if (bias.rank() != 1 || bias.dim(0) != g.o()) {
                throw new IllegalArgumentException(op + ": bias shape " + bias.shape() + " does not match weight "
                        + w.shape() + " (expected " + Shape.of(g.o()) + ")");
            }
        }
        return g;
    }

    public static ConvGeometry of(Shape x, Shape wt, Conv2dParams p, String op) {
        if (x.rank() != 4 || wt.rank() != 4) {
            throw new IllegalArgumentException(op + ": input must be (N, C, H, W) and weight (O, C, KH, KW), got input "
                    + x + " and weight " + wt);
        }
        if (x.dim(1) != wt.dim(1)) {
            throw new IllegalArgumentException(op + ": input channels " + x.dim(1) + " do not match weight channels "
                    + wt.dim(1) + ": input " + x + ", weight " + wt);
        }
        int kh = wt.dim(2);
        int kw = wt.dim(3);
        if (kh < 1 || kw < 1 || x.dim(2) + 2 * p.padH() < kh || x.dim(3) + 2 * p.padW() < kw) {
            throw new IllegalArgumentException(op + ": kernel does not fit the padded input: input " + x
                    + ", weight " + wt + ", " + p);
        }
        return new ConvGeometry(x.dim(0), x.dim(1), x.dim(2), x.dim(3), wt.dim(0), kh, kw,
                p.outH(x.dim(2), kh), p.outW(x.dim(3), kw), p.strideH(), p.strideW(), p.padH(), p.padW());
    }

    /** Throws unless {@code gradOut} has this convolution's output shape. */
    public void requireOutput(Shape gradOut, String op) {
        if (!gradOut.equals(outShape())) {
            throw new IllegalArgumentException(op + ": gradOut shape " + gradOut + " does not match the expected output shape "
                    + outShape() + " of input " + inShape() + " and weight " + weightShape());
        }
    }

    public Shape inShape() {
        return Shape.of(n, c, h, w);
    }

    public Shape weightShape() {
        return Shape.of(o, c, kh, kw);
    }

    public Shape outShape() {
        return Shape.of(n, o, oh, ow);
    }

    /** Rows of the im2col matrix: C · KH · KW. */
    public int colRows() {
        return c * kh * kw;
    }

    /** Output pixels per image: OH · OW. */
    public int outPlane() {
        return oh * ow;
    }

    /** Input pixels per image plane: H · W. */
    public int inPlane() {
        return h * w;
    }

    /** Whether im2col is the identity (1x1 kernel, stride 1, no padding). */
    public boolean isPointwise() {
        return kh == 1 && kw == 1 && strideH == 1 && strideW == 1 && padH == 0 && padW == 0;
    }

    /** Multiply-adds of the forward pass (each gradient costs the same). */
    public long macs() {
        return (long) n * o * outPlane() * colRows();
    }
}

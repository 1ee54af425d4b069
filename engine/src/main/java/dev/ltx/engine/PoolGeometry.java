package dev.ltx.engine;

/**
 * The sizes of one 2-D pooling: input (N, C, H, W), output (N, C, OH, OW), validated once. Because
 * padding is at most half the window, every window holds at least one real input cell and never
 * reaches past the padded border, so the average-pooling divisor is always KH·KW. Shared by every
 * backend.
 *
 * @param n  images
 * @param c  channels
 * @param h  input height
 * @param w  input width
 * @param oh output height
 * @param ow output width
 * @param p  window, stride and padding
 */
public record PoolGeometry(int n, int c, int h, int w, int oh, int ow, Pool2dParams p) {

    /** Validates {@code x} (N, C, H, W) against the window of {@code p}; errors name {@code op}. */
    public static PoolGeometry of(Shape x, Pool2dParams p, String op) {
        if (x.rank() != 4) {
            throw new IllegalArgumentException(op + ": input must be (N, C, H, W), got shape " + x);
        }
        if (x.dim(2) + 2 * p.padH() < p.kernelH() || x.dim(3) + 2 * p.padW() < p.kernelW()) {
            throw new IllegalArgumentException(op + ": window (" + p.kernelH() + ", " + p.kernelW()
                    + ") does not fit the padded input " + x + ", " + p);
        }
        return new PoolGeometry(x.dim(0), x.dim(1), x.dim(2), x.dim(3), p.outH(x.dim(2)), p.outW(x.dim(3)), p);
    }

    /** Throws unless {@code gradOut} has this pooling's output shape. */
    public void requireOutput(Shape gradOut, String op) {
        if (!gradOut.equals(outShape())) {
            throw new IllegalArgumentException(op + ": gradOut shape " + gradOut + " does not match the output shape "
                    + outShape() + " of input " + inShape() + " under " + p);
        }
    }

    public Shape inShape() {
        return Shape.of(n, c, h, w);
    }

    public Shape outShape() {
        return Shape.of(n, c, oh, ow);
    }

    /** Number of (image, channel) planes. */
    public int planes() {
        return n * c;
    }

    public int inPlane() {
        return h * w;
    }

    public int outPlane() {
        return oh * ow;
    }

    /** First input row of output row i (may be negative: padding). */
    public int rowStart(int i) {
        return i * p.strideH() - p.padH();
    }

    /** First input column of output column j (may be negative: padding). */
    public int colStart(int j) {
        return j * p.strideW() - p.padW();
    }

    /** The average-pooling divisor (padding cells count, PyTorch's count_include_pad=True). */
    public int windowSize() {
        return p.kernelH() * p.kernelW();
    }
}

package dev.ltx.engine;

/**
 * Geometry of a 2-D convolution over NCHW inputs and OIHW weights (no dilation, no groups).
 *
 * @param strideH vertical stride (&gt;= 1)
 * @param strideW horizontal stride (&gt;= 1)
 * @param padH    zero padding added above and below (&gt;= 0)
 * @param padW    zero padding added left and right (&gt;= 0)
 */
public record Conv2dParams(int strideH, int strideW, int padH, int padW) {
    public Conv2dParams {
        if (strideH < 1 || strideW < 1 || padH < 0 || padW < 0) {
            throw new IllegalArgumentException("invalid conv2d params: stride (" + strideH + ", " + strideW
                    + "), padding (" + padH + ", " + padW + ")");
        }
    }

    /** Square stride and padding. */
    public static Conv2dParams of(int stride, int pad) {
        return new Conv2dParams(stride, stride, pad, pad);
    }

    /** Output height for input height {@code h} and kernel height {@code kh}. */
    public int outH(int h, int kh) {
        return (h + 2 * padH - kh) / strideH + 1;
    }

    /** Output width for input width {@code w} and kernel width {@code kw}. */
    public int outW(int w, int kw) {
        return (w + 2 * padW - kw) / strideW + 1;
    }
}

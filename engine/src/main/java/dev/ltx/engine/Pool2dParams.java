package dev.ltx.engine;

/**
 * Geometry of a 2-D pooling window over NCHW inputs. Padding is implicit: for max pooling padded
 * cells never win; for average pooling they count as zeros in the divisor
 * (PyTorch's {@code count_include_pad=True}).
 *
 * @param kernelH window height
 * @param kernelW window width
 * @param strideH vertical stride
 * @param strideW horizontal stride
 * @param padH    implicit padding above and below (at most half the window)
 * @param padW    implicit padding left and right (at most half the window)
 */
public record Pool2dParams(int kernelH, int kernelW, int strideH, int strideW, int padH, int padW) {
    public Pool2dParams {
        if (kernelH < 1 || kernelW < 1 || strideH < 1 || strideW < 1 || padH < 0 || padW < 0
                || padH * 2 > kernelH || padW * 2 > kernelW) {
            throw new IllegalArgumentException("invalid pool2d params: kernel (" + kernelH + ", " + kernelW
                    + "), stride (" + strideH + ", " + strideW + "), padding (" + padH + ", " + padW + ")");
        }
    }

    /** Square window with stride equal to the window and no padding (e.g. 2x2/2). */
    public static Pool2dParams of(int kernel) {
        return new Pool2dParams(kernel, kernel, kernel, kernel, 0, 0);
    }

    /** Square window, stride and padding. */
    public static Pool2dParams of(int kernel, int stride, int pad) {
        return new Pool2dParams(kernel, kernel, stride, stride, pad, pad);
    }

    public int outH(int h) {
        return (h + 2 * padH - kernelH) / strideH + 1;
    }

    public int outW(int w) {
        return (w + 2 * padW - kernelW) / strideW + 1;
    }
}

package dev.ltx.nn.data;

import dev.ltx.engine.Shape;

/**
 * Deterministic geometric operations on {@link ByteImage}s: the building blocks of the random
 * augmentations, written as plain loops (each is exact or rounds once per output pixel).
 */
final class ImageOps {
    private ImageOps() {
    }

    /** {@code image} surrounded by {@code pad} zero pixels on every side (torchvision {@code Pad(pad)}, fill 0). */
    static ByteImage zeroPad(ByteImage image, int pad) {
        if (pad < 0) throw new IllegalArgumentException("padding must be non-negative, got " + pad);
        if (pad == 0) return image;
        int h = image.height();
        int w = image.width();
        ByteImage out = ByteImage.zeros(image.channels(), h + 2 * pad, w + 2 * pad);
        for (int c = 0; c < image.channels(); c++) {
            for (int y = 0; y < h; y++) {
                System.arraycopy(image.pixels(), image.index(c, y, 0), out.pixels(), out.index(c, y + pad, pad), w);
            }
        }
        return out;
    }

    /** The {@code height}×{@code width} window whose top-left pixel is ({@code top}, {@code left}); must lie inside. */
    static ByteImage crop(ByteImage image, int top, int left, int height, int width) {
        if (top < 0 || left < 0 || height <= 0 || width <= 0 || top + height > image.height()
                || left + width > image.width()) {
            throw new IllegalArgumentException("crop box (top " + top + ", left " + left + ", " + height + "x" + width
                    + ") is not inside the " + image.height() + "x" + image.width() + " image");
        }
        if (top == 0 && left == 0 && height == image.height() && width == image.width()) return image;
        ByteImage out = ByteImage.zeros(image.channels(), height, width);
        for (int c = 0; c < image.channels(); c++) {
            for (int y = 0; y < height; y++) {
                System.arraycopy(image.pixels(), image.index(c, top + y, left), out.pixels(), out.index(c, y, 0), width);
            }
        }
        return out;
    }

    /** The image mirrored left to right (torchvision {@code hflip}). */
    static ByteImage flipHorizontal(ByteImage image) {
        int w = image.width();
        byte[] src = image.pixels();
        byte[] dst = new byte[src.length];
        for (int row = 0; row < image.channels() * image.height(); row++) {
            int base = row * w;
            for (int x = 0; x < w; x++) dst[base + x] = src[base + w - 1 - x];
        }
        return new ByteImage(dst, image.channels(), image.height(), w);
    }

    /**
     * Bilinear resampling to {@code outH}×{@code outW} with PyTorch's {@code align_corners=False}
     * convention (what torchvision's tensor {@code resize} calls, without antialiasing): output
     * pixel {@code d} samples source coordinate {@code s = (d + 0.5)·in/out − 0.5}, clamped below
     * at 0; it blends pixels {@code floor(s)} and {@code min(floor(s) + 1, in − 1)} with weight
     * {@code s − floor(s)} on the second, separably in rows and columns. Computed in double and
     * rounded half to even (as {@code torch.round}) back to a byte. Resizing to the same size
     * returns the input unchanged.
     */
    static ByteImage resizeBilinear(ByteImage image, int outH, int outW) {
        if (outH <= 0 || outW <= 0) {
            throw new IllegalArgumentException("resize target must be positive, got " + outH + "x" + outW);
        }
        int inH = image.height();
        int inW = image.width();
        if (outH == inH && outW == inW) return image;
        int[] y0 = new int[outH];
        int[] y1 = new int[outH];
        double[] wy = new double[outH];
        sourceIndices(inH, outH, y0, y1, wy);
        int[] x0 = new int[outW];
        int[] x1 = new int[outW];
        double[] wx = new double[outW];
        sourceIndices(inW, outW, x0, x1, wx);
        byte[] src = image.pixels();
        ByteImage out = ByteImage.zeros(image.channels(), outH, outW);
        byte[] dst = out.pixels();
        for (int c = 0; c < image.channels(); c++) {
            int plane = c * inH * inW;
            for (int y = 0; y < outH; y++) {
                int r0 = plane + y0[y] * inW;
                int r1 = plane + y1[y] * inW;
                double b = wy[y];
                int o = out.index(c, y, 0);
                for (int x = 0; x < outW; x++) {
                    double a = wx[x];
                    double top = (1 - a) * (src[r0 + x0[x]] & 0xff) + a * (src[r0 + x1[x]] & 0xff);
                    double bottom = (1 - a) * (src[r1 + x0[x]] & 0xff) + a * (src[r1 + x1[x]] & 0xff);
                    double v = Math.rint((1 - b) * top + b * bottom);
                    dst[o + x] = (byte) Math.max(0, Math.min(255, (int) v));
                }
            }
        }
        return out;
    }

    /** For each of {@code out} output positions along an axis of length {@code in}: both source indices and the weight of the second. */
    static void sourceIndices(int in, int out, int[] i0, int[] i1, double[] weight) {
        double scale = (double) in / out;
        for (int d = 0; d < out; d++) {
            double s = Math.max(0.0, (d + 0.5) * scale - 0.5);
            int lo = Math.min((int) Math.floor(s), in - 1);
            i0[d] = lo;
            i1[d] = Math.min(lo + 1, in - 1);
            weight[d] = s - lo;
        }
    }

    /** The (C, H, W) sizes of a rank-3 image shape, or an exception naming it. */
    static int[] chw(Shape shape) {
        if (shape.rank() != 3) {
            throw new IllegalArgumentException("an image shape must be (C, H, W), got " + shape);
        }
        return shape.dims();
    }
}

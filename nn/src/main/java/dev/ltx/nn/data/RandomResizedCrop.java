package dev.ltx.nn.data;

import dev.ltx.engine.Rng;
import dev.ltx.engine.Shape;

/**
 * torchvision {@code RandomResizedCrop(size)}: cut a random box and resample it bilinearly to
 * {@code size}×{@code size}.
 *
 * <p>The box follows torchvision's {@code get_params} step by step. For an H×W input of area
 * {@code A = H·W}, up to {@value #ATTEMPTS} times: draw the target area {@code A·U(scale)} and the
 * aspect ratio {@code exp(U(log ratio))} (uniform on the log scale), set
 * {@code w = round(sqrt(area·aspect))}, {@code h = round(sqrt(area/aspect))} (round half to even,
 * as Python's {@code round}); if {@code 0 < w ≤ W} and {@code 0 < h ≤ H}, draw the top row
 * uniformly in {@code [0, H − h]}, then the left column in {@code [0, W − w]}, and stop. If no
 * attempt fits, fall back to a centred crop: the whole image when its aspect ratio {@code W/H} is
 * within the ratio range, otherwise the full height (or width) with the width (or height) cut to
 * the nearest bound of the range, centred with offsets {@code floor((H − h)/2)},
 * {@code floor((W − w)/2)}. The draws use doubles where torch uses float32 tensors, so boxes equal
 * torchvision's in distribution, not draw for draw.
 *
 * <p>Resampling is {@link ImageOps#resizeBilinear} ({@code align_corners=False}, no antialiasing,
 * as torchvision's tensor resize with {@code antialias=False}). The paper's code resized PIL
 * images, whose bilinear filter also antialiases when a box larger than the output is shrunk;
 * this implementation does not (see {@link ImageOps#resizeBilinear}).
 */
public final class RandomResizedCrop implements Augmentation {
    /** Attempts before the centre-crop fallback (torchvision: 10). */
    public static final int ATTEMPTS = 10;

    /** A crop box in pixels: rows {@code [top, top + height)}, columns {@code [left, left + width)}. */
    public record Box(int top, int left, int height, int width) {
    }

    private final int size;
    private final double scaleMin;
    private final double scaleMax;
    private final double logRatioMin;
    private final double logRatioMax;
    private final double ratioMin;
    private final double ratioMax;

    /** torchvision's defaults: scale (0.08, 1.0), ratio (3/4, 4/3). */
    public RandomResizedCrop(int size) {
        this(size, 0.08, 1.0, 3.0 / 4.0, 4.0 / 3.0);
    }

    /** Output {@code size}×{@code size}, area fraction in [scaleMin, scaleMax), aspect ratio (w/h) in [ratioMin, ratioMax). */
    public RandomResizedCrop(int size, double scaleMin, double scaleMax, double ratioMin, double ratioMax) {
        if (size <= 0) throw new IllegalArgumentException("output size must be positive, got " + size);
        if (!(scaleMin > 0 && scaleMin <= scaleMax) || !(ratioMin > 0 && ratioMin <= ratioMax)
                || !Double.isFinite(scaleMax) || !Double.isFinite(ratioMax)) {
            throw new IllegalArgumentException("need 0 < scaleMin <= scaleMax and 0 < ratioMin <= ratioMax, got scale ("
                    + scaleMin + ", " + scaleMax + "), ratio (" + ratioMin + ", " + ratioMax + ")");
        }
        this.size = size;
        this.scaleMin = scaleMin;
        this.scaleMax = scaleMax;
        this.ratioMin = ratioMin;
        this.ratioMax = ratioMax;
        this.logRatioMin = Math.log(ratioMin);
        this.logRatioMax = Math.log(ratioMax);
    }

    /** The output side length. */
    public int size() {
        return size;
    }

    @Override
    public ByteImage apply(ByteImage image, Rng rng) {
        Box b = sampleBox(image.height(), image.width(), rng);
        ByteImage cut = ImageOps.crop(image, b.top(), b.left(), b.height(), b.width());
        return ImageOps.resizeBilinear(cut, size, size);
    }

    /** A random box inside a {@code height}×{@code width} image, drawn as described in the class comment. */
    public Box sampleBox(int height, int width, Rng rng) {
        if (height <= 0 || width <= 0) {
            throw new IllegalArgumentException("image sizes must be positive, got " + height + "x" + width);
        }
        double area = (double) height * width;
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            double targetArea = area * uniform(rng, scaleMin, scaleMax);
            double aspect = Math.exp(uniform(rng, logRatioMin, logRatioMax));
            int w = (int) Math.rint(Math.sqrt(targetArea * aspect));
            int h = (int) Math.rint(Math.sqrt(targetArea / aspect));
            if (w > 0 && w <= width && h > 0 && h <= height) {
                int top = rng.nextInt(height - h + 1);
                int left = rng.nextInt(width - w + 1);
                return new Box(top, left, h, w);
            }
        }
        return centreFallback(height, width);
    }

    /** torchvision's fallback after {@value #ATTEMPTS} failed attempts: a centred box of clamped aspect ratio. */
    public Box centreFallback(int height, int width) {
        double inRatio = (double) width / height;
        int w;
        int h;
        if (inRatio < ratioMin) {
            w = width;
            h = (int) Math.rint(w / ratioMin);
        } else if (inRatio > ratioMax) {
            h = height;
            w = (int) Math.rint(h * ratioMax);
        } else {
            w = width;
            h = height;
        }
        return new Box((height - h) / 2, (width - w) / 2, h, w);
    }

    private static double uniform(Rng rng, double lo, double hi) {
        return lo + (hi - lo) * rng.nextDouble();
    }

    @Override
    public Shape outputShape(Shape input) {
        int[] d = ImageOps.chw(input);
        return Shape.of(d[0], size, size);
    }

    @Override
    public String toString() {
        return "RandomResizedCrop(" + size + ", scale (" + scaleMin + ", " + scaleMax + "), ratio (" + ratioMin + ", "
                + ratioMax + "))";
    }
}

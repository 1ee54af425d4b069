package dev.ltx.engine;

/**
 * Seeded random tensor generation. Values are drawn on the host from an {@link Rng} in row-major
 * order and uploaded, so a seed gives the same tensor on every backend.
 */
public final class Init {
    private Init() {
    }

    /** Uniform in [lo, hi). */
    public static Tensor uniform(Backend backend, Shape shape, DType dtype, double lo, double hi, Rng rng) {
        double[] v = new double[shape.numel()];
        for (int i = 0; i < v.length; i++) v[i] = lo + (hi - lo) * rng.nextDouble();
        return upload(backend, v, shape, dtype);
    }

    /** Normal with the given mean and standard deviation. */
    public static Tensor normal(Backend backend, Shape shape, DType dtype, double mean, double std, Rng rng) {
        double[] v = new double[shape.numel()];
        for (int i = 0; i < v.length; i++) v[i] = mean + std * rng.nextGaussian();
        return upload(backend, v, shape, dtype);
    }

    /**
     * PyTorch's default layer initialization ({@code kaiming_uniform_(w, a=sqrt(5))}): uniform in
     * ±gain·sqrt(3 / fanIn) with gain = sqrt(2 / (1 + a²)), which is ±1/sqrt(fanIn) for a = √5.
     */
    public static Tensor kaimingUniform(Backend backend, Shape shape, DType dtype, double a, Rng rng) {
        int fanIn = fanIn(shape);
        double gain = Math.sqrt(2.0 / (1.0 + a * a));
        double bound = gain * Math.sqrt(3.0 / fanIn);
        return uniform(backend, shape, dtype, -bound, bound, rng);
    }

    /** PyTorch's default bias initialization: uniform in ±1/sqrt(fanIn) of the layer's weight. */
    public static Tensor defaultBias(Backend backend, Shape weightShape, DType dtype, Rng rng) {
        int fanIn = fanIn(weightShape);
        double bound = fanIn > 0 ? 1.0 / Math.sqrt(fanIn) : 0.0;
        return uniform(backend, Shape.of(weightShape.dim(0)), dtype, -bound, bound, rng);
    }

    /** Fan-in as PyTorch computes it: dim 1 times the product of dims 2.. (the receptive field). */
    public static int fanIn(Shape weightShape) {
        if (weightShape.rank() < 2) {
            throw new IllegalArgumentException("fan-in needs a weight of rank >= 2, got shape " + weightShape);
        }
        return weightShape.dim(1) * weightShape.product(2, weightShape.rank());
    }

    private static Tensor upload(Backend backend, double[] v, Shape shape, DType dtype) {
        return switch (dtype) {
            case F64 -> backend.fromDoubles(v, shape);
            case F32 -> {
                float[] f = new float[v.length];
                for (int i = 0; i < v.length; i++) f[i] = (float) v[i];
                yield backend.fromFloats(f, shape);
            }
            default -> throw new IllegalArgumentException("random init needs a floating dtype, got " + dtype);
        };
    }
}

package dev.ltx.engine.cpu;

/**
 * Per-thread scratch arrays of {@link ConvFast} and the paths it dispatches to (column matrices,
 * gathered gradients, GEMM results, padded planes; float slots, and two int slots of
 * {@link DirectConv}'s offsets through {@link #ints}), grown on demand and reused across calls so
 * that a training step does not allocate (and the collector does not have to reclaim) megabytes of
 * temporaries per convolution. Float and int slots are separate sets: {@link #get} takes the float
 * slot numbers, {@link #ints} the int ones.
 *
 * <p>A slot may be used by one pool task body at a time on its thread: a task takes its arrays at
 * its start and lends them to nested pool calls only by reference. Contents are unspecified on
 * return; every user overwrites the region it reads.
 */
final class ConvScratch {
    /**
     * Column matrix (im2col output / col2im input), or the packed input panels of {@link TapPanels}
     * and {@link TapWeights}.
     */
    static final int COLS = 0;
    /**
     * A gathered gradient block, a GEMM result block, {@link TapPanels}' output tiles or
     * {@link TapWeights}' packed output gradient.
     */
    static final int BLOCK = 1;
    /** The transposed (or, for {@link TapPanels}, packed) weight of a pass (taken on the calling thread). */
    static final int WEIGHT_T = 2;
    /** The weight gradient's per-task partial sums (taken on the calling thread). */
    static final int PARTIALS = 3;
    /** The channel-major copy of {@link SmallPlanes} (input or input gradient of one image group). */
    static final int PLANES = 4;
    /** The tap masks of {@link SmallPlanes} (taken on the calling thread, read by every task). */
    static final int MASKS = 5;
    /**
     * {@link TapPanels}' output tile or transpose block, or {@link Transpose16}'s staging of a partial
     * block (per task thread, one phase at a time).
     */
    static final int TILE = 6;

    /** {@link DirectConv}'s per-step input offsets (taken on the calling thread, read by every task). */
    static final int OFFSETS = 0;
    /** {@link DirectConv}'s tile cell positions (the calling thread's, read by every task). */
    static final int CELLS = 1;

    private static final ThreadLocal<float[][]> SLOTS = ThreadLocal.withInitial(() -> new float[7][]);
    private static final ThreadLocal<int[][]> INT_SLOTS = ThreadLocal.withInitial(() -> new int[2][]);

    private ConvScratch() {
    }

    /** This thread's array in {@code slot}, at least {@code size} floats long. */
    static float[] get(int slot, int size) {
        float[][] slots = SLOTS.get();
        float[] a = slots[slot];
        if (a == null || a.length < size) {
            a = new float[size];
            slots[slot] = a;
        }
        return a;
    }

    /** This thread's int array in {@code slot} ({@link #OFFSETS} or {@link #CELLS}), at least {@code size} long. */
    static int[] ints(int slot, int size) {
        int[][] slots = INT_SLOTS.get();
        int[] a = slots[slot];
        if (a == null || a.length < size) {
            a = new int[size];
            slots[slot] = a;
        }
        return a;
    }
}

package dev.ltx.nn.models;

/** Depth variant of {@link ConvNet}: conv widths per stage and which stages end in a 2×2 max-pool. */
public enum ConvDepth {
    /** 64, 64, pool, 128, 128, pool; head input = 128·(s/4)² flattened positions and channels. */
    CONV4(new int[] {64, 128}),
    /** 64, 64, pool, 128, 128, pool, 256, 256, global pool (s/4); head input = 256 channels. */
    CONV6(new int[] {64, 128, 256}),
    /** 64, 64, pool, 128, 128, pool, 256, 256, pool, 512, 512, global pool (s/8); head input = 512 channels. */
    CONV8(new int[] {64, 128, 256, 512});

    private final int[] stageWidths;

    ConvDepth(int[] stageWidths) {
        this.stageWidths = stageWidths;
    }

    /** Base widths of the two-conv stages (before the width factor). */
    public int[] stageWidths() {
        return stageWidths.clone();
    }

    /** Number of conv layers. */
    public int convCount() {
        return 2 * stageWidths.length;
    }
}

package dev.ltx.nn.train;

import java.util.Locale;

/**
 * What training does when a step's loss or gradients are not finite ({@code ltx train
 * --on-divergence}). Either way a NaN or infinity never reaches a saved checkpoint: parameters and
 * buffers are checked before every checkpoint, and a non-finite one stops the run.
 */
public enum DivergencePolicy {
    /** Stop the run with a one-line message naming epoch, step and tensor (the default). */
    STOP,
    /**
     * Skip the step (no update, no optimizer state change) and go on; the epoch line counts the
     * skipped steps. A run whose every step of an epoch was skipped stops.
     */
    SKIP_STEP;

    /** The command-line name: {@code stop} or {@code skip-step}. */
    public String cliName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The policy named {@code text} ({@code stop} or {@code skip-step}, any case). */
    public static DivergencePolicy parse(String text) {
        for (DivergencePolicy p : values()) {
            if (p.cliName().equalsIgnoreCase(text.strip())) {
                return p;
            }
        }
        throw new IllegalArgumentException("unknown divergence policy '" + text + "' (expected stop or skip-step)");
    }
}

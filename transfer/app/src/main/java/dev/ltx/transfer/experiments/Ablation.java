package dev.ltx.transfer.experiments;

import dev.ltx.transfer.trajectory.AlphaSchedule;
import java.util.ArrayList;
import java.util.List;

/**
 * One knob of the paper's §3.4 ablations (reference.md §12) and the values it is tried at: each
 * {@link Variant} is the experiment's transfer recipe with that knob changed. {@link AblationRunner}
 * transfers every pair with GMT and FGMT under each variant, reusing the experiment's runs.
 *
 * @param name     short name (file names: {@code ablation-NAME.png/.csv})
 * @param title    the figure's title
 * @param xLabel   the x axis of a sweep
 * @param plot     how the figure shows it
 * @param variants the values tried, in order
 */
public record Ablation(String name, String title, String xLabel, Plot plot, List<Variant> variants) {
    /** How an ablation is plotted. */
    public enum Plot {
        /** Best-step validation accuracy against the variant's x (a numeric sweep). */
        BEST_VS_X,
        /** Validation accuracy along the transfer, one curve per method and variant (categorical knobs). */
        CURVES
    }

    /**
     * One value of the knob.
     *
     * @param label    the variant's name in legends and tables, e.g. "T = 20"
     * @param x        its x value in a sweep
     * @param transfer the transfer recipe with the knob set
     */
    public record Variant(String label, double x, TransferRecipe transfer) {
    }

    public Ablation {
        variants = List.copyOf(variants);
        if (variants.isEmpty()) {
            throw new IllegalArgumentException("ablation '" + name + "' has no variants");
        }
    }

    /**
     * The standard set on {@code base}'s transfer recipe: the α schedule (cosine vs uniform), the
     * number of steps T (5, 10, 20, 30) and the gradient batches (1, 2, 4, 8).
     */
    public static List<Ablation> standard(TransferRecipe base) {
        List<Variant> schedules = List.of(
                new Variant("cosine", 1, schedule(base, AlphaSchedule.COSINE)),
                new Variant("uniform", 2, schedule(base, AlphaSchedule.UNIFORM)));
        List<Variant> steps = new ArrayList<>();
        for (int t : new int[] {5, 10, 20, 30}) {
            steps.add(new Variant("T = " + t, t, new TransferRecipe(List.of(), t, base.schedule(),
                    base.gradientBatches(), base.bnStatsIters(), base.bnStatsBatch())));
        }
        List<Variant> batches = new ArrayList<>();
        for (int b : new int[] {1, 2, 4, 8}) {
            batches.add(new Variant(b + " batch(es)", b, base.withGradientBatches(b)));
        }
        return List.of(
                new Ablation("schedule", "Ablation: alpha schedule (cosine vs uniform)", "Transfer step t",
                        Plot.CURVES, schedules),
                new Ablation("steps", "Ablation: number of transfer steps T", "T", Plot.BEST_VS_X, steps),
                new Ablation("gradient-batches", "Ablation: gradient batches per GMT/FGMT gradient",
                        "Batches of the training batch size", Plot.BEST_VS_X, batches));
    }

    private static TransferRecipe schedule(TransferRecipe base, AlphaSchedule s) {
        return new TransferRecipe(base.checkpointEpochs(), base.splits(), s, base.gradientBatches(), base.bnStatsIters(),
                base.bnStatsBatch());
    }
}

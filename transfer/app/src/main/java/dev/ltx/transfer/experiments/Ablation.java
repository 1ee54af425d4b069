package dev.ltx.transfer.experiments;

import dev.ltx.transfer.trajectory.AlphaSchedule;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One knob of the paper's §3.4 ablations (reference.md §12) and the values it is tried at: each
 * {@link Variant} is the experiment's transfer recipe with that knob changed. {@link AblationRunner}
 * transfers every pair with GMT and FGMT under each variant, reusing the experiment's runs.
 *
 * @param name     short name (file names: {@code ablation-NAME.png/.csv})
 * @param title    the figure's title
 * @param xLabel   the x axis of a sweep
 * @param plot     how the figure shows it
 * @param note     what ablations.md says under the title (how the variants are kept comparable), or ""
 * @param variants the values tried, in order
 */
public record Ablation(String name, String title, String xLabel, Plot plot, String note, List<Variant> variants) {
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
        note = note == null ? "" : note;
        if (variants.isEmpty()) {
            throw new IllegalArgumentException("ablation '" + name + "' has no variants");
        }
    }

    /**
     * The standard set on {@code def}'s transfer recipe: the α schedule (cosine vs uniform), the
     * number of steps T (5, 10, 20, 30), the gradient batches (1, 2, 4, 8) and the trajectory
     * (linear vs actual, {@link #trajectory}).
     */
    public static List<Ablation> standard(ExperimentDefinition def) {
        TransferRecipe base = def.transfer();
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
                        Plot.CURVES, "", schedules),
                new Ablation("steps", "Ablation: number of transfer steps T", "T", Plot.BEST_VS_X, "", steps),
                new Ablation("gradient-batches", "Ablation: gradient batches per GMT/FGMT gradient",
                        "Batches of the training batch size", Plot.BEST_VS_X, "", batches),
                trajectory(base, def.training().epochs()));
    }

    /**
     * Linear vs actual trajectory (paper §3.4, reference.md §10 "ablation_linear" / "ablation_finegrained"):
     * the source's checkpoints [−1, final] joined linearly (the main setting) against every epoch's
     * checkpoint [−1, 0, 1, …, final] of an {@code epochs}-epoch source. Both take the same number of
     * steps T' = S·epochs with S = ⌈T / epochs⌉ sub-steps per epoch segment (T the base recipe's), so
     * they differ only in the path: as in the paper (T = 60 over 60 epochs, S = 1 on the actual one),
     * each step of the actual trajectory ends on a stored checkpoint when S = 1, and the linear one
     * spends the same T' gradient matchings. The actual one needs sources that save every epoch;
     * {@link AblationRunner} trains them in its own folder.
     */
    public static Ablation trajectory(TransferRecipe base, int epochs) {
        int s = Math.max(1, (base.steps() + epochs - 1) / epochs);
        int total = s * epochs;
        List<Integer> every = new ArrayList<>();
        for (int e = -1; e < epochs; e++) every.add(e);
        TransferRecipe linear = new TransferRecipe(List.of(), total, base.schedule(), base.gradientBatches(),
                base.bnStatsIters(), base.bnStatsBatch());
        TransferRecipe actual = new TransferRecipe(every, s, base.schedule(), base.gradientBatches(),
                base.bnStatsIters(), base.bnStatsBatch());
        String note = String.format(Locale.ROOT, "Both take T = %d steps (%s α): linear = checkpoints"
                + " [-1, %d] with S = %d sub-steps; actual = all %d epoch checkpoints %s with S = %d"
                + " sub-step(s) per epoch. The actual trajectory's sources are retrained saving every epoch (training"
                + " is deterministic: same init and final weights).", total,
                base.schedule().name().toLowerCase(Locale.ROOT), epochs - 1, total, epochs + 1,
                epochs > 3 ? "[-1, 0, ..., " + (epochs - 1) + "]" : every.toString(), s);
        return new Ablation("trajectory", "Ablation: linear vs actual trajectory", "Transfer step t", Plot.CURVES, note,
                List.of(new Variant("linear", 1, linear), new Variant("actual", 2, actual)));
    }

    private static TransferRecipe schedule(TransferRecipe base, AlphaSchedule s) {
        return new TransferRecipe(base.checkpointEpochs(), base.splits(), s, base.gradientBatches(), base.bnStatsIters(),
                base.bnStatsBatch());
    }
}

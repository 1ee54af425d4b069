package dev.ltx.transfer.experiments;

import dev.ltx.transfer.report.MeanStd;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The basin study's curves ({@link BasinStudy}): validation loss at each λ from the fine-tuned
 * target (λ = 0) to each curve's other end (λ = 1), one array per pair.
 *
 * @param lambdas the λ of every point
 * @param losses  per curve, one loss array per pair (pair order)
 */
public record Basin(double[] lambdas, Map<Curve, List<double[]>> losses) {
    /** The lines of Figure 7, by their other end. */
    public enum Curve {
        /** FGMT's best step after fine-tuning ("FGMT+FT"). */
        FGMT_FT("FGMT+FT"),
        /** The fine-tuned source permuted toward the target by weight matching ("Source (permuted)"). */
        PERMUTED_SOURCE("Source (permuted)"),
        /** Naive's best step after fine-tuning ("Naive+FT"). */
        NAIVE_FT("Naive+FT");

        private final String label;

        Curve(String label) {
            this.label = label;
        }

        /** The figure's and the summary's name. */
        public String label() {
            return label;
        }
    }

    public Basin {
        lambdas = lambdas.clone();
        losses = new EnumMap<>(losses);
    }

    /**
     * The barrier of one line: the largest loss above the straight line between its end losses,
     * max over λ of L(λ) − ((1 − λ)L(0) + λL(1)) (0 when the path is convex).
     */
    public static double barrier(double[] lambdas, double[] loss) {
        int n = loss.length;
        double b = 0;
        for (int i = 0; i < n; i++) {
            b = Math.max(b, loss[i] - ((1 - lambdas[i]) * loss[0] + lambdas[i] * loss[n - 1]));
        }
        return b;
    }

    /** Barrier of {@code c}, mean ± std over pairs. */
    public MeanStd barrier(Curve c) {
        return MeanStd.of(losses.get(c).stream().mapToDouble(l -> barrier(lambdas, l)).toArray());
    }

    /** Loss at λ = 1 (the other end) of {@code c}, mean ± std over pairs. */
    public MeanStd endLoss(Curve c) {
        return MeanStd.of(losses.get(c).stream().mapToDouble(l -> l[l.length - 1]).toArray());
    }
}

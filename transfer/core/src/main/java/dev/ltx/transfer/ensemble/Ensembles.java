package dev.ltx.transfer.ensemble;

import java.util.List;

/**
 * Ensemble accuracy (the members' class probabilities averaged, then the top class) and the
 * disagreement of two models (the fraction of examples whose predicted classes differ), the two
 * numbers of paper Appendix E.2's ensemble table and of the diversity argument behind it.
 */
public final class Ensembles {
    private Ensembles() {
    }

    /**
     * Top-1 accuracy in percent of the ensemble averaging {@code members}' probabilities.
     *
     * @throws IllegalArgumentException when the members are not predictions of the same examples
     */
    public static double accuracy(List<Predictions> members) {
        Predictions first = check(members);
        int n = first.size();
        int k = first.classes();
        double[] sum = new double[k];
        long correct = 0;
        for (int i = 0; i < n; i++) {
            java.util.Arrays.fill(sum, 0.0);
            for (Predictions m : members) {
                for (int c = 0; c < k; c++) sum[c] += m.probabilities()[i * k + c];
            }
            if (Predictions.argmax(sum, 0, k) == first.labels()[i]) correct++;
        }
        return 100.0 * correct / n;
    }

    /** Percentage of examples on which {@code a} and {@code b} predict different classes. */
    public static double disagreement(Predictions a, Predictions b) {
        check(List.of(a, b));
        int[] pa = a.predicted();
        int[] pb = b.predicted();
        long differ = 0;
        for (int i = 0; i < pa.length; i++) {
            if (pa[i] != pb[i]) differ++;
        }
        return 100.0 * differ / pa.length;
    }

    private static Predictions check(List<Predictions> members) {
        if (members.isEmpty()) {
            throw new IllegalArgumentException("an ensemble needs at least one member");
        }
        Predictions first = members.get(0);
        for (Predictions m : members) {
            if (m.classes() != first.classes() || !java.util.Arrays.equals(m.labels(), first.labels())) {
                throw new IllegalArgumentException("ensemble members must predict the same examples: " + m.size() + " × "
                        + m.classes() + " vs " + first.size() + " × " + first.classes());
            }
        }
        return first;
    }
}

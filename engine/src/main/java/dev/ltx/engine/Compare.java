package dev.ltx.engine;

/**
 * Tolerance comparison of results against a reference: element i passes when
 * {@code |got - ref| <= atol + rtol·|ref|}; NaN passes only against NaN, infinities only against an
 * equal infinity. Used by tests and the parity harness.
 */
public final class Compare {
    private Compare() {
    }

    /**
     * Summary of a comparison.
     *
     * @param maxAbs    largest absolute difference
     * @param maxRel    largest difference relative to |ref| (0 where ref is 0)
     * @param worst     index of the element furthest outside (or closest to) its tolerance, -1 if empty
     * @param failures  number of elements outside tolerance
     * @param reference the reference value at {@code worst}
     * @param actual    the compared value at {@code worst}
     */
    public record Result(double maxAbs, double maxRel, int worst, int failures, double reference, double actual) {
        /** Whether every element is within tolerance. */
        public boolean ok() {
            return failures == 0;
        }

        @Override
        public String toString() {
            return String.format("%d failures, max abs %.3g, max rel %.3g, worst [%d]: ref %s got %s",
                    failures, maxAbs, maxRel, worst, reference, actual);
        }
    }

    /** Compares two equally long arrays. */
    public static Result arrays(double[] ref, double[] got, double atol, double rtol) {
        if (ref.length != got.length) {
            throw new IllegalArgumentException("lengths differ: reference " + ref.length + " vs " + got.length);
        }
        double maxAbs = 0;
        double maxRel = 0;
        double worstScore = Double.NEGATIVE_INFINITY;
        int worst = -1;
        int failures = 0;
        for (int i = 0; i < ref.length; i++) {
            double r = ref[i];
            double g = got[i];
            boolean pass;
            double score;
            if (Double.isNaN(r) || Double.isNaN(g) || Double.isInfinite(r) || Double.isInfinite(g)) {
                pass = Double.compare(r, g) == 0 || (Double.isNaN(r) && Double.isNaN(g));
                score = pass ? 0 : Double.POSITIVE_INFINITY;
            } else {
                double d = Math.abs(g - r);
                double tol = atol + rtol * Math.abs(r);
                maxAbs = Math.max(maxAbs, d);
                if (r != 0) maxRel = Math.max(maxRel, d / Math.abs(r));
                pass = d <= tol;
                score = tol > 0 ? d / tol : (d == 0 ? 0 : Double.POSITIVE_INFINITY);
            }
            if (!pass) failures++;
            if (score > worstScore) {
                worstScore = score;
                worst = i;
            }
        }
        return new Result(maxAbs, maxRel, worst, failures,
                worst >= 0 ? ref[worst] : Double.NaN, worst >= 0 ? got[worst] : Double.NaN);
    }

    /** Compares two tensors of one shape (any backends, any floating dtypes). */
    public static Result tensors(Tensor ref, Tensor got, double atol, double rtol) {
        if (!ref.shape().equals(got.shape())) {
            throw new IllegalArgumentException("shapes differ: reference " + ref.shape() + " vs " + got.shape());
        }
        return arrays(ref.toDoubles(), got.toDoubles(), atol, rtol);
    }
}

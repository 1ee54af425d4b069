package dev.ltx.transfer;

/** The learning-transfer methods of reference.md §3–4. */
public enum Method {
    /** π = identity at every step: θ²_t = θ²_0 + (θ¹_t − θ¹_0); no gradients, no matching. */
    NAIVE,
    /** One π from matching the real target run's displacement with the source's, used for all steps. */
    ORACLE,
    /** Gradient matching: at step t, all pairs s &lt; t recomputed with the previous π (T(T+1)/2 pairs). */
    GMT,
    /** Fast gradient matching: each pair computed once, at the point actually produced, and cached (T pairs). */
    FGMT;

    /** Whether the method computes gradients and matches them. */
    public boolean matchesGradients() {
        return this == GMT || this == FGMT;
    }

    /** Parses the name, case-insensitive. */
    public static Method parse(String name) {
        for (Method m : values()) {
            if (m.name().equalsIgnoreCase(name)) return m;
        }
        throw new IllegalArgumentException("unknown method '" + name + "', expected naive, oracle, gmt or fgmt");
    }
}

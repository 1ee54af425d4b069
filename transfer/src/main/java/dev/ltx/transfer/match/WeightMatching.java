package dev.ltx.transfer.match;

import dev.ltx.engine.Backend;
import dev.ltx.transfer.perm.PermutationSpec;
import dev.ltx.transfer.perm.Permutations;
import java.util.List;

/** Git Re-basin weight matching by coordinate descent (stub; filled in next). */
public final class WeightMatching {
    private WeightMatching() {
    }

    /** Maximizes {@code Σ_pairs Σ_w ⟨target_w, π(source_w)⟩} over the spec's permutations. */
    public static MatchResult match(PermutationSpec spec, List<StatePair> pairs, MatchOptions o, Backend backend) {
        throw new UnsupportedOperationException("weight matching not implemented yet");
    }

    /** {@code Σ_pairs Σ_w ⟨target_w, π(source_w)⟩} over the spec's parameters. */
    public static double objective(PermutationSpec spec, List<StatePair> pairs, Permutations perms, Backend backend) {
        throw new UnsupportedOperationException("weight matching not implemented yet");
    }
}

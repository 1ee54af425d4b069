package dev.ltx.transfer.match;

import dev.ltx.transfer.perm.Permutations;
import java.util.List;

/**
 * Outcome of {@link WeightMatching#match}.
 *
 * @param permutations      the permutation of each group (apply to the source side)
 * @param sweeps            sweeps run (the last one made no progress unless {@code maxSweeps} stopped it)
 * @param objective         final {@code Σ_pairs Σ_w ⟨target_w, π(source_w)⟩} (normalized terms when so configured)
 * @param objectivePerSweep the objective after each sweep
 * @param seconds           wall time of the whole matching
 */
public record MatchResult(Permutations permutations, int sweeps, double objective, List<Double> objectivePerSweep,
                          double seconds) {
    public MatchResult {
        objectivePerSweep = List.copyOf(objectivePerSweep);
    }
}

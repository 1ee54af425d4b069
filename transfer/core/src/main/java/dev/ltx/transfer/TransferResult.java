package dev.ltx.transfer;

import dev.ltx.engine.Tensor;
import dev.ltx.transfer.perm.Permutations;
import java.util.List;
import java.util.Map;

/**
 * Everything one transfer produced (reference.md §3.3, ltx decision 6).
 *
 * @param config             the configuration that ran
 * @param steps              one record per step 1..T (step 0, the target init, is never evaluated)
 * @param bestStep           the step with the highest validation accuracy (strict "&gt;": earliest wins ties)
 * @param bestAccuracy       its validation accuracy in percent
 * @param bestPermutations   the permutation in force at the best step
 * @param finalPermutations  π_T
 * @param bestParameters     θ²_bestStep (parameters only)
 * @param finalParameters    θ²_T (parameters only)
 * @param gradientPairs      gradient pairs computed (GMT T(T+1)/2, FGMT T, others 0)
 * @param matchings          matching problems solved (GMT/FGMT T, Oracle 1, Naive 0)
 * @param seconds            wall time of the whole transfer
 */
public record TransferResult(TransferConfig config, List<StepRecord> steps, int bestStep, double bestAccuracy,
                             Permutations bestPermutations, Permutations finalPermutations,
                             Map<String, Tensor> bestParameters, Map<String, Tensor> finalParameters,
                             long gradientPairs, long matchings, double seconds) {
    public TransferResult {
        steps = List.copyOf(steps);
    }

    public Method method() {
        return config.method();
    }

    /** Per-step validation accuracies, steps 1..T. */
    public double[] validationAccuracies() {
        return steps.stream().mapToDouble(StepRecord::validationAccuracy).toArray();
    }

    /** Total time computing gradients. */
    public double gradientSeconds() {
        return steps.stream().mapToDouble(StepRecord::gradientSeconds).sum();
    }

    /** Total time matching. */
    public double matchingSeconds() {
        return steps.stream().mapToDouble(StepRecord::matchingSeconds).sum();
    }

    /** Total time evaluating (BN re-estimation and validation). */
    public double evaluationSeconds() {
        return steps.stream().mapToDouble(StepRecord::evaluationSeconds).sum();
    }
}

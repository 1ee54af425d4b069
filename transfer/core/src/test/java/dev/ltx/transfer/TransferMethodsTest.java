package dev.ltx.transfer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ltx.engine.Backend;
import dev.ltx.engine.Tensor;
import dev.ltx.nn.Module;
import dev.ltx.transfer.method.ModelState;
import dev.ltx.transfer.perm.PermutationApplier;
import dev.ltx.transfer.perm.PermutationSpec;
import dev.ltx.transfer.perm.Permutations;
import dev.ltx.transfer.trajectory.AlphaSchedule;
import dev.ltx.transfer.trajectory.ParameterMaps;
import dev.ltx.transfer.trajectory.Trajectory;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** The methods on a tiny MLP trained for 3 epochs on synthetic 4-class data. */
class TransferMethodsTest {
    private static final Backend B = Fixtures.backend();
    private static final TransferData DATA = Fixtures.data();
    private static final Supplier<Module> SOURCE_MODEL = Fixtures.mlp(B, 101);
    private static final SortedMap<Integer, Map<String, Tensor>> SOURCE =
            Fixtures.train(SOURCE_MODEL.get(), DATA, B, 3, 5);
    private static final List<String> NAMES = ModelState.parameterNames(SOURCE_MODEL.get());
    private static final PermutationSpec SPEC = PermutationSpec.of(SOURCE_MODEL.get());

    private static LearningTransfer transfer(Map<String, Tensor> targetInit, SortedMap<Integer, Map<String, Tensor>> target) {
        LearningTransfer.Builder b = LearningTransfer.builder(B).model(SOURCE_MODEL).source(CheckpointStore.of(SOURCE))
                .data(DATA);
        if (target != null) b.target(CheckpointStore.of(target));
        if (targetInit != null) b.targetInit(targetInit);
        return b.build();
    }

    private static TransferConfig config(Method m, int splits) {
        return TransferConfig.defaults(m, 3).withSplits(splits);
    }

    /** A target "run" that is the source run with every checkpoint permuted by {@code pi}: exactly what training from π(θ¹_0) gives. */
    private static SortedMap<Integer, Map<String, Tensor>> permutedSource(Permutations pi) {
        SortedMap<Integer, Map<String, Tensor>> out = new TreeMap<>();
        SOURCE.forEach((e, s) -> out.put(e, PermutationApplier.apply(SPEC, pi, s, B)));
        return out;
    }

    private static Permutations randomPermutation(long seed) {
        return Permutations.of(SPEC, Map.of(SPEC.groups().get(0).name(),
                new dev.ltx.engine.Rng(seed).permutation(Fixtures.HIDDEN)));
    }

    @Test
    void naiveIsPlainInterpolationAddedToTheTargetInit() {
        Map<String, Tensor> init = Fixtures.mlp(B, 202).get().stateDictCopy();
        TransferResult r = transfer(init, null).transfer(config(Method.NAIVE, 4));
        Trajectory t = Trajectory.linear(new TreeMap<>(Map.of(-1, SOURCE.get(-1), 2, SOURCE.get(2))), NAMES, 4,
                AlphaSchedule.COSINE);
        Map<String, Tensor> expected = ParameterMaps.add(ParameterMaps.select(init, NAMES), t.displacement(4));
        assertEquals(0.0, ParameterMaps.maxAbsDifference(expected, r.finalParameters()), 0.0);
        assertEquals(4, r.steps().size());
        assertEquals(0, r.gradientPairs());
        assertEquals(0, r.matchings());
        assertTrue(r.finalPermutations().isIdentity());
        // and by hand, in double, at a middle step
        double a = AlphaSchedule.COSINE.alphas(4)[1];
        double[] w0 = SOURCE.get(-1).get("linear1.weight").toDoubles();
        double[] w1 = SOURCE.get(2).get("linear1.weight").toDoubles();
        double[] i0 = init.get("linear1.weight").toDoubles();
        Map<String, Tensor> step2 = ParameterMaps.add(ParameterMaps.select(init, NAMES), t.displacement(2));
        double[] got = step2.get("linear1.weight").toDoubles();
        for (int i = 0; i < got.length; i++) {
            assertEquals(i0[i] + a * (w1[i] - w0[i]), got[i], 1e-5, "linear1.weight[" + i + "]");
        }
    }

    @Test
    void sameInitOracleAndGmtReproduceTheSourceTrajectory() {
        for (Method m : List.of(Method.ORACLE, Method.GMT)) {
            TransferResult r = transfer(null, SOURCE).transfer(config(m, 3));
            assertTrue(r.finalPermutations().isIdentity(), m + ": " + r.finalPermutations());
            Map<String, Tensor> sourceFinal = ParameterMaps.select(SOURCE.get(2), NAMES);
            assertEquals(0.0, ParameterMaps.maxAbsDifference(sourceFinal, r.finalParameters()), 1e-6, m.toString());
        }
    }

    @Test
    void oracleAndGmtRecoverAnExactPermutationOfTheInit() {
        Permutations pi = randomPermutation(42);
        SortedMap<Integer, Map<String, Tensor>> target = permutedSource(pi);
        Map<String, Tensor> permutedFinal = ParameterMaps.select(target.get(2), NAMES);
        for (Method m : List.of(Method.ORACLE, Method.GMT, Method.FGMT)) {
            TransferResult r = transfer(null, target).transfer(config(m, 3));
            assertEquals(pi, r.finalPermutations(), m.toString());
            assertEquals(0.0, ParameterMaps.maxAbsDifference(permutedFinal, r.finalParameters()), 1e-6, m.toString());
            // function equality: the transferred net classifies the validation set exactly as the source does
            double sourceAcc = transfer(null, SOURCE).evaluate(ParameterMaps.select(SOURCE.get(2), NAMES), 0, 1).accuracy();
            assertEquals(sourceAcc, r.steps().get(2).validationAccuracy(), 1e-9, m.toString());
        }
    }

    @Test
    void gmtComputesTriangularAndFgmtLinearPairCounts() {
        Map<String, Tensor> init = Fixtures.mlp(B, 202).get().stateDictCopy();
        TransferResult gmt = transfer(init, null).transfer(config(Method.GMT, 4));
        TransferResult fgmt = transfer(init, null).transfer(config(Method.FGMT, 4));
        assertEquals(4 * 5 / 2, gmt.gradientPairs());
        assertEquals(4, fgmt.gradientPairs());
        assertEquals(4, gmt.matchings());
        assertEquals(4, fgmt.matchings());
        for (StepRecord s : fgmt.steps()) assertTrue(s.sweeps() >= 1, "every step matches: " + s);
    }

    @Test
    void sameSeedGivesIdenticalTransfers() {
        Map<String, Tensor> init = Fixtures.mlp(B, 303).get().stateDictCopy();
        for (Method m : List.of(Method.GMT, Method.FGMT)) {
            TransferResult a = transfer(init, null).transfer(config(m, 3));
            TransferResult b = transfer(init, null).transfer(config(m, 3));
            assertEquals(a.finalPermutations(), b.finalPermutations(), m.toString());
            assertEquals(a.bestPermutations(), b.bestPermutations(), m.toString());
            assertEquals(0.0, ParameterMaps.maxAbsDifference(a.finalParameters(), b.finalParameters()), 0.0);
            for (int i = 0; i < a.steps().size(); i++) {
                assertEquals(a.steps().get(i).validationAccuracy(), b.steps().get(i).validationAccuracy(), 0.0);
                assertEquals(a.steps().get(i).objective(), b.steps().get(i).objective(), 0.0);
            }
        }
    }

    @Test
    void naiveDoesNotBeatTheOracleWhenTheInitDominatesTheFunction() {
        // A source whose init is scaled ×5 and trained briefly: the trained function still depends on
        // the init's hidden features, so adding the unpermuted displacement to a permuted init
        // mismatches units, while the Oracle's π reproduces the permuted source trajectory exactly.
        Module model = SOURCE_MODEL.get();
        model.parameters().forEach(p -> p.value().backend().axpby(0, p.value(), 5, p.value()));
        SortedMap<Integer, Map<String, Tensor>> source = Fixtures.train(model, DATA, B, 1, 9);
        Permutations pi = randomPermutation(7);
        SortedMap<Integer, Map<String, Tensor>> target = new TreeMap<>();
        source.forEach((e, s) -> target.put(e, PermutationApplier.apply(SPEC, pi, s, B)));
        LearningTransfer lt = LearningTransfer.builder(B).model(SOURCE_MODEL).source(CheckpointStore.of(source))
                .target(CheckpointStore.of(target)).data(DATA).build();
        TransferResult naive = lt.transfer(config(Method.NAIVE, 5));
        TransferResult oracle = lt.transfer(config(Method.ORACLE, 5));
        assertEquals(pi, oracle.finalPermutations());
        assertTrue(naive.bestAccuracy() + 10 < oracle.bestAccuracy(), naive.bestAccuracy() + " vs " + oracle.bestAccuracy());
    }

    @Test
    void gradientMatchingBeatsChanceAndKeepsTheEarliestBestStep() {
        double chance = 100.0 / Fixtures.CLASSES;
        Map<String, Tensor> init = Fixtures.mlp(B, 404).get().stateDictCopy();
        for (Method m : List.of(Method.GMT, Method.FGMT)) {
            TransferResult r = transfer(init, null).transfer(config(m, 5));
            assertTrue(r.bestAccuracy() > 1.5 * chance, m + " best " + r.bestAccuracy() + "%");
            double best = r.steps().stream().mapToDouble(StepRecord::validationAccuracy).max().orElseThrow();
            assertEquals(best, r.bestAccuracy(), 0.0);
            int first = 1;
            while (r.steps().get(first - 1).validationAccuracy() != best) first++;
            assertEquals(first, r.bestStep(), "earliest best step wins");
            assertEquals(0.0, ParameterMaps.maxAbsDifference(r.bestParameters(),
                    transfer(init, null).transfer(config(m, 5)).bestParameters()), 0.0);
        }
    }
}

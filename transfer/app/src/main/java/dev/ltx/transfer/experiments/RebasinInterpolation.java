package dev.ltx.transfer.experiments;

import dev.ltx.engine.Backend;
import dev.ltx.engine.DType;
import dev.ltx.engine.Tensor;
import dev.ltx.nn.LayerInit;
import dev.ltx.nn.Module;
import dev.ltx.nn.io.SafetensorsReader;
import dev.ltx.nn.models.Models;
import dev.ltx.nn.train.RunFolder;
import dev.ltx.nn.train.TrainConfig;
import dev.ltx.nn.train.TrainingData;
import dev.ltx.transfer.CheckpointStore;
import dev.ltx.transfer.LearningTransfer;
import dev.ltx.transfer.TransferData;
import dev.ltx.transfer.match.MatchOptions;
import dev.ltx.transfer.match.MatchResult;
import dev.ltx.transfer.match.StatePair;
import dev.ltx.transfer.match.WeightMatching;
import dev.ltx.transfer.method.Evaluation;
import dev.ltx.transfer.method.ModelState;
import dev.ltx.transfer.perm.PermutationApplier;
import dev.ltx.transfer.perm.PermutationSpec;
import dev.ltx.transfer.trajectory.ParameterMaps;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * The Git Re-basin experiment on two trained models A and B of one architecture: weight matching
 * finds π aligning B to A (A fixed), then the linear path (1 − λ)·A + λ·B is evaluated on the
 * validation set before matching (B as is) and after (π(B)). Models with batch norm get their
 * statistics re-estimated at every point.
 */
public final class RebasinInterpolation {
    /**
     * One point of the path.
     *
     * @param lambda        λ (0 is A, 1 is B)
     * @param naiveLoss     validation loss of (1 − λ)A + λB
     * @param naiveAccuracy its validation accuracy (%)
     * @param matchedLoss   validation loss of (1 − λ)A + λπ(B)
     * @param matchedAccuracy its validation accuracy (%)
     */
    public record Point(double lambda, double naiveLoss, double naiveAccuracy, double matchedLoss,
                        double matchedAccuracy) {
        /** The CSV header of {@link #csvRow()}. */
        public static final String CSV_HEADER = "lambda,naive_val_loss,naive_val_acc,matched_val_loss,matched_val_acc";

        public String csvRow() {
            return lambda + "," + naiveLoss + "," + naiveAccuracy + "," + matchedLoss + "," + matchedAccuracy;
        }
    }

    /**
     * The experiment's outcome.
     *
     * @param match  the weight matching (π applies to B)
     * @param spec   the permutation spec of the architecture
     * @param points one per λ, in the given order
     */
    public record Result(MatchResult match, PermutationSpec spec, List<Point> points) {
    }

    private RebasinInterpolation() {
    }

    /**
     * Runs it on files: {@code a} and {@code b} are run folders (their final checkpoint) or
     * safetensors checkpoints; {@code configRun} is the run folder whose config gives model and
     * data (its datasets are loaded and the validation split is evaluated).
     */
    public static Result run(Path a, Path b, Path configRun, double[] lambdas, long seed, int bnBatches,
                             Backend backend) throws IOException {
        TrainConfig c = RunFolder.open(configRun).config();
        TrainingData d = TrainingData.load(c);
        Supplier<Module> factory = () -> Models.build(c.model(), LayerInit.seeded(backend, DType.F32, c.seed()));
        TransferData data = transferData(c, d);
        return run(load(a, backend), load(b, backend), factory, data, lambdas, seed, bnBatches, backend);
    }

    /** Runs it on state dicts. */
    public static Result run(Map<String, Tensor> stateA, Map<String, Tensor> stateB, Supplier<Module> factory,
                             TransferData data, double[] lambdas, long seed, int bnBatches, Backend backend) {
        Module model = factory.get();
        List<String> names = ModelState.parameterNames(model);
        PermutationSpec spec = PermutationSpec.of(model);
        Map<String, Tensor> pa = ParameterMaps.select(stateA, names);
        Map<String, Tensor> pb = ParameterMaps.select(stateB, names);
        MatchResult match = WeightMatching.match(spec, List.of(new StatePair(pa, pb)), MatchOptions.defaults(seed),
                backend);
        Map<String, Tensor> pbMatched = PermutationApplier.apply(spec, match.permutations(), pb, backend);
        LearningTransfer evaluator = evaluator(factory, data, stateA, backend);
        List<Point> points = new ArrayList<>();
        for (double lambda : lambdas) {
            Evaluation.Metrics naive = evaluator.evaluate(ParameterMaps.interpolate(pa, pb, lambda), bnBatches, seed);
            Evaluation.Metrics matched = evaluator.evaluate(ParameterMaps.interpolate(pa, pbMatched, lambda), bnBatches,
                    seed);
            points.add(new Point(lambda, naive.loss(), naive.accuracy(), matched.loss(), matched.accuracy()));
        }
        return new Result(match, spec, points);
    }

    /**
     * An evaluator of parameter maps on {@code data}'s validation split (BN statistics re-estimated
     * when asked): a {@link LearningTransfer} whose only checkpoint is {@code state}.
     */
    static LearningTransfer evaluator(Supplier<Module> factory, TransferData data, Map<String, Tensor> state,
                                      Backend backend) {
        return LearningTransfer.builder(backend).model(factory)
                .source(CheckpointStore.of(new TreeMap<>(Map.of(-1, state)))).targetInit(state).data(data).build();
    }

    /** The transfer data (splits, normalization, batch sizes) of a loaded run config. */
    static TransferData transferData(TrainConfig c, TrainingData d) {
        return new TransferData(d.train(), d.validation(), d.test(), d.normalization(), d.augmentation(),
                c.batchSize(), c.evalBatchSize());
    }

    /** The final checkpoint of a run folder, or a safetensors file's tensors. */
    static Map<String, Tensor> load(Path p, Backend backend) throws IOException {
        if (Files.isDirectory(p)) {
            RunFolder run = RunFolder.open(p);
            List<Integer> epochs = run.checkpointEpochs();
            if (epochs.isEmpty()) {
                throw new IOException(p + " holds no checkpoint");
            }
            return run.loadCheckpoint(epochs.get(epochs.size() - 1), backend);
        }
        return SafetensorsReader.readFinite(p, backend);
    }
}

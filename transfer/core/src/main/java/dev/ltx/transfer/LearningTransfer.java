package dev.ltx.transfer;

import dev.ltx.engine.Backend;
import dev.ltx.engine.DType;
import dev.ltx.engine.Tensor;
import dev.ltx.nn.LayerInit;
import dev.ltx.nn.Module;
import dev.ltx.nn.data.Batch;
import dev.ltx.nn.data.Dataset;
import dev.ltx.nn.io.SafetensorsReader;
import dev.ltx.nn.models.Models;
import dev.ltx.nn.train.RunFolder;
import dev.ltx.nn.train.TrainConfig;
import dev.ltx.nn.train.TrainingData;
import dev.ltx.transfer.method.BatchNormStats;
import dev.ltx.transfer.method.BatchSampler;
import dev.ltx.transfer.method.Evaluation;
import dev.ltx.transfer.method.FineTuner;
import dev.ltx.transfer.method.ModelState;
import dev.ltx.transfer.method.TransferRunner;
import dev.ltx.transfer.method.TransferTarget;
import dev.ltx.transfer.trajectory.ParameterMaps;
import dev.ltx.transfer.trajectory.Trajectory;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.function.Supplier;

/**
 * The public entry point of learning transfer: a source run's trajectory, a target initialization
 * and the data; then {@link #transfer} with a method (Naive, Oracle, GMT, FGMT), {@link #fineTune}
 * from the best step, a {@link #standardTraining} baseline from the target init, and
 * {@link TransferResults} to save. Every CLI command is a thin layer over this class.
 *
 * <pre>{@code
 * LearningTransfer lt = LearningTransfer.fromRuns(Path.of("runs/mnist-101"), Path.of("runs/mnist-102"), backend);
 * TransferResult r = lt.transfer(TransferConfig.defaults(Method.FGMT, 1));
 * FineTuneResult ft = lt.fineTune(r, FineTuneConfig.mnist(1));
 * TransferResults.write(Path.of("out/fgmt"), r, backend);
 * }</pre>
 *
 * <p>A trajectory trained elsewhere (PyTorch) comes in as checkpoint files with state-dict names,
 * checked against the model before any work:
 * <pre>{@code
 * LearningTransfer lt = LearningTransfer.builder(backend).model(() -> new Mlp(...))
 *         .sourceFiles(List.of(Path.of("s_init.safetensors"), Path.of("s_final.safetensors")))
 *         .targetInitFile(Path.of("t_init.safetensors")).data(data).build();
 * }</pre>
 */
public final class LearningTransfer {
    private final Backend backend;
    private final Supplier<Module> modelFactory;
    private final CheckpointStore source;
    private final CheckpointStore target;
    private final Map<String, Tensor> targetInit;
    private final TransferData data;
    private final PrintStream log;

    private LearningTransfer(Builder b) {
        if (b.modelFactory == null || b.source == null || b.data == null || (b.targetInit == null && b.target == null)) {
            throw new IllegalArgumentException("a transfer needs a model, a source run, data and a target init or run");
        }
        this.backend = b.backend;
        this.modelFactory = b.modelFactory;
        this.source = b.source;
        this.target = b.target;
        this.targetInit = b.targetInit != null ? b.targetInit : b.target.load(-1);
        this.data = b.data;
        this.log = b.log;
    }

    /** A builder for in-memory inputs. */
    public static Builder builder(Backend backend) {
        return new Builder(backend);
    }

    /**
     * Transfer from the run folder {@code sourceRun} (written by {@code ltx train}) to {@code target}:
     * a run folder (its epoch −1 is the init; the Oracle also uses its later checkpoints) or a
     * safetensors checkpoint file of the target init. Model, datasets, normalization and training
     * augmentation come from the source run's config.
     */
    public static LearningTransfer fromRuns(Path sourceRun, Path target, Backend backend) throws IOException {
        RunFolder run = RunFolder.open(sourceRun);
        TrainConfig c = run.config();
        TrainingData d = TrainingData.load(c);
        Builder b = builder(backend)
                .model(() -> Models.build(c.model(), LayerInit.seeded(backend, DType.F32, c.seed())))
                .source(CheckpointStore.of(run, backend))
                .data(new TransferData(d.train(), d.validation(), d.test(), d.normalization(), d.augmentation(),
                        c.batchSize(), c.evalBatchSize()));
        if (Files.isDirectory(target)) {
            b.target(CheckpointStore.of(RunFolder.open(target), backend));
        } else {
            b.targetInit(SafetensorsReader.readFinite(target, backend));
        }
        return b.build();
    }

    /** Runs one transfer. */
    public TransferResult transfer(TransferConfig config) {
        return transferAll(List.of(this), config).get(0);
    }

    /**
     * The same source, model and data with another target: a run folder (its epoch −1 is the init;
     * the Oracle also uses its later checkpoints) or a safetensors checkpoint of the target init.
     * Nothing but the target is loaded; the result shares this transfer's source checkpoints, so
     * {@link #transferAll} can transfer both in one pass.
     */
    public LearningTransfer withTarget(Path target) throws IOException {
        Builder b = toBuilder().target(null).targetInit(null);
        if (Files.isDirectory(target)) {
            b.target(CheckpointStore.of(RunFolder.open(target), backend));
        } else {
            b.targetInitFile(target);
        }
        return b.build();
    }

    /** The same source, model and data with the target init {@code init} (no target run: no Oracle). */
    public LearningTransfer withTargetInit(Map<String, Tensor> init) {
        return toBuilder().target(null).targetInit(init).build();
    }

    /**
     * One source trajectory to several targets (Appendix E.2's one-to-many setting): the transfers
     * must share their source, model, data and backend (make them with {@link #withTarget}); the
     * targets run in lockstep, and the source checkpoints, trajectory and every source-side
     * gradient are computed once for all of them. Result k equals {@code transfers.get(k).transfer(config)}
     * bit for bit; its {@code seconds} count its own steps plus the shared setup.
     *
     * @throws IllegalArgumentException when the transfers do not share the source, model and data
     */
    public static List<TransferResult> transferAll(List<LearningTransfer> transfers, TransferConfig config) {
        if (transfers.isEmpty()) {
            throw new IllegalArgumentException("a transfer needs at least one target");
        }
        LearningTransfer first = transfers.get(0);
        for (LearningTransfer lt : transfers) {
            if (lt.source != first.source || lt.modelFactory != first.modelFactory || lt.data != first.data
                    || lt.backend != first.backend) {
                throw new IllegalArgumentException("the transfers of one pass must share the source, model, data and"
                        + " backend: derive them with withTarget()");
            }
        }
        List<Integer> epochs = config.checkpointEpochs().isEmpty() ? List.of(-1, first.source.lastEpoch())
                : config.checkpointEpochs();
        List<String> names = ModelState.parameterNames(first.modelFactory.get());
        SortedMap<Integer, Map<String, Tensor>> checkpoints = first.source.loadAll(epochs);
        Trajectory trajectory = Trajectory.linear(checkpoints, names, config.splits(), config.schedule());
        List<TransferTarget> targets = new ArrayList<>();
        for (LearningTransfer lt : transfers) {
            Map<String, Tensor> oracle = null;
            if (config.method() == Method.ORACLE) {
                if (lt.target == null) {
                    throw new IllegalArgumentException("the Oracle needs the trained target run, not only its init");
                }
                oracle = ParameterMaps.subtract(ParameterMaps.select(lt.target.load(epochs.get(1)), names),
                        ParameterMaps.select(lt.target.load(epochs.get(0)), names));
            }
            targets.add(new TransferTarget(lt.targetInit, oracle));
        }
        TransferRunner runner = new TransferRunner(first.modelFactory, trajectory, targets, first.data, first.backend,
                first.log);
        return runner.runAll(config.checkpointEpochs().isEmpty() ? config.withCheckpointEpochs(epochs) : config);
    }

    /** The trained target run's final parameters and buffers, or null when only the init is known. */
    public Map<String, Tensor> trainedTarget() {
        return target == null || target.lastEpoch() < 0 ? null : target.load(target.lastEpoch());
    }

    /** The source run's final parameters and buffers (the fully trained source model). */
    public Map<String, Tensor> trainedSource() {
        return source.load(source.lastEpoch());
    }

    /** Builds a model of the architecture (its values are the factory's; load a state into it). */
    public Module newModel() {
        return modelFactory.get();
    }

    public Backend backend() {
        return backend;
    }

    private Builder toBuilder() {
        Builder b = new Builder(backend);
        b.modelFactory = modelFactory;
        b.source = source;
        b.target = target;
        b.targetInit = targetInit;
        b.data = data;
        b.log = log;
        return b;
    }

    /**
     * Subsequent training from the result's best step (reference.md §3.6): the target init's
     * buffers, the best parameters, BN statistics reset to the cumulative average and re-estimated
     * with the transfer's BN batches (the cumulative average stays on while training), then
     * {@code c.epochs()} epochs and one test evaluation.
     */
    public FineTuneResult fineTune(TransferResult r, FineTuneConfig c) {
        Module model = modelFactory.get();
        model.loadStateDict(targetInit, false);
        ModelState.setParameters(model, r.bestParameters());
        reestimate(model, r.config().bnStatsIters(), r.config().bnStatsBatch(), c.seed());
        return FineTuner.train(model, r.bestStep(), c, data, backend, log);
    }

    /** The standard-training baseline: the same training from the target init θ²_0 (start step 0). */
    public FineTuneResult standardTraining(FineTuneConfig c) {
        Module model = modelFactory.get();
        model.loadStateDict(targetInit, false);
        return FineTuner.train(model, 0, c, data, backend, log);
    }

    /** Validation accuracy and loss of {@code parameters} after BN re-estimation with {@code bnIters} batches of 128. */
    public Evaluation.Metrics evaluate(Map<String, Tensor> parameters, int bnIters, long seed) {
        return evaluate(parameters, bnIters, seed, data.validation());
    }

    /**
     * Test-set accuracy and loss of {@code parameters} after BN re-estimation with {@code bnIters}
     * batches: what another framework computes on the official test split for the same weights.
     *
     * @throws IllegalStateException when the data has no test split
     */
    public Evaluation.Metrics evaluateTest(Map<String, Tensor> parameters, int bnIters, long seed) {
        if (data.test() == null) {
            throw new IllegalStateException("the transfer data has no test split");
        }
        return evaluate(parameters, bnIters, seed, data.test());
    }

    private Evaluation.Metrics evaluate(Map<String, Tensor> parameters, int bnIters, long seed, Dataset split) {
        return Evaluation.evaluate(evaluationModel(parameters, bnIters, seed), split, data.normalization(),
                data.evalBatchSize(), backend);
    }

    /**
     * The complete state dict (parameters and buffers, PyTorch names) that {@link #evaluate} and
     * {@link #evaluateTest} evaluate: {@code parameters}, the target init's other buffers, and
     * batch-norm statistics re-estimated with {@code bnIters} batches. Loaded strictly into the
     * same network elsewhere (PyTorch's {@code load_state_dict}), it evaluates the same.
     */
    public Map<String, Tensor> evaluationState(Map<String, Tensor> parameters, int bnIters, long seed) {
        return evaluationModel(parameters, bnIters, seed).stateDictCopy();
    }

    private Module evaluationModel(Map<String, Tensor> parameters, int bnIters, long seed) {
        Module model = modelFactory.get();
        model.loadStateDict(targetInit, false);
        ModelState.setParameters(model, parameters);
        reestimate(model, bnIters, data.batchSize(), seed);
        return model;
    }

    /** θ²_0's parameters. */
    public Map<String, Tensor> targetInitParameters() {
        return ParameterMaps.select(targetInit, ModelState.parameterNames(modelFactory.get()));
    }

    public TransferData data() {
        return data;
    }

    private void reestimate(Module model, int iters, int batch, long seed) {
        if (!BatchNormStats.hasBatchNorm(model)) return;
        List<Batch> bn = new BatchSampler(data, backend).first(iters, batch, seed);
        try {
            BatchNormStats.reestimate(model, bn);
        } finally {
            BatchSampler.close(bn);
        }
    }

    /** Inputs of a {@link LearningTransfer}. */
    public static final class Builder {
        private final Backend backend;
        private Supplier<Module> modelFactory;
        private CheckpointStore source;
        private CheckpointStore target;
        private Map<String, Tensor> targetInit;
        private TransferData data;
        private PrintStream log;

        private Builder(Backend backend) {
            this.backend = backend;
        }

        /** Builds a model of the architecture (its initial values are overwritten). */
        public Builder model(Supplier<Module> factory) {
            this.modelFactory = factory;
            return this;
        }

        /** The source run's checkpoints (must include epoch −1). */
        public Builder source(CheckpointStore s) {
            this.source = s;
            return this;
        }

        /** The target run's checkpoints: epoch −1 is θ²_0; the Oracle uses the later ones. */
        public Builder target(CheckpointStore t) {
            this.target = t;
            return this;
        }

        /** θ²_0 as a state dict (overrides the target run's epoch −1). */
        public Builder targetInit(Map<String, Tensor> init) {
            this.targetInit = init;
            return this;
        }

        /**
         * The source trajectory as checkpoint files θ¹_0 … θ¹_T in order (see {@link CheckpointFiles}):
         * every file's names and shapes are checked against the model (set it first) before any
         * tensor data is read; file k becomes epoch k − 1.
         *
         * @throws dev.ltx.nn.io.CheckpointMismatchException naming the first file and tensor that do not fit
         * @throws IOException                                when a file is unreadable or not safetensors
         */
        public Builder sourceFiles(List<Path> files) throws IOException {
            this.source = fileStore(files, "source");
            return this;
        }

        /** The target's trajectory as checkpoint files θ²_0 … θ²_T, for the Oracle (checked as {@link #sourceFiles}). */
        public Builder targetFiles(List<Path> files) throws IOException {
            this.target = fileStore(files, "target");
            return this;
        }

        /** θ²_0 from one checkpoint file, checked against the model (set it first) and then read. */
        public Builder targetInitFile(Path file) throws IOException {
            Module m = model();
            CheckpointFiles.validate(m, List.of(file));
            this.targetInit = CheckpointFiles.read(file, floatingType(m), backend);
            return this;
        }

        private CheckpointStore fileStore(List<Path> files, String what) throws IOException {
            if (files.size() < 2) {
                throw new IllegalArgumentException("the " + what + " trajectory needs at least 2 checkpoint files, got "
                        + files.size());
            }
            Module m = model();
            CheckpointFiles.validate(m, files);
            return CheckpointFiles.store(files, floatingType(m), backend);
        }

        private Module model() {
            if (modelFactory == null) {
                throw new IllegalStateException("set the model before checkpoint files, which are checked against it");
            }
            return modelFactory.get();
        }

        private static DType floatingType(Module m) {
            return m.parameters().isEmpty() ? DType.F32 : m.parameters().get(0).value().dtype();
        }

        public Builder data(TransferData d) {
            this.data = d;
            return this;
        }

        /** Progress lines (one per step and fine-tuning epoch); default none. */
        public Builder log(PrintStream out) {
            this.log = out;
            return this;
        }

        public LearningTransfer build() {
            return new LearningTransfer(this);
        }
    }
}

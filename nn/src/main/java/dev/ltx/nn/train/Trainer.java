package dev.ltx.nn.train;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ltx.engine.Backend;
import dev.ltx.engine.DType;
import dev.ltx.nn.DivergenceException;
import dev.ltx.nn.FiniteCheck;
import dev.ltx.nn.LayerInit;
import dev.ltx.nn.Module;
import dev.ltx.nn.data.Batch;
import dev.ltx.nn.data.DataLoader;
import dev.ltx.nn.io.FolderLock;
import dev.ltx.nn.metrics.RunningMean;
import dev.ltx.nn.models.Models;
import dev.ltx.nn.optim.LrSchedule;
import dev.ltx.nn.optim.Optimizer;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * Trains a model from a {@link TrainConfig} into a {@link RunFolder}, as the paper's
 * {@code commands/train.py} does:
 * <ol>
 *   <li>build the model from {@code seed} (or from a {@link PretrainedStart}: a pre-trained
 *       checkpoint with a fresh head) and save it as epoch -1 when requested;</li>
 *   <li>per epoch: set the learning rate from the schedule before the epoch (per-step schedules
 *       before every step); over the shuffled, augmented training batches run the forward pass in
 *       training mode, the mean cross-entropy, backward, an optimizer step and clear the
 *       gradients; then measure validation loss and accuracy in evaluation mode without a graph;
 *       write the metrics and, at requested epochs and the final one, a checkpoint;</li>
 *   <li>evaluate on the test set and mark the run finished.</li>
 * </ol>
 * Progress lines go to the given stream. Device memory stays bounded: each training step and each
 * evaluation batch runs in its own {@linkplain Backend#openScope() memory scope} (see
 * {@link TrainingStep}), and the whole run in one that releases the model and optimizer state at
 * the end.
 *
 * <h2>Folders, interruption and divergence</h2>
 * The run folder is {@linkplain FolderLock locked} while training, so a second writer fails at
 * once. Running again into a folder that holds the same finished run returns it without training
 * ({@link TrainResult#reused()}); the same run left unfinished (killed, or stopped by an error)
 * resumes after its last complete epoch from the {@link ResumePoint} written after every epoch
 * (model, optimizer state, epoch and step), so its checkpoints, metrics and test result are
 * byte-identical to those of a run that never stopped; without a usable resume point it starts
 * over. A folder holding a different run, or other files, is refused. A loss or gradient that is
 * not finite is handled by the {@link DivergencePolicy}; parameters and buffers are checked before
 * every checkpoint, so no checkpoint ever holds a NaN or infinity, and a run that diverged keeps
 * its last good checkpoint.
 */
public final class Trainer {
    private final TrainConfig config;
    private final Backend backend;
    private final PrintStream log;
    private DivergencePolicy onDivergence = DivergencePolicy.STOP;
    private int interruptAfter = Integer.MAX_VALUE;

    /** A trainer for {@code config} on {@code backend}, printing progress to {@code log}. */
    public Trainer(TrainConfig config, Backend backend, PrintStream log) {
        this.config = config;
        this.backend = backend;
        this.log = log;
    }

    /** Sets what a non-finite loss or gradient does (default {@link DivergencePolicy#STOP}); returns this. */
    public Trainer onDivergence(DivergencePolicy policy) {
        this.onDivergence = java.util.Objects.requireNonNull(policy, "policy");
        return this;
    }

    /** For tests: stop with an {@link IllegalStateException} once epoch {@code epoch}'s resume point is written, as a kill would. */
    Trainer interruptAfterEpoch(int epoch) {
        this.interruptAfter = epoch;
        return this;
    }

    /**
     * Runs, resumes or reuses the training into {@code dir}, holding its {@link FolderLock}.
     *
     * @throws FolderLock.HeldException when another writer holds {@code dir}
     * @throws DivergenceException      when the loss, a gradient or a parameter stops being finite
     */
    public TrainResult run(Path dir) throws IOException {
        try (FolderLock lock = FolderLock.acquire(dir)) {
            return runLocked(dir);
        }
    }

    private TrainResult runLocked(Path dir) throws IOException {
        RunFolder existing = existingRun(dir);
        if (existing != null && existing.isFinished()) {
            RunMetadata m = existing.metadata().orElseThrow();
            log.printf("%s already holds this finished run (test accuracy %.2f%%); reusing it%n", existing.path(),
                    m.testAccuracy());
            return new TrainResult(existing, existing.metrics(), m.testLoss(), m.testAccuracy(), true);
        }
        TrainingData data = TrainingData.load(config);
        RunFolder folder = RunFolder.create(dir);
        folder.removeTemporaryFiles();
        folder.writeConfig(config);
        try (Backend.Scope run = backend.openScope()) {
            return train(data, folder, existing != null);
        }
    }

    /** Trains into {@code folder}, resuming an unfinished attempt when there is one; every tensor it creates is released when the caller's scope closes. */
    private TrainResult train(TrainingData data, RunFolder folder, boolean unfinished) throws IOException {
        Module model = Models.build(config.model(), LayerInit.seeded(backend, DType.F32, config.seed()));
        LrSchedule schedule = config.schedule();
        Optimizer optimizer = config.optimizer().build(model.parameters(), schedule.lr(0, 0));
        List<EpochMetrics> metrics = new ArrayList<>();
        Optional<ResumePoint> resume = unfinished ? resumePoint(folder, model, optimizer, metrics) : Optional.empty();
        if (resume.isEmpty() && config.pretrained() != null) {
            // loads into the model's own tensors, which the optimizer already holds
            config.pretrained().apply(model, config.model(), backend);
        }
        String started = Instant.now().toString();
        if (resume.isPresent()) {
            started = folder.metadata().map(RunMetadata::startTime).orElse(started);
        }
        RunMetadata meta = new RunMetadata(ltxVersion(), System.getProperty("java.version") + " ("
                + System.getProperty("java.vm.name") + ")", backend.name(), data.name(), data.sha256(),
                data.train().size(), data.validation().size(), data.test().size(), model.parameterCount(),
                started, null, RunMetadata.RUNNING, null, null);
        folder.writeMetadata(meta);
        int first = resume.map(r -> r.epoch() + 1).orElse(0);
        log.printf("training %s (%,d parameters) on %s (%d train / %d val / %d test) for %d epochs on %s -> %s%n",
                config.model().kind().cliName(), model.parameterCount(), data.name(), data.train().size(),
                data.validation().size(), data.test().size(), config.epochs(), backend.name(), folder.path());
        if (resume.isPresent()) {
            log.printf("resuming after epoch %d of %d (step %d) from %s%n", first, config.epochs(), resume.get().step(),
                    folder.resumeFile());
        } else if (config.checkpointEpochs().contains(-1)) {
            save(folder, model, -1);
        }
        List<Integer> saved = config.savedEpochs();
        int lastSaved = resume.map(ResumePoint::epoch).orElse(-1);
        try (DataLoader loader = DataLoader.builder(data.train(), backend, data.normalization())
                .batchSize(config.batchSize()).shuffle(true).seed(config.seed()).augmentation(data.augmentation())
                .build()) {
            Progress progress = new Progress(log, config.logEvery(), config.epochs(), loader.batchesPerEpoch());
            long step = resume.map(ResumePoint::step).orElse(0L);
            for (int e = first; e < config.epochs(); e++) {
                EpochMetrics m;
                try {
                    m = trainEpoch(model, optimizer, loader, data, e, step, progress);
                } catch (DivergenceException d) {
                    throw new DivergenceException(d.where(), d.getMessage() + "; " + folder.path()
                            + " keeps its checkpoints up to epoch " + lastSaved);
                }
                step += m.steps();
                metrics.add(m);
                folder.writeMetrics(metrics);
                if (saved.contains(e)) {
                    save(folder, model, e);
                }
                ResumePoint.write(folder.resumeFile(), e, step, model, optimizer, backend);
                lastSaved = e;
                if (e == interruptAfter) {
                    throw new IllegalStateException("interrupted after epoch " + e + " (test)");
                }
            }
        }
        Evaluator.Result test = Evaluator.evaluate(model, data.test(), data.normalization(), backend,
                config.evalBatchSize());
        folder.writeMetadata(meta.finish(Instant.now().toString(), test.loss(), test.accuracy()));
        Files.deleteIfExists(folder.resumeFile());
        log.printf("finished: test loss %.4f acc %.2f%% (%d examples); run folder %s%n", test.loss(), test.accuracy(),
                test.samples(), folder.path());
        return new TrainResult(folder, metrics, test.loss(), test.accuracy(), false);
    }

    /**
     * Loads the unfinished attempt's resume point into {@code model} and {@code optimizer} and its
     * metrics up to that epoch into {@code metrics}, deleting later metrics and checkpoints; empty
     * (with the folder cleared for a fresh start) when there is no usable resume point.
     */
    private Optional<ResumePoint> resumePoint(RunFolder folder, Module model, Optimizer optimizer,
                                              List<EpochMetrics> metrics) throws IOException {
        String why;
        try {
            Optional<ResumePoint> r = ResumePoint.read(folder.resumeFile(), backend);
            why = r.isEmpty() ? "no resume point" : folder.resumeProblem(r.get(), config);
            if (why == null) {
                ResumePoint p = r.get();
                FiniteCheck.require(p.model(), DivergenceException.Where.INPUT, folder.resumeFile().toString());
                model.loadStateDict(p.model(), true);
                optimizer.loadStateDict(p.optimizer());
                metrics.addAll(folder.metrics().subList(0, p.epoch() + 1));
                folder.dropAfter(p.epoch());
                return r;
            }
        } catch (IOException | IllegalArgumentException | DivergenceException e) {
            why = e.getMessage();
        }
        log.printf("%s holds an unfinished attempt of this run that cannot be resumed (%s); starting it over%n",
                folder.path(), why);
        folder.clearPartialRun();
        return Optional.empty();
    }

    private EpochMetrics trainEpoch(Module model, Optimizer optimizer, DataLoader loader, TrainingData data,
                                    int epoch, long firstStep, Progress progress) {
        LrSchedule schedule = config.schedule();
        schedule.apply(optimizer, epoch, firstStep);
        double epochLr = optimizer.learningRate();
        model.train();
        optimizer.zeroGrad();
        RunningMean loss = new RunningMean();
        long correct = 0;
        long step = firstStep;
        int inEpoch = 0;
        int skipped = 0;
        long start = System.nanoTime();
        try (DataLoader.Epoch it = loader.epoch(epoch)) {
            while (it.hasNext()) {
                try (Batch b = it.next()) {
                    if (schedule.perStep()) {
                        schedule.apply(optimizer, epoch, step);
                    }
                    TrainingStep.Outcome o = TrainingStep.run(model, optimizer, b, backend, epoch, step, onDivergence);
                    if (o.skipped()) {
                        skipped++;
                    } else {
                        correct += o.correct();
                        loss.add(o.loss(), b.size());
                    }
                }
                step++;
                inEpoch++;
                progress.step(epoch, inEpoch, loader.batchesPerEpoch(), System.nanoTime() - start, loss.samples(),
                        loss.mean(), 100.0 * correct / loss.samples(), optimizer.learningRate());
            }
        }
        long nanos = System.nanoTime() - start;
        FiniteCheck.require(model.stateDict(), DivergenceException.Where.PARAMETER, "parameters after epoch " + epoch
                + " (step " + (step - 1) + ")");
        if (skipped > 0) {
            log.printf("epoch %d: skipped %d of %d steps whose loss or gradients were not finite%n", epoch + 1, skipped,
                    inEpoch);
            if (skipped == inEpoch) {
                throw new DivergenceException(DivergenceException.Where.LOSS, "every step of epoch " + epoch
                        + " had a non-finite loss or gradient (skip-step); try a lower learning rate");
            }
        }
        Evaluator.Result val;
        try {
            val = Evaluator.evaluate(model, data.validation(), data.normalization(), backend, config.evalBatchSize());
        } catch (DivergenceException d) {
            throw new DivergenceException(d.where(), d.getMessage() + " after epoch " + epoch + " (step " + (step - 1)
                    + ")");
        }
        double seconds = nanos / 1e9;
        EpochMetrics m = new EpochMetrics(epoch, epochLr, loss.mean(), 100.0 * correct / loss.samples(), val.loss(),
                val.accuracy(), inEpoch, seconds, loss.samples() / seconds);
        progress.epoch(m, nanos);
        return m;
    }

    private void save(RunFolder folder, Module model, int epoch) throws IOException {
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("format", "pt");
        meta.put("model", config.model().kind().cliName());
        meta.put("epoch", Integer.toString(epoch));
        folder.saveCheckpoint(epoch, model.stateDict(), meta);
    }

    /**
     * Null when {@code dir} is free (empty but for the lock); the run folder when it holds this run,
     * finished or not; throws when it holds anything else.
     */
    private RunFolder existingRun(Path dir) throws IOException {
        if (!RunFolder.exists(dir)) {
            try (Stream<Path> s = Files.list(dir)) {
                if (s.anyMatch(p -> !p.getFileName().toString().equals(FolderLock.FILE))) {
                    throw new IOException("output folder " + dir + " is not empty and holds no run; choose another");
                }
            }
            return null;
        }
        RunFolder existing = RunFolder.open(dir);
        TrainConfig previous = existing.config();
        if (!sameRun(previous, config)) {
            throw new IOException("output folder " + dir + " holds a run with a different config; choose another"
                    + " folder or delete it");
        }
        return existing;
    }

    /** Whether two configs describe the same run: equal but for threads, log interval and data folder. */
    static boolean sameRun(TrainConfig a, TrainConfig b) {
        return identity(a).equals(identity(b));
    }

    private static ObjectNode identity(TrainConfig c) {
        ObjectNode o = TrainConfigJson.toJson(c);
        o.remove(List.of("threads", "logEvery", "dataDir"));
        return o;
    }

    /** The version from the packaged Maven descriptor, {@code dev} when running from classes. */
    static String ltxVersion() {
        try (InputStream in = Trainer.class.getResourceAsStream("/META-INF/maven/dev.ltx/ltx-nn/pom.properties")) {
            if (in != null) {
                Properties p = new Properties();
                p.load(in);
                return p.getProperty("version", "dev");
            }
        } catch (IOException e) {
            return "dev";
        }
        return "dev";
    }
}

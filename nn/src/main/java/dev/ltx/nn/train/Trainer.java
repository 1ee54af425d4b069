package dev.ltx.nn.train;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ltx.engine.Backend;
import dev.ltx.engine.DType;
import dev.ltx.nn.LayerInit;
import dev.ltx.nn.Module;
import dev.ltx.nn.data.Batch;
import dev.ltx.nn.data.DataLoader;
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
import java.util.Properties;
import java.util.stream.Stream;

/**
 * Trains a model from a {@link TrainConfig} into a {@link RunFolder}, as the paper's
 * {@code commands/train.py} does:
 * <ol>
 *   <li>build the model from {@code seed} and save it as epoch -1 when requested;</li>
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
 * the end. Running again into a folder that holds the same finished
 * run returns it without training ({@link TrainResult#reused()}); the same run left unfinished is
 * started over; a folder holding a different run, or other files, is refused.
 */
public final class Trainer {
    private final TrainConfig config;
    private final Backend backend;
    private final PrintStream log;

    /** A trainer for {@code config} on {@code backend}, printing progress to {@code log}. */
    public Trainer(TrainConfig config, Backend backend, PrintStream log) {
        this.config = config;
        this.backend = backend;
        this.log = log;
    }

    /** Runs (or reuses) the training into {@code dir}. */
    public TrainResult run(Path dir) throws IOException {
        RunFolder reused = prepareFolder(dir);
        if (reused != null) {
            RunMetadata m = reused.metadata().orElseThrow();
            log.printf("%s already holds this finished run (test accuracy %.2f%%); reusing it%n", reused.path(),
                    m.testAccuracy());
            return new TrainResult(reused, reused.metrics(), m.testLoss(), m.testAccuracy(), true);
        }
        TrainingData data = TrainingData.load(config);
        RunFolder folder = RunFolder.create(dir);
        folder.writeConfig(config);
        try (Backend.Scope run = backend.openScope()) {
            return train(data, folder);
        }
    }

    /** Trains into the new {@code folder}; every tensor it creates is released when the caller's scope closes. */
    private TrainResult train(TrainingData data, RunFolder folder) throws IOException {
        Module model = Models.build(config.model(), LayerInit.seeded(backend, DType.F32, config.seed()));
        LrSchedule schedule = config.schedule();
        Optimizer optimizer = config.optimizer().build(model.parameters(), schedule.lr(0, 0));
        RunMetadata meta = new RunMetadata(ltxVersion(), System.getProperty("java.version") + " ("
                + System.getProperty("java.vm.name") + ")", backend.name(), data.name(), data.sha256(),
                data.train().size(), data.validation().size(), data.test().size(), model.parameterCount(),
                Instant.now().toString(), null, RunMetadata.RUNNING, null, null);
        folder.writeMetadata(meta);
        log.printf("training %s (%,d parameters) on %s (%d train / %d val / %d test) for %d epochs on %s -> %s%n",
                config.model().kind().cliName(), model.parameterCount(), data.name(), data.train().size(),
                data.validation().size(), data.test().size(), config.epochs(), backend.name(), folder.path());
        if (config.checkpointEpochs().contains(-1)) {
            save(folder, model, -1);
        }
        List<EpochMetrics> metrics = new ArrayList<>();
        List<Integer> saved = config.savedEpochs();
        try (DataLoader loader = DataLoader.builder(data.train(), backend, data.normalization())
                .batchSize(config.batchSize()).shuffle(true).seed(config.seed()).augmentation(data.augmentation())
                .build()) {
            Progress progress = new Progress(log, config.logEvery(), config.epochs(), loader.batchesPerEpoch());
            long step = 0;
            for (int e = 0; e < config.epochs(); e++) {
                EpochMetrics m = trainEpoch(model, optimizer, loader, data, e, step, progress);
                step += m.steps();
                metrics.add(m);
                folder.writeMetrics(metrics);
                if (saved.contains(e)) {
                    save(folder, model, e);
                }
            }
        }
        Evaluator.Result test = Evaluator.evaluate(model, data.test(), data.normalization(), backend,
                config.evalBatchSize());
        folder.writeMetadata(meta.finish(Instant.now().toString(), test.loss(), test.accuracy()));
        log.printf("finished: test loss %.4f acc %.2f%% (%d examples); run folder %s%n", test.loss(), test.accuracy(),
                test.samples(), folder.path());
        return new TrainResult(folder, metrics, test.loss(), test.accuracy(), false);
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
        long start = System.nanoTime();
        try (DataLoader.Epoch it = loader.epoch(epoch)) {
            while (it.hasNext()) {
                try (Batch b = it.next()) {
                    if (schedule.perStep()) {
                        schedule.apply(optimizer, epoch, step);
                    }
                    TrainingStep.Outcome o = TrainingStep.run(model, optimizer, b, backend, epoch, step);
                    correct += o.correct();
                    loss.add(o.loss(), b.size());
                }
                step++;
                inEpoch++;
                progress.step(epoch, inEpoch, loader.batchesPerEpoch(), System.nanoTime() - start, loss.samples(),
                        loss.mean(), 100.0 * correct / loss.samples(), optimizer.learningRate());
            }
        }
        long nanos = System.nanoTime() - start;
        Evaluator.Result val = Evaluator.evaluate(model, data.validation(), data.normalization(), backend,
                config.evalBatchSize());
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
     * Null when {@code dir} is free (absent, empty, or an unfinished attempt of this run, whose files
     * are deleted); the folder when it holds this run finished; throws when it holds anything else.
     */
    private RunFolder prepareFolder(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return null;
        }
        if (!Files.isDirectory(dir)) {
            throw new IOException("output " + dir + " exists and is not a folder");
        }
        if (!RunFolder.exists(dir)) {
            try (Stream<Path> s = Files.list(dir)) {
                if (s.findAny().isPresent()) {
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
        if (existing.isFinished()) {
            return existing;
        }
        log.printf("%s holds an unfinished attempt of this run; starting it over%n", existing.path());
        existing.clearPartialRun();
        return null;
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

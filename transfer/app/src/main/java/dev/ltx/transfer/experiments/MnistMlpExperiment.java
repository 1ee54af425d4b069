package dev.ltx.transfer.experiments;

import dev.ltx.engine.Backend;
import dev.ltx.nn.train.EpochMetrics;
import dev.ltx.nn.train.RunFolder;
import dev.ltx.nn.train.TrainConfig;
import dev.ltx.nn.train.TrainResult;
import dev.ltx.nn.train.Trainer;
import dev.ltx.nn.train.TrainingData;
import dev.ltx.transfer.FineTuneResult;
import dev.ltx.transfer.LearningTransfer;
import dev.ltx.transfer.Method;
import dev.ltx.transfer.TransferResult;
import dev.ltx.transfer.TransferResults;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The MNIST 2-MLP reproduction (paper Figures 5a and 6; reference.md §17): trains every seed of
 * the setup into {@code OUT/runs/seed-S}, transfers every pair with Naive, Oracle, GMT and FGMT
 * into {@code OUT/transfers/S-T/METHOD} and fine-tunes each from its best step, then writes the
 * report (plots, Markdown, CSV, JSON; see {@link MnistMlpReport}) into {@code OUT}.
 *
 * <p>Resumable: a finished training run is reused by the {@link Trainer}; a transfer whose folder
 * holds a {@link PairOutcome} with the same settings is reused without recomputation. Progress
 * lines (with elapsed time and ETA) name the run, pair and method.
 */
public final class MnistMlpExperiment {
    private final MnistMlpSetup setup;
    private final Backend backend;
    private final PrintStream out;

    /**
     * What a reproduction produced.
     *
     * @param dir              the output folder
     * @param runs             per-epoch metrics of every training run by seed
     * @param outcomes         one per pair and method, in pair-then-method order
     * @param trainedRuns      runs trained in this invocation
     * @param reusedRuns       finished runs found on disk
     * @param transfersDone    transfers computed in this invocation
     * @param transfersReused  transfers found on disk
     * @param seconds          wall time of this invocation
     * @param files            report files written
     */
    public record Outcome(Path dir, Map<Long, List<EpochMetrics>> runs, List<PairOutcome> outcomes, int trainedRuns,
                          int reusedRuns, int transfersDone, int transfersReused, double seconds, List<Path> files) {
    }

    /** An experiment on {@code backend} printing progress to {@code out}. */
    public MnistMlpExperiment(MnistMlpSetup setup, Backend backend, PrintStream out) {
        this.setup = setup;
        this.backend = backend;
        this.out = out;
    }

    /** Runs (or resumes) the whole experiment into {@code dir}. */
    public Outcome run(Path dir) throws IOException {
        List<Long> seeds = setup.seeds();
        int perTransfer = 1 + setup.finetuneEpochs();
        double total = seeds.size() * setup.epochs() + setup.pairs().size() * MnistMlpSetup.METHODS.size() * perTransfer;
        ProgressLog log = new ProgressLog(out, total);
        log.line(String.format(Locale.ROOT, "%s: %d runs (%s, width %d, %s, %d epochs), %d pairs x %s, T = %d, "
                        + "fine-tune %d epochs -> %s", setup.name(), seeds.size(), setup.dataset().cliName(), setup.width(),
                setup.activation().name().toLowerCase(Locale.ROOT), setup.epochs(), setup.pairs().size(),
                MnistMlpSetup.METHODS, setup.steps(), setup.finetuneEpochs(), dir.toAbsolutePath()));

        Map<Long, List<EpochMetrics>> runs = new LinkedHashMap<>();
        int trained = 0;
        int reused = 0;
        for (int i = 0; i < seeds.size(); i++) {
            long seed = seeds.get(i);
            String tag = String.format(Locale.ROOT, "run %d/%d seed %d:", i + 1, seeds.size(), seed);
            log.line(tag + " training");
            long t0 = System.nanoTime();
            TrainResult r = new Trainer(setup.trainConfig(seed), backend, log.tagged(tag)).run(runDir(dir, seed));
            if (r.reused()) {
                reused++;
                log.skipped(setup.epochs());
            } else {
                trained++;
                log.done(setup.epochs(), System.nanoTime() - t0);
            }
            runs.put(seed, r.epochs());
            log.line(String.format(Locale.ROOT, "%s test accuracy %.2f%%%s", tag, r.testAccuracy(),
                    r.reused() ? " (reused)" : ""));
        }

        List<PairOutcome> outcomes = new ArrayList<>();
        TrainingData data = null;
        int done = 0;
        int skipped = 0;
        for (MnistMlpSetup.SeedPair pair : setup.pairs()) {
            for (Method m : MnistMlpSetup.METHODS) {
                String tag = String.format(Locale.ROOT, "pair %d->%d %s:", pair.source(), pair.target(), m);
                Path tdir = transferDir(dir, pair, m);
                String key = key(pair, m);
                Optional<PairOutcome> previous = PairOutcome.read(tdir, key);
                if (previous.isPresent()) {
                    skipped++;
                    log.skipped(perTransfer);
                    outcomes.add(previous.get());
                    log.line(tag + " reusing finished transfer in " + tdir);
                    continue;
                }
                if (data == null) {
                    data = TrainingData.load(setup.trainConfig(pair.source()));
                }
                long t0 = System.nanoTime();
                PairOutcome o = transfer(dir, pair, m, key, data, tdir, log.tagged(tag));
                log.done(perTransfer, System.nanoTime() - t0);
                done++;
                outcomes.add(o);
                log.line(String.format(Locale.ROOT, "%s best step %d: val %.2f%%, final %.2f%%, fine-tuned test %.2f%%;"
                                + " gradients %.1fs, matching %.1fs, transfer %.1fs, fine-tune %.1fs", tag, o.bestStep(),
                        o.bestAccuracy(), o.finalAccuracy(), o.finetuneTestAccuracy(), o.gradientSeconds(),
                        o.matchingSeconds(), o.transferSeconds(), o.finetuneSeconds()));
            }
        }
        double seconds = log.elapsedSeconds();
        List<Path> files = new MnistMlpReport(setup, backend.name()).write(dir, runs, outcomes, seconds);
        log.line("report written: " + files.stream().map(p -> p.getFileName().toString()).toList());
        return new Outcome(dir, runs, outcomes, trained, reused, done, skipped, seconds, files);
    }

    private PairOutcome transfer(Path dir, MnistMlpSetup.SeedPair pair, Method m, String key, TrainingData data, Path tdir,
                                 PrintStream tagged) throws IOException {
        // one memory scope per pair: on a device backend its checkpoints, states and temporaries are
        // released when the pair is done (the outcome holds only numbers)
        try (Backend.Scope pairScope = backend.openScope()) {
            LearningTransfer lt = TransferInputs.open(RunFolder.open(runDir(dir, pair.source())), data,
                    runDir(dir, pair.target()), null, backend, tagged);
            TransferResult r = lt.transfer(setup.transferConfig(m));
            long f0 = System.nanoTime();
            FineTuneResult ft = lt.fineTune(r, setup.fineTuneConfig());
            double ftSeconds = (System.nanoTime() - f0) / 1e9;
            TransferResults.write(tdir, r, backend);
            TransferResults.write(tdir, "finetune", ft);
            PairOutcome o = PairOutcome.of(key, pair.source(), pair.target(), r, ft, ftSeconds);
            o.write(tdir);
            return o;
        }
    }

    /** The run folder of {@code seed}. */
    public static Path runDir(Path dir, long seed) {
        return dir.resolve("runs").resolve("seed-" + seed);
    }

    /** The folder of one pair's transfer with {@code m}. */
    public static Path transferDir(Path dir, MnistMlpSetup.SeedPair pair, Method m) {
        return dir.resolve("transfers").resolve(pair.source() + "-" + pair.target()).resolve(m.name().toLowerCase(Locale.ROOT));
    }

    /** Everything that determines a transfer's outcome (threads, data folder and names excluded). */
    private String key(MnistMlpSetup.SeedPair pair, Method m) {
        TrainConfig s = setup.trainConfig(pair.source());
        return String.join(";", "dataset=" + setup.dataset().cliName(), "model=" + s.model(),
                "epochs=" + setup.epochs(), "batch=" + setup.batchSize(), "source=" + pair.source(), "target=" + pair.target(),
                "transfer=" + setup.transferConfig(m), "finetune=" + setup.fineTuneConfig());
    }
}

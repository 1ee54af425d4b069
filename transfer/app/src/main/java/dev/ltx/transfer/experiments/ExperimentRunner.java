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
import dev.ltx.transfer.lap.LapWarmup;
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
 * Runs any {@link ExperimentDefinition}: trains every seed into {@code OUT/runs/seed-S} (in the
 * pre-trained scenario: pre-trains it into {@code OUT/pretrained/seed-S}, then fine-tunes that with a
 * fresh head into {@code OUT/runs/seed-S}),
 * transfers every pair with every method and transfer seed into
 * {@code OUT/transfers/S-T/seed-K/METHOD}, fine-tunes each from its best step, checks the claims
 * and writes the report ({@link ExperimentReport}) into {@code OUT}.
 *
 * <p>Resumable: a finished training run is reused by the {@link Trainer}; a transfer whose folder
 * holds a {@link PairOutcome} with the same settings is reused without recomputation. Progress
 * lines (with elapsed time and ETA) name the run, pair, transfer seed and method.
 */
public final class ExperimentRunner {
    private final ExperimentDefinition def;
    private final Backend backend;
    private final PrintStream out;

    /**
     * What a run produced.
     *
     * @param dir              the output folder
     * @param results          everything measured
     * @param claims           the claim checks, in the definition's order
     * @param trainedRuns      runs trained in this invocation
     * @param reusedRuns       finished runs found on disk
     * @param transfersDone    transfers computed in this invocation
     * @param transfersReused  transfers found on disk
     * @param seconds          wall time of this invocation
     * @param files            report files written
     */
    public record Outcome(Path dir, ExperimentResults results, List<ClaimResult> claims, int trainedRuns,
                          int reusedRuns, int transfersDone, int transfersReused, double seconds, List<Path> files) {
        /** Per-epoch metrics of every training run by seed. */
        public Map<Long, List<EpochMetrics>> runs() {
            return results.runs();
        }

        /** One per (pair, transfer seed, method), in that order. */
        public List<PairOutcome> outcomes() {
            return results.outcomes();
        }
    }

    /** A runner of {@code def} on {@code backend} printing progress to {@code out}. */
    public ExperimentRunner(ExperimentDefinition def, Backend backend, PrintStream out) {
        this.def = def;
        this.backend = backend;
        this.out = out;
    }

    /** Runs (or resumes) the whole experiment into {@code dir}. */
    public Outcome run(Path dir) throws IOException {
        List<Long> seeds = def.seeds();
        int epochs = def.training().epochs();
        int preEpochs = def.pretraining() == null ? 0 : def.seeds().stream()
                .mapToInt(s -> def.pretrainConfig(s).epochs()).sum();
        int perTransfer = 1 + def.fineTune().epochs();
        int transfers = def.pairs().size() * def.transferSeeds() * def.methods().size();
        ProgressLog log = new ProgressLog(out, preEpochs + seeds.size() * epochs + transfers * perTransfer);
        log.line(String.format(Locale.ROOT, "%s: %d runs (%s, %s, %d epochs), %d pairs x %d transfer seed(s) x %s, "
                        + "T = %d, fine-tune %d epochs -> %s", def.name(), seeds.size(), def.dataset().cliName(),
                def.describeModel(), epochs, def.pairs().size(), def.transferSeeds(), def.methods(),
                def.transfer().steps(), def.fineTune().epochs(), dir.toAbsolutePath()));
        if (def.pretraining() != null) {
            log.line(def.pretraining().describe());
        }

        Map<Long, List<EpochMetrics>> runs = new LinkedHashMap<>();
        Map<Long, Double> pretrained = new LinkedHashMap<>();
        Map<Long, Double> tests = new LinkedHashMap<>();
        int trained = 0;
        int reused = 0;
        for (int i = 0; i < seeds.size(); i++) {
            long seed = seeds.get(i);
            String tag = String.format(Locale.ROOT, "run %d/%d seed %d:", i + 1, seeds.size(), seed);
            Path checkpoint = null;
            if (def.pretraining() != null) {
                String preTag = String.format(Locale.ROOT, "pre-training %d/%d seed %d:", i + 1, seeds.size(), seed);
                TrainConfig pc = def.pretrainConfig(seed);
                TrainResult p = train(pc, pretrainDir(dir, seed), preTag, pc.epochs(), log);
                if (p.reused()) reused++; else trained++;
                pretrained.put(seed, p.testAccuracy());
                checkpoint = p.folder().checkpointFile(pc.epochs() - 1);
            }
            TrainResult r = train(def.trainConfig(seed, checkpoint), runDir(dir, seed), tag, epochs, log);
            if (r.reused()) reused++; else trained++;
            runs.put(seed, r.epochs());
            tests.put(seed, r.testAccuracy());
        }

        List<PairOutcome> outcomes = new ArrayList<>();
        TrainingData data = null;
        int done = 0;
        int skipped = 0;
        for (SeedPair pair : def.pairs()) {
            for (long tseed : def.transferSeedList()) {
                for (Method m : def.methods()) {
                    String tag = String.format(Locale.ROOT, "pair %d->%d%s %s:", pair.source(), pair.target(),
                            def.transferSeeds() > 1 ? " seed " + tseed : "", m);
                    Path tdir = transferDir(dir, pair, tseed, m);
                    String key = key(pair, m, tseed);
                    Optional<PairOutcome> previous = PairOutcome.read(tdir, key);
                    if (previous.isPresent()) {
                        skipped++;
                        log.skipped(perTransfer);
                        outcomes.add(previous.get());
                        log.line(tag + " reusing finished transfer in " + tdir);
                        continue;
                    }
                    if (data == null) {
                        data = TrainingData.load(RunFolder.open(runDir(dir, pair.source())).config());
                        // the solver's kernels compile on small problems before the first large solve (in
                        // the background during training it slowed the first run's first epoch)
                        LapWarmup.runOnce();
                    }
                    long t0 = System.nanoTime();
                    PairOutcome o = transfer(dir, pair, m, tseed, key, data, tdir, log.tagged(tag));
                    log.done(perTransfer, System.nanoTime() - t0);
                    done++;
                    outcomes.add(o);
                    log.line(String.format(Locale.ROOT, "%s best step %d: val %.2f%%, final %.2f%%, fine-tuned test"
                                    + " %.2f%%; gradients %.1fs, matching %.1fs, transfer %.1fs, fine-tune %.1fs", tag,
                            o.bestStep(), o.bestAccuracy(), o.finalAccuracy(), o.finetuneTestAccuracy(),
                            o.gradientSeconds(), o.matchingSeconds(), o.transferSeconds(), o.finetuneSeconds()));
                }
            }
        }
        Basin basin = null;
        if (def.analyses().contains(Analysis.BASIN)) {
            try {
                basin = BasinStudy.run(def, dir, backend, log.tagged("basin study:"));
            } catch (java.nio.file.NoSuchFileException e) {
                log.line("basin study skipped: " + e.getMessage());
            }
        }
        EnsembleTable ensemble = null;
        if (def.analyses().contains(Analysis.ENSEMBLE)) {
            try {
                ensemble = EnsembleStudy.run(def, dir, backend, log.tagged("ensemble study:"));
            } catch (java.nio.file.NoSuchFileException e) {
                log.line("ensemble study skipped: " + e.getMessage());
            }
        }
        ExperimentResults results = new ExperimentResults(def, runs, outcomes, pretrained, basin, tests, ensemble);
        List<ClaimResult> claims = def.claims().stream().map(c -> c.check(results)).toList();
        double seconds = log.elapsedSeconds();
        List<Path> files = new ExperimentReport(def, backend.name()).write(dir, results, claims, seconds);
        log.line("report written: " + files.stream().map(p -> p.getFileName().toString()).toList());
        return new Outcome(dir, results, claims, trained, reused, done, skipped, seconds, files);
    }

    /** Trains (or resumes, or reuses) {@code config} into {@code runDir}, with progress under {@code tag}. */
    private TrainResult train(TrainConfig config, Path runDir, String tag, int epochs, ProgressLog log)
            throws IOException {
        log.line(tag + " training");
        long t0 = System.nanoTime();
        TrainResult r = new Trainer(config, backend, log.tagged(tag)).run(runDir);
        if (r.reused()) {
            log.skipped(epochs);
        } else {
            log.done(epochs, System.nanoTime() - t0);
        }
        log.line(String.format(Locale.ROOT, "%s test accuracy %.2f%%%s", tag, r.testAccuracy(),
                r.reused() ? " (reused)" : ""));
        return r;
    }

    private PairOutcome transfer(Path dir, SeedPair pair, Method m, long tseed, String key, TrainingData data, Path tdir,
                                 PrintStream tagged) throws IOException {
        // one memory scope per transfer: on a device backend its checkpoints, states and temporaries
        // are released when it is done (the outcome holds only numbers)
        try (Backend.Scope scope = backend.openScope()) {
            LearningTransfer lt = TransferInputs.open(RunFolder.open(runDir(dir, pair.source())), data,
                    runDir(dir, pair.target()), null, backend, tagged);
            TransferResult r = lt.transfer(def.transferConfig(m, tseed));
            long f0 = System.nanoTime();
            FineTuneResult ft = lt.fineTune(r, def.fineTuneConfig(tseed));
            double ftSeconds = (System.nanoTime() - f0) / 1e9;
            TransferResults.write(tdir, r, backend);
            TransferResults.write(tdir, "finetune", ft);
            PairOutcome o = PairOutcome.of(key, pair.source(), pair.target(), r, ft, ftSeconds);
            o.write(tdir);
            return o;
        }
    }

    /**
     * The run folder of pair seed {@code seed}: its training run, or in the pre-trained scenario the
     * fine-tuning of {@code pretrained/seed-S} whose trajectory (sources) or start (targets) is used.
     */
    public static Path runDir(Path dir, long seed) {
        return dir.resolve("runs").resolve("seed-" + seed);
    }

    /** The pre-training run of {@code seed} (pre-trained scenario). */
    public static Path pretrainDir(Path dir, long seed) {
        return dir.resolve("pretrained").resolve("seed-" + seed);
    }

    /** The folder of one pair's transfer with {@code m} and transfer seed {@code tseed}. */
    public static Path transferDir(Path dir, SeedPair pair, long tseed, Method m) {
        return dir.resolve("transfers").resolve(pair.slug()).resolve("seed-" + tseed)
                .resolve(m.name().toLowerCase(Locale.ROOT));
    }

    /** Everything that determines a transfer's outcome (threads, data folder and names excluded). */
    private String key(SeedPair pair, Method m, long tseed) {
        TrainConfig s = def.trainConfig(pair.source());
        String pre = def.pretraining() == null ? "" : "pretrained=" + def.pretraining() + ";";
        return pre + String.join(";", "dataset=" + def.dataset().cliName() + "/" + def.classSubset() + "/" + def.trainExamples() + "/" + def.evalExamples(), "model=" + s.model(),
                "training=" + def.training(), "source=" + pair.source(), "target=" + pair.target(),
                "transfer=" + def.transferConfig(m, tseed), "finetune=" + def.fineTuneConfig(tseed));
    }
}

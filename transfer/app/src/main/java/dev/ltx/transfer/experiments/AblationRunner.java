package dev.ltx.transfer.experiments;

import dev.ltx.engine.Backend;
import dev.ltx.transfer.Method;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Runs {@link Ablation}s on an experiment's runs: for every distinct variant recipe, every pair is
 * transferred with GMT and FGMT (transfer seed 1, no fine-tuning) by the one
 * {@link ExperimentRunner} into {@code OUT/ablations/RECIPE/}, whose {@code runs} (and
 * {@code pretrained}) link to the experiment's own, so the source and target runs are trained once
 * and shared with the main experiment. A variant whose sources must save other checkpoints (the
 * actual trajectory: every epoch) gets a {@code runs} folder of its own where those sources are
 * trained once, its other runs (the targets) linked to the experiment's. {@link AblationReport} then
 * writes one figure per ablation and {@code ablations.md}. Resumable as the runner is.
 */
public final class AblationRunner {
    /** The methods an ablation compares (the paper's §3.4 studies GMT and FGMT). */
    public static final List<Method> METHODS = List.of(Method.GMT, Method.FGMT);

    private final ExperimentDefinition def;
    private final Backend backend;
    private final PrintStream out;

    /** A runner of ablations on {@code def}'s runs. */
    public AblationRunner(ExperimentDefinition def, Backend backend, PrintStream out) {
        this.def = def;
        this.backend = backend;
        this.out = out;
    }

    /** Runs (or resumes) every ablation into {@code dir} and returns the report files. */
    public List<Path> run(Path dir, List<Ablation> ablations) throws IOException {
        Files.createDirectories(dir.resolve("runs"));
        if (def.pretraining() != null) Files.createDirectories(dir.resolve("pretrained"));
        Map<TransferRecipe, List<PairOutcome>> results = new LinkedHashMap<>();
        for (Ablation a : ablations) {
            for (Ablation.Variant v : a.variants()) {
                if (results.containsKey(v.transfer())) continue;
                Path vdir = dir.resolve("ablations").resolve(slug(v.transfer()));
                ExperimentDefinition vdef = variant(v.transfer());
                List<Long> own = ownRuns(vdef);
                if (own.isEmpty()) {
                    link(vdir, dir, "runs");
                } else {
                    // the variant's own runs folder: its own sources, links to the runs it shares
                    for (long seed : def.seeds()) {
                        if (!own.contains(seed)) link(vdir.resolve("runs"), dir.resolve("runs"), "seed-" + seed);
                    }
                    out.println("ablation " + a.name() + ", " + v.label() + ": trains its own runs of seeds " + own
                            + " (checkpoints " + vdef.trainConfig(own.get(0)).checkpointEpochs() + ")");
                }
                if (def.pretraining() != null) link(vdir, dir, "pretrained");
                out.println("ablation " + a.name() + ", " + v.label() + ": " + v.transfer().describe() + " -> " + vdir);
                results.put(v.transfer(), new ExperimentRunner(vdef, backend, out).run(vdir).outcomes());
            }
        }
        return AblationReport.write(dir, def, ablations, results);
    }

    /** The experiment with {@code recipe}: GMT and FGMT, one transfer seed, no fine-tuning, no claims. */
    ExperimentDefinition variant(TransferRecipe recipe) {
        FineTuneRecipe f = def.fineTune();
        return def.toBuilder().name(def.name() + " ablation").transfer(recipe).methods(METHODS).transferSeeds(1)
                .fineTune(new FineTuneRecipe(0, f.optimizer(), f.schedule(), f.momentum(), f.weightDecay()))
                .analyses(EnumSet.of(Analysis.TRANSFER_CURVES)).claims(List.of()).build();
    }

    /**
     * The seeds whose run the variant {@code vdef} cannot share with the experiment: those saving other
     * checkpoints (the actual trajectory's sources save every epoch). Training is deterministic, so
     * such a run has the same init and final weights as the experiment's.
     */
    List<Long> ownRuns(ExperimentDefinition vdef) {
        return def.seeds().stream().filter(s -> !vdef.trainConfig(s).checkpointEpochs()
                .equals(def.trainConfig(s).checkpointEpochs())).toList();
    }

    /** A folder name for a recipe, e.g. {@code t10-cosine-b1}. */
    static String slug(TransferRecipe r) {
        String s = String.format(Locale.ROOT, "t%d-%s-b%d", r.steps(), r.schedule().name().toLowerCase(Locale.ROOT),
                r.gradientBatches());
        if (!r.checkpointEpochs().isEmpty()) s += "-ck" + r.checkpointEpochs().size();
        if (r.bnStatsIters() > 0) s += "-bn" + r.bnStatsIters() + "x" + r.bnStatsBatch();
        return s;
    }

    /**
     * Links {@code vdir/name} to {@code dir/name} unless it exists; the link is relative, so a copied
     * results folder ({@code cp -r}) links to its own runs.
     */
    private static void link(Path vdir, Path dir, String name) throws IOException {
        Path link = vdir.resolve(name);
        if (Files.exists(link, java.nio.file.LinkOption.NOFOLLOW_LINKS)) return;
        Files.createDirectories(vdir);
        Path target = dir.resolve(name).toAbsolutePath().normalize();
        Files.createSymbolicLink(link, vdir.toAbsolutePath().normalize().relativize(target));
    }
}

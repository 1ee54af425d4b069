package dev.ltx.transfer.cli;

import dev.ltx.engine.Backend;
import dev.ltx.engine.cpu.CpuBackend;
import dev.ltx.nn.io.AtomicText;
import dev.ltx.nn.io.FolderLock;
import dev.ltx.nn.train.RunFolder;
import dev.ltx.transfer.TransferResults;
import dev.ltx.transfer.experiments.RebasinInterpolation;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code ltx match A B}: Git Re-basin weight matching of two trained models of one architecture,
 * with validation loss and accuracy along the linear path before and after matching
 * ({@link RebasinInterpolation}).
 */
@Command(name = "match", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Weight-match model B to model A (Git Re-basin) and evaluate the linear interpolation"
                + " (1-lambda)A + lambda B before and after matching on the validation split.",
            "A and B are run folders (their final checkpoint) or .safetensors checkpoints; model and dataset come from"
                    + " --run, or from A or B when it is a run folder.",
            "Example: ltx match runs/mnist-101 runs/mnist-102 --out out/match"})
final class MatchCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "A", description = "Model kept fixed: run folder or checkpoint.")
    Path a;

    @Parameters(index = "1", paramLabel = "B", description = "Model permuted onto A: run folder or checkpoint.")
    Path b;

    @Option(names = "--run", paramLabel = "RUN_DIR",
            description = "Run folder whose config gives model and dataset (default: A or B when it is a run folder).")
    Path run;

    @Option(names = "--lambdas", paramLabel = "LIST", split = ",",
            description = "Interpolation points in [0, 1] (default 0,0.25,0.5,0.75,1).")
    double[] lambdas = {0, 0.25, 0.5, 0.75, 1};

    @Option(names = "--seed", paramLabel = "S", description = "Seed of the matching order and BN batches (default 0).")
    long seed;

    @Option(names = "--bn-batches", paramLabel = "N",
            description = "Batches of 128 re-estimating batch-norm statistics at each point (default 10; unused without BN).")
    int bnBatches = 10;

    @Option(names = "--out", paramLabel = "DIR", description = "Also write match.csv and permutation.safetensors here.")
    Path out;

    @Option(names = "--threads", paramLabel = "N", description = "CPU threads (default: -Dltx.threads or all cores).")
    int threads;

    @Override
    public Integer call() throws Exception {
        Path config = configRun();
        PrintStream log = new PrintStream(new WriterOutputStream(spec.commandLine().getOut()), true,
                StandardCharsets.UTF_8);
        try (FolderLock lock = out != null ? FolderLock.acquire(out) : null;
             Backend backend = threads > 0 ? new CpuBackend(CpuBackend.Mode.FAST, threads) : CpuBackend.create()) {
            RebasinInterpolation.Result r = RebasinInterpolation.run(a, b, config, lambdas, seed, bnBatches, backend);
            log.printf(Locale.ROOT, "weight matching: %d sweeps, objective %.6g, %.2f s%n", r.match().sweeps(),
                    r.match().objective(), r.match().seconds());
            log.println("lambda | naive val loss | naive val acc % | matched val loss | matched val acc %");
            StringBuilder csv = new StringBuilder(RebasinInterpolation.Point.CSV_HEADER).append('\n');
            for (RebasinInterpolation.Point p : r.points()) {
                log.printf(Locale.ROOT, "%6.3f | %14.4f | %15.2f | %16.4f | %17.2f%n", p.lambda(), p.naiveLoss(),
                        p.naiveAccuracy(), p.matchedLoss(), p.matchedAccuracy());
                csv.append(p.csvRow()).append('\n');
            }
            if (out != null) {
                AtomicText.write(out.resolve("match.csv"), csv.toString());
                TransferResults.writePermutations(out.resolve("permutation.safetensors"), r.match().permutations(),
                        backend);
                log.println("results: " + out.toAbsolutePath());
            }
        }
        return 0;
    }

    /** The run folder giving model and data; bad input throws {@link ParameterException}. */
    Path configRun() {
        for (Path p : new Path[] {a, b}) {
            if (!Files.exists(p)) {
                throw new ParameterException(spec.commandLine(), "Invalid model '" + p + "': no such run folder or"
                        + " checkpoint");
            }
        }
        for (double l : lambdas) {
            if (!(l >= 0 && l <= 1)) {
                throw new ParameterException(spec.commandLine(), "Invalid value for option '--lambdas': " + l
                        + " (must be in [0, 1])");
            }
        }
        if (bnBatches < 0 || threads < 0) {
            throw new ParameterException(spec.commandLine(), "--bn-batches and --threads must be >= 0");
        }
        if (out != null) {
            OutputOption.check(spec, "--out", out);
        }
        if (run != null) {
            if (!RunFolder.exists(run)) {
                throw new ParameterException(spec.commandLine(), "Invalid value for option '--run': " + run
                        + " (not a run folder: config.json is missing)");
            }
            return run;
        }
        if (RunFolder.exists(a)) return a;
        if (RunFolder.exists(b)) return b;
        throw new ParameterException(spec.commandLine(), "neither A nor B is a run folder: give --run RUN_DIR so the"
                + " model and dataset are known");
    }
}

package dev.ltx.bench;

import dev.ltx.engine.Backend;
import dev.ltx.engine.DType;
import dev.ltx.engine.cpu.CpuBackend;
import dev.ltx.nn.LayerInit;
import dev.ltx.nn.io.SafetensorsWriter;
import dev.ltx.nn.models.Models;
import dev.ltx.nn.train.RunFolder;
import dev.ltx.nn.train.TrainConfig;
import dev.ltx.transfer.LearningTransfer;
import dev.ltx.transfer.Method;
import dev.ltx.transfer.TransferConfig;
import dev.ltx.transfer.TransferResult;
import dev.ltx.transfer.experiments.TransferInputs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One source to K targets in one pass ({@link LearningTransfer#transferAll}) against K separate
 * transfers in the same warmed JVM, side by side (a transfer takes seconds, so no JMH): the
 * in-process share of the one-to-many saving, i.e. the source checkpoints and source-side
 * gradients computed once. The saving against K separate {@code ltx transfer} commands (JVM start,
 * data loading and JIT warm-up paid K times) is measured by {@code bench/scripts/one-to-many.sh}.
 *
 * <pre>
 * java --add-modules jdk.incubator.vector -cp bench/target/benchmarks.jar dev.ltx.bench.OneToManyBench \
 *     compare SOURCE_RUN METHOD K,K,... [STEPS GRAD_BATCHES BN_BATCHES]   # e.g. runs/seed-101 fgmt 1,2,4,8
 * java ... dev.ltx.bench.OneToManyBench inits SOURCE_RUN OUT_DIR N   # N target inits (seeds 1001..) as files
 * </pre>
 * Target inits are the source run's architecture initialized with seeds 1001, 1002, ...
 */
public final class OneToManyBench {
    private OneToManyBench() {
    }

    public static void main(String[] args) throws Exception {
        if ((args.length == 4 || args.length == 7) && args[0].equals("compare")) {
            TransferConfig config = TransferConfig.defaults(Method.parse(args[2]), 1);
            if (args.length == 7) {
                config = config.withSplits(Integer.parseInt(args[4])).withGradientBatches(Integer.parseInt(args[5]))
                        .withBatchNormBatches(Integer.parseInt(args[6]), 128);
            }
            compare(Path.of(args[1]), config, parseList(args[3]));
        } else if (args.length == 4 && args[0].equals("inits")) {
            writeInits(Path.of(args[1]), Path.of(args[2]), Integer.parseInt(args[3]));
        } else {
            System.err.println("usage: OneToManyBench compare SOURCE_RUN METHOD K,K,... [STEPS GRAD_BATCHES BN_BATCHES]"
                    + " | inits SOURCE_RUN OUT_DIR N");
            System.exit(2);
        }
    }

    private static void compare(Path sourceRun, TransferConfig config, List<Integer> ks) throws Exception {
        try (Backend backend = new CpuBackend(CpuBackend.Mode.FAST, Runtime.getRuntime().availableProcessors())) {
            TrainConfig c = RunFolder.open(sourceRun).config();
            Path tmp = Files.createTempDirectory("one-to-many");
            int max = ks.stream().mapToInt(Integer::intValue).max().orElse(1);
            writeInits(sourceRun, tmp, max);
            LearningTransfer first = TransferInputs.open(sourceRun, tmp.resolve("init-1.safetensors"), null, backend,
                    null);
            List<LearningTransfer> all = new ArrayList<>(List.of(first));
            for (int k = 2; k <= max; k++) {
                all.add(first.withTarget(tmp.resolve("init-" + k + ".safetensors")));
            }
            double warm = seconds(() -> first.transfer(config));
            System.out.printf(Locale.ROOT, "%s %s, model %s, T %d, %d gradient batch(es), %d BN batch(es): warm-up"
                    + " transfer %.1f s (not counted)%n", config.method(), sourceRun, c.model().kind(), config.splits(),
                    config.gmIters(), config.bnStatsIters(), warm);
            System.out.println("K,one_pass_s,separate_s,ratio");
            for (int k : ks) {
                List<LearningTransfer> targets = all.subList(0, k);
                double separate = 0;
                for (LearningTransfer lt : targets) {
                    separate += seconds(() -> lt.transfer(config));
                }
                double onePass = seconds(() -> LearningTransfer.transferAll(targets, config));
                System.out.printf(Locale.ROOT, "%d,%.2f,%.2f,%.3f%n", k, onePass, separate, onePass / separate);
            }
        }
    }

    /** Writes {@code n} target inits (seeds 1001..1000+n) of the source run's model as init-K.safetensors. */
    private static void writeInits(Path sourceRun, Path dir, int n) throws Exception {
        TrainConfig c = RunFolder.open(sourceRun).config();
        Files.createDirectories(dir);
        try (Backend backend = new CpuBackend(CpuBackend.Mode.FAST, 1)) {
            for (int k = 1; k <= n; k++) {
                SafetensorsWriter.write(dir.resolve("init-" + k + ".safetensors"),
                        Models.build(c.model(), LayerInit.seeded(backend, DType.F32, 1000 + k)).stateDictCopy());
            }
        }
    }

    private interface Work {
        Object run() throws Exception;
    }

    private static double seconds(Work w) throws Exception {
        long t0 = System.nanoTime();
        Object result = w.run();
        if (result instanceof TransferResult r && r.steps().isEmpty()) {
            throw new IllegalStateException("empty transfer");
        }
        return (System.nanoTime() - t0) / 1e9;
    }

    private static List<Integer> parseList(String s) {
        List<Integer> out = new ArrayList<>();
        for (String p : s.split(",")) out.add(Integer.parseInt(p.strip()));
        return out;
    }
}

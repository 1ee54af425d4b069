package dev.ltx.bench.cuda;

import dev.ltx.engine.cuda.CudaBackend;
import dev.ltx.engine.cuda.CudaProbe;
import dev.ltx.kernels.Kernel;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Entry point of the device check. Usage:
 * <pre>
 * java --add-modules jdk.incubator.vector -cp benchmarks.jar dev.ltx.bench.cuda.CudaDeviceCheck \
 *      [probe] [parity] [sgemm] [train] [--seed N] [--sizes 4096,8192] [--steps N] [--batch N]
 * </pre>
 * With no section named, runs parity, sgemm and train. {@code probe} only opens the backend (JCuda's
 * JNI library, the driver, the kernel module and every kernel symbol, resolved eagerly) and says so. Prints one report to standard output. Exit status: 0 when
 * every section that ran passed, 1 when a parity check failed or a section broke, 2 on bad
 * arguments, 3 when there is no usable CUDA device.
 */
public final class CudaDeviceCheck {
    private CudaDeviceCheck() {
    }

    /** Parsed command line. */
    record Options(List<String> sections, long seed, int[] sizes, int steps, int batch) {
        static Options parse(String[] args) {
            List<String> sections = new ArrayList<>();
            long seed = 20240511L;
            int[] sizes = {4096, 8192};
            int steps = 20;
            int batch = 128;
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                switch (a) {
                    case "probe", "parity", "sgemm", "train" -> sections.add(a);
                    case "--seed" -> seed = Long.parseLong(value(args, ++i, a));
                    case "--steps" -> steps = Integer.parseInt(value(args, ++i, a));
                    case "--batch" -> batch = Integer.parseInt(value(args, ++i, a));
                    case "--sizes" -> {
                        String[] parts = value(args, ++i, a).split(",");
                        sizes = new int[parts.length];
                        for (int k = 0; k < parts.length; k++) sizes[k] = Integer.parseInt(parts[k].trim());
                    }
                    default -> throw new IllegalArgumentException("unknown argument '" + a
                            + "' (sections: probe, parity, sgemm, train; options: --seed, --sizes, --steps, --batch)");
                }
            }
            if (sections.isEmpty()) sections = List.of("parity", "sgemm", "train");
            if (steps < 2 || batch < 1) throw new IllegalArgumentException("--steps must be >= 2 and --batch >= 1");
            return new Options(sections, seed, sizes, steps, batch);
        }

        private static String value(String[] args, int i, String option) {
            if (i >= args.length) throw new IllegalArgumentException(option + " needs a value");
            return args[i];
        }
    }

    public static void main(String[] args) {
        Locale.setDefault(Locale.ROOT);
        PrintStream out = System.out;
        Options o;
        try {
            o = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("device check: " + e.getMessage());
            System.exit(2);
            return;
        }
        CudaProbe.Status status = CudaProbe.status();
        out.println("== ltx CUDA device check");
        out.println("java " + System.getProperty("java.version") + " on " + System.getProperty("os.name") + " "
                + System.getProperty("os.arch") + ", " + Runtime.getRuntime().availableProcessors() + " cpus");
        out.println(status);
        if (!status.available()) System.exit(3);
        int exit = 0;
        try (CudaBackend gpu = CudaBackend.create()) {
            for (String section : o.sections()) {
                long start = System.nanoTime();
                out.println();
                out.println("== " + section);
                try {
                    boolean ok = switch (section) {
                        case "probe" -> {
                            out.println("backend " + gpu.name() + " on " + gpu.device() + ": kernel module loaded, all "
                                    + Kernel.values().length + " kernels resolved");
                            yield true;
                        }
                        case "parity" -> ParityReport.run(gpu, o.seed(), out);
                        case "sgemm" -> SgemmThroughput.run(gpu, o.sizes(), out);
                        case "train" -> TrainThroughput.run(gpu, o.batch(), o.steps(), out);
                        default -> throw new IllegalStateException(section);
                    };
                    if (!ok) exit = 1;
                } catch (RuntimeException | OutOfMemoryError e) {
                    out.println("SECTION " + section + " BROKE: " + e);
                    e.printStackTrace(out);
                    exit = 1;
                }
                out.printf("(section %s took %.1f s)%n", section, (System.nanoTime() - start) / 1e9);
            }
        }
        out.println();
        out.println(exit == 0 ? "== DEVICE CHECK PASSED" : "== DEVICE CHECK FAILED");
        out.flush();
        System.exit(exit);
    }
}

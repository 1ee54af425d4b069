package dev.ltx.transfer.cli;

import dev.ltx.nn.data.AugmentationPipeline;
import dev.ltx.nn.models.Activation;
import dev.ltx.nn.models.ModelKind;
import dev.ltx.nn.optim.LrSchedule;
import dev.ltx.nn.train.DatasetKind;
import dev.ltx.nn.train.OptimizerKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Text → value conversions of the command line (the only place option strings are parsed). */
final class CliValues {
    private CliValues() {
    }

    /** Wraps a parser whose {@link IllegalArgumentException} message becomes picocli's one-line error. */
    private abstract static class Parsing<T> implements ITypeConverter<T> {
        abstract T parse(String text);

        @Override
        public T convert(String text) {
            try {
                return parse(text);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

    static final class Model extends Parsing<ModelKind> {
        @Override
        ModelKind parse(String text) {
            return ModelKind.parse(text);
        }
    }

    static final class Data extends Parsing<DatasetKind> {
        @Override
        DatasetKind parse(String text) {
            return DatasetKind.parse(text);
        }
    }

    static final class Optim extends Parsing<OptimizerKind> {
        @Override
        OptimizerKind parse(String text) {
            return OptimizerKind.parse(text);
        }
    }

    static final class Augment extends Parsing<AugmentationPipeline> {
        @Override
        AugmentationPipeline parse(String text) {
            return AugmentationPipeline.fromName(text);
        }
    }

    static final class Act extends Parsing<Activation> {
        @Override
        Activation parse(String text) {
            String t = text.trim().toLowerCase(Locale.ROOT);
            return switch (t) {
                case "relu" -> Activation.RELU;
                case "none", "linear" -> Activation.NONE;
                default -> throw new IllegalArgumentException("unknown activation '" + text + "'; choose relu or none");
            };
        }
    }

    /**
     * A set of epochs: comma-separated integers and inclusive ranges {@code a..b}, e.g.
     * {@code -1,0,9} or {@code -1..9}; {@code all} (every epoch from -1) or {@code none}.
     *
     * @param epochs the listed epochs, sorted and distinct (empty for all/none)
     * @param all    whether every epoch was asked for
     */
    record EpochList(List<Integer> epochs, boolean all) {
        List<Integer> resolve(int totalEpochs) {
            if (!all) {
                return epochs;
            }
            List<Integer> out = new ArrayList<>();
            for (int e = -1; e < totalEpochs; e++) {
                out.add(e);
            }
            return out;
        }
    }

    static final class Epochs extends Parsing<EpochList> {
        @Override
        EpochList parse(String text) {
            String t = text.trim().toLowerCase(Locale.ROOT);
            if (t.equals("all")) {
                return new EpochList(List.of(), true);
            }
            if (t.equals("none") || t.isEmpty()) {
                return new EpochList(List.of(), false);
            }
            TreeSet<Integer> out = new TreeSet<>();
            for (String part : t.split(",", -1)) {
                String p = part.strip();
                int dots = p.indexOf("..", 1);
                try {
                    if (dots > 0) {
                        int from = Integer.parseInt(p.substring(0, dots).strip());
                        int to = Integer.parseInt(p.substring(dots + 2).strip());
                        if (to < from || to - from > 1_000_000) {
                            throw new IllegalArgumentException("'" + text + "': range " + p + " is empty or too long");
                        }
                        for (int e = from; e <= to; e++) {
                            out.add(e);
                        }
                    } else {
                        out.add(Integer.parseInt(p));
                    }
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("'" + text + "': '" + p + "' is not an epoch; use a list like"
                            + " -1,0,9, a range like -1..9, all or none");
                }
            }
            for (int e : out) {
                if (e < -1) {
                    throw new IllegalArgumentException("'" + text + "': epoch " + e + " is below -1 (the initial model)");
                }
            }
            return new EpochList(List.copyOf(out), false);
        }
    }

    /**
     * The learning-rate schedule from {@code --schedule}, {@code --lr} and {@code --epochs}:
     * {@code constant}; {@code cosine} or {@code cosine:W} (W warmup epochs, the paper's per-epoch
     * CustomCosineLR over the run's epochs); {@code multistep:M1/M2/...[:gamma]} (gamma 0.1 by
     * default); or a full {@link LrSchedule#parse} spec (any text with {@code =}), which then
     * defines the learning rate itself.
     */
    static LrSchedule schedule(String text, double lr, int epochs) {
        String t = text.strip();
        if (t.contains("=")) {
            return LrSchedule.parse(t);
        }
        String[] parts = t.split(":", -1);
        String kind = parts[0].toLowerCase(Locale.ROOT);
        try {
            return switch (kind) {
                case "constant", "none" -> {
                    requireParts(parts, 1, text);
                    yield new LrSchedule.Constant(lr);
                }
                case "cosine" -> {
                    requireParts(parts, 2, text);
                    yield new LrSchedule.WarmupCosine(lr, parts.length > 1 ? Integer.parseInt(parts[1].strip()) : 0,
                            epochs);
                }
                case "multistep" -> {
                    if (parts.length < 2 || parts.length > 3) {
                        throw new IllegalArgumentException("'" + text + "': use multistep:M1/M2/...[:gamma]");
                    }
                    List<Integer> milestones = new ArrayList<>();
                    for (String m : parts[1].split("/", -1)) {
                        milestones.add(Integer.parseInt(m.strip()));
                    }
                    double gamma = parts.length > 2 ? Double.parseDouble(parts[2].strip()) : 0.1;
                    yield new LrSchedule.MultiStep(lr, milestones, gamma);
                }
                default -> throw new IllegalArgumentException("unknown schedule '" + text
                        + "'; use constant, cosine[:WARMUP], multistep:M1/M2[:GAMMA] or a full spec such as"
                        + " cosine:lr=0.1,epochs=100,warmup=5");
            };
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' holds a malformed number (" + e.getMessage() + ")");
        }
    }

    private static void requireParts(String[] parts, int max, String text) {
        if (parts.length > max) {
            throw new IllegalArgumentException("'" + text + "' has too many ':' parts");
        }
    }
}

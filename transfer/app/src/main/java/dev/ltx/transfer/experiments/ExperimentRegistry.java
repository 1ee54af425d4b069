package dev.ltx.transfer.experiments;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/**
 * The named experiments of {@code ltx reproduce}: each a full and a quick {@link ExperimentDefinition}
 * (the quick one runs end to end in CI in about two minutes on two cores) with its estimated time.
 * The definitions themselves live in {@link MlpExperiments}, {@link CnnExperiments} and
 * {@link PretrainedExperiments}.
 */
public final class ExperimentRegistry {
    /** Which version of an entry to run. */
    public enum Size {
        /** The paper-shaped experiment (default 3 transfer seeds). */
        FULL,
        /** The CI-sized version (1 transfer seed). */
        QUICK
    }

    /**
     * One named experiment.
     *
     * @param name         the command-line name
     * @param paperFigure  what it reproduces
     * @param fullMinutes  estimated wall time of the full run from scratch on 2 cores (minutes)
     * @param quickMinutes estimated wall time of the quick run on 2 cores (minutes)
     * @param estimate     how the estimate was obtained (measured or extrapolated, and from what)
     * @param factory      the definition of each size
     */
    public record Entry(String name, String paperFigure, double fullMinutes, double quickMinutes, String estimate,
                        Function<Size, ExperimentDefinition> factory) {
        /** The definition of {@code size}. */
        public ExperimentDefinition definition(Size size) {
            return factory.apply(size);
        }

        /** One line of {@code ltx reproduce --list}. */
        public String listLine() {
            return String.format(Locale.ROOT, "%-18s %-28s full ~%s, --quick ~%s (2 cores; %s)", name, paperFigure,
                    minutes(fullMinutes), minutes(quickMinutes), estimate);
        }

        private static String minutes(double m) {
            return m < 1 ? "<1 min" : String.format(Locale.ROOT, "%.0f min", m);
        }
    }

    private static final List<Entry> ENTRIES = List.of(
            new Entry("mnist-mlp", "Figure 5a, Figure 6", 25, 1,
                    "measured: 6 runs 6.6 min, 3 pairs x 1 seed 5.7 min",
                    s -> MlpExperiments.mnist(s, false)),
            new Entry("mnist-mlp-linear", "Figure 5a (official linear)", 25, 1,
                    "measured as mnist-mlp", s -> MlpExperiments.mnist(s, true)),
            new Entry("fmnist-conv8", "Figure 5b, Figure 6", CnnExperiments.CONV8_FULL_MINUTES,
                    CnnExperiments.CONV8_QUICK_MINUTES, CnnExperiments.ESTIMATE, CnnExperiments::conv8),
            new Entry("fmnist-resnet18", "Figure 5c, Figure 6", CnnExperiments.RESNET_FULL_MINUTES,
                    CnnExperiments.RESNET_QUICK_MINUTES, CnnExperiments.ESTIMATE, CnnExperiments::resnet18),
            new Entry("pretrained-conv8", "Figure 5d, Figure 6", PretrainedExperiments.CONV8_FULL_MINUTES,
                    PretrainedExperiments.CONV8_QUICK_MINUTES, PretrainedExperiments.ESTIMATE,
                    PretrainedExperiments::conv8),
            new Entry("pretrained-resnet18", "Figure 5e-f, Figure 6", PretrainedExperiments.RESNET_FULL_MINUTES,
                    PretrainedExperiments.RESNET_QUICK_MINUTES, PretrainedExperiments.ESTIMATE,
                    PretrainedExperiments::resnet18),
            new Entry("generalization-resnet18", "Figure 8", PretrainedExperiments.GENERALIZATION_FULL_MINUTES,
                    1, PretrainedExperiments.ESTIMATE, PretrainedExperiments::generalization),
            new Entry("synthetic-mlp", "smoke test (no figure)", 0.2, 0.2, "seconds", MlpExperiments::synthetic));

    private ExperimentRegistry() {
    }

    /** Every entry, in list order. */
    public static List<Entry> entries() {
        return ENTRIES;
    }

    /** The entry named {@code name} (case-insensitive). */
    public static Optional<Entry> find(String name) {
        String n = name.strip().toLowerCase(Locale.ROOT);
        return ENTRIES.stream().filter(e -> e.name().equals(n)).findFirst();
    }

    /** The names, comma-separated (for error messages). */
    public static String names() {
        return String.join(", ", ENTRIES.stream().map(Entry::name).toList());
    }
}

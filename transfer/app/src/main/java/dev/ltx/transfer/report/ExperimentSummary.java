package dev.ltx.transfer.report;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Everything one experiment reports, for {@link SummaryJson}: its name, free-form configuration
 * (strings, numbers, booleans, lists and maps of those), the per-method summary rows and the
 * curves behind the figures.
 *
 * @param name    experiment name, e.g. {@code "cifar10-conv8-random"}; not blank
 * @param config  configuration entries in insertion order
 * @param rows    one row per method
 * @param figures curves (e.g. the transfer curve and the fine-tuning curve); may be empty
 */
public record ExperimentSummary(String name, Map<String, Object> config, List<SummaryRow> rows,
                                List<Figure> figures) {

    /** Validates and copies (the config map keeps its order). */
    public ExperimentSummary {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(rows, "rows");
        Objects.requireNonNull(figures, "figures");
        if (name.isBlank()) {
            throw new IllegalArgumentException("experiment name must not be blank");
        }
        config = Collections.unmodifiableMap(new LinkedHashMap<>(config));
        rows = List.copyOf(rows);
        figures = List.copyOf(figures);
    }
}

package dev.ltx.transfer.report;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * Renders {@link SummaryRow}s as an aligned Markdown table, one row per method, each metric as
 * "mean ± std". Decimals: accuracies 2, steps 1, seconds by magnitude of the mean (2 below 10 s,
 * 1 below 100 s, else 0). A metric column that is missing ({@code null}) in every row is left
 * out; a single missing cell shows "—".
 */
public final class SummaryTable {

    /** Shown for a metric that is {@code null} in a row. */
    public static final String MISSING = "—";

    private record Column(String title, Function<SummaryRow, MeanStd> metric, Function<MeanStd, Integer> decimals) {
    }

    private static final List<Column> COLUMNS = List.of(
            new Column("Best val acc (%)", SummaryRow::bestValAcc, m -> 2),
            new Column("Best step", SummaryRow::bestStep, m -> 1),
            new Column("Final val acc (%)", SummaryRow::finalValAcc, m -> 2),
            new Column("Fine-tuned test acc (%)", SummaryRow::finetuneTestAcc, m -> 2),
            new Column("Gradient time (s)", SummaryRow::gradientSeconds, SummaryTable::secondsDecimals),
            new Column("Matching time (s)", SummaryRow::matchingSeconds, SummaryTable::secondsDecimals));

    private SummaryTable() {
    }

    /**
     * The table as Markdown text (newline-terminated lines).
     *
     * @throws IllegalArgumentException if there are no rows or two rows share a method name
     */
    public static String render(List<SummaryRow> rows) {
        Objects.requireNonNull(rows, "rows");
        if (rows.isEmpty()) {
            throw new IllegalArgumentException("no summary rows to render");
        }
        List<String> methods = new ArrayList<>();
        for (SummaryRow r : rows) {
            Objects.requireNonNull(r, "row");
            if (methods.contains(r.method())) {
                throw new IllegalArgumentException("two summary rows for method '" + r.method() + "'");
            }
            methods.add(r.method());
        }
        List<Column> shown = new ArrayList<>();
        for (Column c : COLUMNS) {
            if (rows.stream().anyMatch(r -> c.metric().apply(r) != null)) {
                shown.add(c);
            }
        }
        List<String> header = new ArrayList<>(List.of("Method"));
        List<MarkdownTable.Align> aligns = new ArrayList<>(List.of(MarkdownTable.Align.LEFT));
        for (Column c : shown) {
            header.add(c.title());
            aligns.add(MarkdownTable.Align.RIGHT);
        }
        MarkdownTable table = new MarkdownTable(header, aligns);
        for (SummaryRow r : rows) {
            List<String> cells = new ArrayList<>(List.of(r.method()));
            for (Column c : shown) {
                MeanStd m = c.metric().apply(r);
                cells.add(m == null ? MISSING : m.format(c.decimals().apply(m)));
            }
            table.row(cells);
        }
        return table.render();
    }

    /** Writes {@link #render(List)} atomically as UTF-8. */
    public static void write(Path target, List<SummaryRow> rows) throws IOException {
        AtomicFiles.writeString(target, render(rows));
    }

    static int secondsDecimals(MeanStd m) {
        double a = Math.abs(m.mean());
        return a < 10 ? 2 : a < 100 ? 1 : 0;
    }
}

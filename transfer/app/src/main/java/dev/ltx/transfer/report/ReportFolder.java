package dev.ltx.transfer.report;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * Writes a whole {@link ExperimentSummary} into one output folder: {@code summary.md} (when there
 * are rows), {@code summary.json}, and per figure {@code <slug>.png} and {@code <slug>.csv}, where
 * the slug is the figure title in lower case with runs of other characters replaced by
 * {@code -} (made unique with {@code -2}, {@code -3}, ...). Every file is written atomically.
 */
public final class ReportFolder {

    private ReportFolder() {
    }

    /**
     * Writes the report and returns the files written, in writing order.
     *
     * @param dir     output folder, created if missing
     * @param summary what to write
     */
    public static List<Path> write(Path dir, ExperimentSummary summary) throws IOException {
        Objects.requireNonNull(dir, "dir");
        Objects.requireNonNull(summary, "summary");
        List<Path> written = new ArrayList<>();
        if (!summary.rows().isEmpty()) {
            Path md = dir.resolve("summary.md");
            SummaryTable.write(md, summary.rows());
            written.add(md);
        }
        Path json = dir.resolve("summary.json");
        SummaryJson.write(json, summary);
        written.add(json);
        Set<String> used = new HashSet<>(List.of("summary"));
        for (Figure f : summary.figures()) {
            String slug = unique(slug(f.title()), used);
            Path png = dir.resolve(slug + ".png");
            Path csv = dir.resolve(slug + ".csv");
            BandPlot.write(f, png);
            CurveCsv.write(csv, f);
            written.add(png);
            written.add(csv);
        }
        return written;
    }

    /** Lower-case ASCII letters and digits, other runs collapsed to one {@code -}; "figure" if none. */
    static String slug(String title) {
        String s = title.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
        return s.isEmpty() ? "figure" : s;
    }

    private static String unique(String base, Set<String> used) {
        String s = base;
        for (int k = 2; !used.add(s); k++) {
            s = base + "-" + k;
        }
        return s;
    }
}

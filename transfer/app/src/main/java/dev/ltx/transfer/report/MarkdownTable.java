package dev.ltx.transfer.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A GitHub-flavoured Markdown table with columns padded to equal width, so the source reads as a
 * table too. Cells are escaped ({@code |} and line breaks) before padding; widths count code
 * points, so "±" and "—" count as one character.
 */
final class MarkdownTable {

    /** Column alignment. */
    enum Align { LEFT, RIGHT }

    private final List<String> header;
    private final List<Align> aligns;
    private final List<List<String>> rows = new ArrayList<>();

    MarkdownTable(List<String> header, List<Align> aligns) {
        if (header.isEmpty() || header.size() != aligns.size()) {
            throw new IllegalArgumentException("a table needs at least one column and one alignment per column, got "
                    + header.size() + " headers and " + aligns.size() + " alignments");
        }
        this.header = escapeAll(header);
        this.aligns = List.copyOf(aligns);
    }

    /** Appends a row with exactly one cell per column. */
    MarkdownTable row(List<String> cells) {
        if (cells.size() != header.size()) {
            throw new IllegalArgumentException("row has " + cells.size() + " cells but the table has "
                    + header.size() + " columns");
        }
        rows.add(escapeAll(cells));
        return this;
    }

    /** The table, one line per row, each ending with a newline. */
    String render() {
        int[] width = new int[header.size()];
        for (int c = 0; c < width.length; c++) {
            width[c] = Math.max(3, len(header.get(c)));
            for (List<String> r : rows) {
                width[c] = Math.max(width[c], len(r.get(c)));
            }
        }
        StringBuilder sb = new StringBuilder();
        line(sb, header, width);
        sb.append('|');
        for (int c = 0; c < width.length; c++) {
            sb.append(aligns.get(c) == Align.LEFT ? ":" + "-".repeat(width[c] + 1) : "-".repeat(width[c] + 1) + ":");
            sb.append('|');
        }
        sb.append('\n');
        for (List<String> r : rows) {
            line(sb, r, width);
        }
        return sb.toString();
    }

    private void line(StringBuilder sb, List<String> cells, int[] width) {
        sb.append('|');
        for (int c = 0; c < width.length; c++) {
            String cell = cells.get(c);
            String pad = " ".repeat(width[c] - len(cell));
            sb.append(' ').append(aligns.get(c) == Align.LEFT ? cell + pad : pad + cell).append(" |");
        }
        sb.append('\n');
    }

    private static int len(String s) {
        return s.codePointCount(0, s.length());
    }

    private static List<String> escapeAll(List<String> cells) {
        List<String> out = new ArrayList<>(cells.size());
        for (String s : cells) {
            Objects.requireNonNull(s, "cell");
            out.add(s.replace("\\", "\\\\").replace("|", "\\|").replace("\r", " ").replace("\n", " "));
        }
        return out;
    }
}

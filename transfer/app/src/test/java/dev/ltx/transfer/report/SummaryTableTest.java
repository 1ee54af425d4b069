package dev.ltx.transfer.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SummaryTableTest {

    @TempDir
    Path dir;

    private static SummaryRow row(String method, MeanStd matching) {
        return new SummaryRow(method, MeanStd.of(70, 72, 74), MeanStd.of(12, 14, 13), MeanStd.of(65, 66, 67),
                null, MeanStd.of(3.2, 3.3), matching);
    }

    @Test
    void rendersAlignedTableWithMeanPlusMinusStd() {
        String md = SummaryTable.render(List.of(row("Oracle", null), row("FGMT", MeanStd.of(120, 130))));
        // Headers align like their column. The fine-tuned column is null in every row, so it is
        // left out; a lone null shows "—".
        // std(3.2, 3.3) = 0.0707 and std(120, 130) = 7.07, rounded to the column's decimals.
        String expected = """
                | Method | Best val acc (%) |  Best step | Final val acc (%) | Gradient time (s) | Matching time (s) |
                |:-------|-----------------:|-----------:|------------------:|------------------:|------------------:|
                | Oracle |     72.00 ± 2.00 | 13.0 ± 1.0 |      66.00 ± 1.00 |       3.25 ± 0.07 |                 — |
                | FGMT   |     72.00 ± 2.00 | 13.0 ± 1.0 |      66.00 ± 1.00 |       3.25 ± 0.07 |           125 ± 7 |
                """;
        assertEquals(expected, md);
    }

    @Test
    void everyLineHasTheSameWidthAndColumnCount() {
        String md = SummaryTable.render(List.of(row("Naive", null), row("GMT | v2", MeanStd.of(5.0, 6.0)),
                row("A method with a long name", MeanStd.of(1234.5))));
        List<String> lines = md.lines().toList();
        assertEquals(5, lines.size());
        int width = lines.get(0).codePointCount(0, lines.get(0).length());
        for (String l : lines) {
            assertEquals(width, l.codePointCount(0, l.length()), md);
            assertEquals(6 + 1, l.replace("\\|", "").chars().filter(c -> c == '|').count(), l);
        }
        assertTrue(md.contains("GMT \\| v2"), "pipe in a method name must be escaped: " + md);
        assertTrue(md.contains(" 1235 |"), "large seconds get no decimals (half-up): " + md);
        assertTrue(md.contains("5.50 ± 0.71"), md);
    }

    @Test
    void writesAtomicallyAsUtf8() throws IOException {
        Path f = dir.resolve("out/summary.md");
        SummaryTable.write(f, List.of(row("GMT", null)));
        assertEquals(SummaryTable.render(List.of(row("GMT", null))), Files.readString(f, StandardCharsets.UTF_8));
    }

    @Test
    void rejectsEmptyAndDuplicateRows() {
        assertThrows(IllegalArgumentException.class, () -> SummaryTable.render(List.of()));
        var e = assertThrows(IllegalArgumentException.class,
                () -> SummaryTable.render(List.of(row("GMT", null), row("GMT", null))));
        assertTrue(e.getMessage().contains("'GMT'"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new SummaryRow(" ", null, null, null, null, null, null));
    }

    @Test
    void secondsDecimalsFollowMagnitude() {
        assertEquals(2, SummaryTable.secondsDecimals(MeanStd.of(9.99)));
        assertEquals(1, SummaryTable.secondsDecimals(MeanStd.of(10)));
        assertEquals(0, SummaryTable.secondsDecimals(MeanStd.of(100)));
    }
}

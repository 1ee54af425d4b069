package dev.ltx.transfer.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CurveCsvTest {

    @TempDir
    Path dir;

    private static List<Series> curves() {
        return List.of(
                new Series("Oracle", LineStyle.DASH_DOT, List.of(new double[] {0.1 + 0.2, 1e-300, -3.5},
                        new double[] {Math.PI, 97.125, 0}, new double[] {Double.MIN_VALUE, 1.0 / 3, 50}))
                , new Series("GMT, \"fast\"", List.of(new double[] {10, 20}, new double[] {11, 21})));
    }

    @Test
    void rendersLongFormat() {
        String csv = CurveCsv.render(List.of(new Series("GMT", List.of(new double[] {1.5, 2}, new double[] {3, 4.25}))));
        assertEquals("""
                method,pair,x,value
                GMT,1,1,1.5
                GMT,1,2,2.0
                GMT,2,1,3.0
                GMT,2,2,4.25
                """, csv);
    }

    @Test
    void roundTripsExactlyIncludingQuotedNames() throws IOException {
        Path f = dir.resolve("curves/transfer.csv");
        CurveCsv.write(f, curves());
        assertTrue(Files.readString(f).contains("\"GMT, \"\"fast\"\"\",1,1,10.0\n"));
        Map<String, List<double[]>> back = CurveCsv.read(f);
        assertEquals(List.of("Oracle", "GMT, \"fast\""), List.copyOf(back.keySet()));
        for (Series s : curves()) {
            List<double[]> runs = back.get(s.label());
            assertEquals(s.runCount(), runs.size());
            for (int p = 0; p < runs.size(); p++) {
                assertArrayEquals(s.runs().get(p), runs.get(p), 0.0, s.label() + " pair " + (p + 1));
            }
        }
    }

    @Test
    void readAcceptsLinesInAnyOrder() throws IOException {
        List<String> lines = new ArrayList<>(CurveCsv.render(curves()).lines().toList());
        List<String> body = new ArrayList<>(lines.subList(1, lines.size()));
        Collections.reverse(body);
        Path f = dir.resolve("shuffled.csv");
        Files.writeString(f, lines.get(0) + "\n" + String.join("\n", body) + "\n");
        assertArrayEquals(new double[] {Math.PI, 97.125, 0}, CurveCsv.read(f).get("Oracle").get(1), 0.0);
    }

    @Test
    void malformedFilesGiveClearErrors() throws IOException {
        assertBad("method,run,x,value\n", "header");
        assertBad("method,pair,x,value\nGMT,1,1,1.0\nGMT,1,3,2.0\n", "x values are not 1..2");
        assertBad("method,pair,x,value\nGMT,1,1,1.0\nGMT,1,1,2.0\n", "duplicate");
        assertBad("method,pair,x,value\nGMT,1,1,1.0\nGMT,2,1,2.0\nGMT,2,2,2.0\n", "pair 1 has 1 values, pair 2 has 2");
        assertBad("method,pair,x,value\nGMT,2,1,1.0\n", "pairs are not numbered");
        assertBad("method,pair,x,value\nGMT,0,1,1.0\n", "pair must be a positive integer");
        assertBad("method,pair,x,value\nGMT,1,1,abc\n", "bad value 'abc'");
        assertBad("method,pair,x,value\nGMT,1,1\n", "expected 4 fields");
        assertBad("method,pair,x,value\n\"GMT,1,1,1.0\n", "unterminated");
    }

    @Test
    void labelsWithLineBreaksAreRejected() {
        var s = new Series("two\nlines", List.of(new double[] {1}));
        assertThrows(IllegalArgumentException.class, () -> CurveCsv.render(List.of(s)));
    }

    private void assertBad(String content, String messagePart) throws IOException {
        Path f = Files.writeString(dir.resolve("bad.csv"), content);
        var e = assertThrows(IllegalArgumentException.class, () -> CurveCsv.read(f));
        assertTrue(e.getMessage().contains(messagePart), "expected '" + messagePart + "' in: " + e.getMessage());
    }
}

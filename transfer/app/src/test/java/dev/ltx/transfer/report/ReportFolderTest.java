package dev.ltx.transfer.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportFolderTest {

    @TempDir
    Path dir;

    @Test
    void writesTableJsonAndOnePngAndCsvPerFigure() throws IOException {
        Series gmt = new Series("GMT", List.of(new double[] {10, 20, 30}, new double[] {12, 22, 35}));
        Figure transfer = new Figure("Transfer: CIFAR-10 / Conv8", "Transfer step", "Val acc (%)", List.of(gmt));
        Figure again = new Figure("transfer cifar 10 conv8", "Epoch", "Val acc (%)", List.of(gmt));
        SummaryRow row = new SummaryRow("GMT", MeanStd.of(30, 35), MeanStd.of(3, 3), null, null, null, null);
        List<Path> written = ReportFolder.write(dir.resolve("out"),
                new ExperimentSummary("exp", Map.of("steps", 3), List.of(row), List.of(transfer, again)));

        Path out = dir.resolve("out");
        assertEquals(List.of(out.resolve("summary.md"), out.resolve("summary.json"),
                out.resolve("transfer-cifar-10-conv8.png"), out.resolve("transfer-cifar-10-conv8.csv"),
                out.resolve("transfer-cifar-10-conv8-2.png"), out.resolve("transfer-cifar-10-conv8-2.csv")), written);
        for (Path p : written) {
            assertTrue(Files.size(p) > 0, p.toString());
        }
        assertNotNull(ImageIO.read(out.resolve("transfer-cifar-10-conv8.png").toFile()));
        assertTrue(Files.readString(out.resolve("summary.md")).contains("| GMT "));
        assertEquals(2, CurveCsv.read(out.resolve("transfer-cifar-10-conv8-2.csv")).get("GMT").size());
    }

    @Test
    void slugs() {
        assertEquals("figure-5-a-mnist", ReportFolder.slug("Figure 5 (a): MNIST"));
        assertEquals("figure", ReportFolder.slug("±—"));
    }
}

package dev.ltx.transfer.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SummaryJsonTest {

    @TempDir
    Path dir;

    @Test
    void writesTheWholeSummary() throws IOException {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("dataset", "cifar10");
        config.put("steps", 30);
        config.put("seedPairs", List.of("101-102", "103-104"));
        SummaryRow fgmt = new SummaryRow("FGMT", MeanStd.of(70, 74), MeanStd.of(12, 14), null, null,
                MeanStd.of(3.5), MeanStd.of(1.25, 1.75));
        Series s = new Series("FGMT", LineStyle.SOLID, List.of(new double[] {10, 20, 30}, new double[] {20, 30, 50}));
        Figure fig = new Figure("Conv8", "Transfer step", "Validation accuracy (%)", List.of(s));
        Path f = dir.resolve("summary.json");
        SummaryJson.write(f, new ExperimentSummary("cifar10-conv8", config, List.of(fgmt), List.of(fig)));

        JsonNode root = SummaryJson.readTree(f);
        assertEquals("cifar10-conv8", root.get("name").asText());
        assertEquals(30, root.get("config").get("steps").asInt());
        assertEquals("103-104", root.get("config").get("seedPairs").get(1).asText());
        JsonNode row = root.get("summary").get(0);
        assertEquals("FGMT", row.get("method").asText());
        assertEquals(72.0, row.get("bestValAcc").get("mean").asDouble(), 0.0);
        assertEquals(Math.sqrt(8), row.get("bestValAcc").get("std").asDouble(), 1e-15);
        assertEquals(2, row.get("bestValAcc").get("n").asInt());
        assertTrue(row.get("finalValAcc").isNull());
        assertTrue(row.get("finetuneTestAcc").isNull());
        assertEquals(0.0, row.get("gradientSeconds").get("std").asDouble(), 0.0);
        assertEquals(1.5, row.get("matchingSeconds").get("mean").asDouble(), 0.0);
        JsonNode series = root.get("figures").get(0).get("series").get(0);
        assertEquals("SOLID", series.get("style").asText());
        assertEquals(50.0, series.get("runs").get(1).get(2).asDouble(), 0.0);
        assertEquals(40.0, series.get("mean").get(2).asDouble(), 0.0);
        assertEquals(Math.sqrt(200), series.get("std").get(2).asDouble(), 1e-12);
        assertEquals("Transfer step", root.get("figures").get(0).get("xLabel").asText());
    }

    @Test
    void experimentNeedsAName() {
        assertThrows(IllegalArgumentException.class, () -> new ExperimentSummary(" ", Map.of(), List.of(), List.of()));
    }
}

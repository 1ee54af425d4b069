package dev.ltx.transfer.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * Writes an {@link ExperimentSummary} as indented JSON with Jackson:
 * <pre>{@code
 * { "name": ..., "config": {...},
 *   "summary": [ { "method": "FGMT", "bestValAcc": {"mean": .., "std": .., "n": 3}, "bestStep": ...,
 *                  "finalValAcc": ..., "finetuneTestAcc": ..., "gradientSeconds": ...,
 *                  "matchingSeconds": null }, ... ],
 *   "figures": [ { "title": ..., "xLabel": ..., "yLabel": ...,
 *                  "series": [ { "label": ..., "style": "DASH_DOT", "runs": [[..], ..],
 *                                "mean": [..], "std": [..] }, ... ] }, ... ] }
 * }</pre>
 * Missing metrics are {@code null}; curve index {@code i} is x = {@code i + 1}. The tree is built
 * explicitly, so field names do not depend on record accessor names.
 */
public final class SummaryJson {

    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private SummaryJson() {
    }

    /** The JSON tree for the summary. */
    public static ObjectNode toTree(ExperimentSummary summary) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("name", summary.name());
        root.set("config", MAPPER.valueToTree(summary.config()));
        ArrayNode rows = root.putArray("summary");
        for (SummaryRow r : summary.rows()) {
            ObjectNode o = rows.addObject();
            o.put("method", r.method());
            o.set("bestValAcc", meanStd(r.bestValAcc()));
            o.set("bestStep", meanStd(r.bestStep()));
            o.set("finalValAcc", meanStd(r.finalValAcc()));
            o.set("finetuneTestAcc", meanStd(r.finetuneTestAcc()));
            o.set("gradientSeconds", meanStd(r.gradientSeconds()));
            o.set("matchingSeconds", meanStd(r.matchingSeconds()));
        }
        ArrayNode figs = root.putArray("figures");
        for (Figure f : summary.figures()) {
            ObjectNode o = figs.addObject();
            o.put("title", f.title());
            o.put("xLabel", f.xLabel());
            o.put("yLabel", f.yLabel());
            ArrayNode series = o.putArray("series");
            for (Series s : f.series()) {
                ObjectNode so = series.addObject();
                so.put("label", s.label());
                so.put("style", s.style().name());
                ArrayNode runs = so.putArray("runs");
                for (double[] run : s.runs()) {
                    numbers(runs.addArray(), run);
                }
                Band band = s.band();
                numbers(so.putArray("mean"), band.mean());
                numbers(so.putArray("std"), band.std());
            }
        }
        return root;
    }

    /** The summary as indented JSON text. */
    public static String render(ExperimentSummary summary) {
        try {
            return MAPPER.writeValueAsString(toTree(summary)) + "\n";
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes {@link #render} atomically as UTF-8. */
    public static void write(Path target, ExperimentSummary summary) throws IOException {
        AtomicFiles.writeString(target, render(summary));
    }

    /** Reads any JSON file back as a tree (for tools and tests). */
    public static JsonNode readTree(Path source) throws IOException {
        return MAPPER.readTree(source.toFile());
    }

    private static JsonNode meanStd(MeanStd m) {
        if (m == null) {
            return MAPPER.nullNode();
        }
        ObjectNode o = MAPPER.createObjectNode();
        o.put("mean", m.mean());
        o.put("std", m.std());
        o.put("n", m.n());
        return o;
    }

    private static void numbers(ArrayNode into, double[] values) {
        for (double v : values) {
            into.add(v);
        }
    }
}

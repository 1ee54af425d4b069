package dev.ltx.transfer.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ltx.nn.io.SafetensorsWriter;
import dev.ltx.transfer.LearningTransfer;
import dev.ltx.transfer.TransferResult;
import dev.ltx.transfer.method.Evaluation;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * {@code ltx transfer --eval-test}: the test-split accuracy and loss of the final (θ²_T) and best
 * parameters, written to {@code test.json} ({@code {"final": {"accuracy": 97.1, "loss": 0.09},
 * "best": {...}}}, accuracies in percent), and the complete state dicts that were evaluated
 * ({@code final_state.safetensors}, {@code best_state.safetensors}: parameters plus buffers with
 * batch-norm statistics re-estimated), so another framework can load them strictly and compare
 * its evaluation with ltx's.
 */
final class TestEvaluation {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private TestEvaluation() {
    }

    static void write(Path dir, LearningTransfer lt, TransferResult r, PrintStream log) throws IOException {
        int bn = r.config().bnStatsIters();
        long seed = r.config().seed();
        Evaluation.Metrics last = lt.evaluateTest(r.finalParameters(), bn, seed);
        Evaluation.Metrics best = lt.evaluateTest(r.bestParameters(), bn, seed);
        SafetensorsWriter.write(dir.resolve("final_state.safetensors"), lt.evaluationState(r.finalParameters(), bn, seed));
        SafetensorsWriter.write(dir.resolve("best_state.safetensors"), lt.evaluationState(r.bestParameters(), bn, seed));
        ObjectNode root = JSON.createObjectNode();
        put(root.putObject("final"), last);
        put(root.putObject("best"), best);
        root.put("best_step", r.bestStep());
        Files.writeString(dir.resolve("test.json"), JSON.writeValueAsString(root) + "\n", StandardCharsets.UTF_8);
        log.printf(Locale.ROOT, "test acc: final %.2f%%, best (step %d) %.2f%%%n", last.accuracy(), r.bestStep(),
                best.accuracy());
    }

    private static void put(ObjectNode o, Evaluation.Metrics m) {
        if (Double.isFinite(m.accuracy())) {
            o.put("accuracy", m.accuracy());
        } else {
            o.put("accuracy", Double.toString(m.accuracy()));
        }
        if (Double.isFinite(m.loss())) {
            o.put("loss", m.loss());
        } else {
            o.put("loss", Double.toString(m.loss()));
        }
    }
}

package dev.ltx.transfer;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ltx.engine.Backend;
import dev.ltx.engine.Shape;
import dev.ltx.engine.Tensor;
import dev.ltx.nn.io.AtomicText;
import dev.ltx.nn.io.Checkpoint;
import dev.ltx.nn.io.SafetensorsReader;
import dev.ltx.nn.io.SafetensorsWriter;
import dev.ltx.transfer.perm.PermutationSpec;
import dev.ltx.transfer.perm.Permutations;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes transfer and fine-tuning results into a folder:
 * <pre>
 * DIR/
 *   transfer.json                config, summary (best step, accuracy, counts, timings) and every step
 *   steps.csv                    {@link StepRecord#CSV_HEADER} rows, steps 1..T
 *   best.safetensors             θ² at the best step (parameters)
 *   final.safetensors            θ²_T (parameters)
 *   permutations_best.safetensors, permutations_final.safetensors
 *                                one I64 tensor per permutation group, named by the group
 *   &lt;name&gt;.json, &lt;name&gt;.csv  a fine-tuning or baseline run ({@link EpochRecord} rows, test accuracy)
 *   &lt;name&gt;.safetensors          its final parameters (when the run kept them)
 * </pre>
 * Non-finite numbers are written as JSON strings ("NaN", "Infinity").
 */
public final class TransferResults {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private TransferResults() {
    }

    /** Writes {@code r} into {@code dir} (created if needed). */
    public static void write(Path dir, TransferResult r, Backend backend) throws IOException {
        Files.createDirectories(dir);
        ObjectNode root = JSON.createObjectNode();
        root.set("config", config(r.config()));
        ObjectNode summary = root.putObject("summary");
        summary.put("method", r.method().name());
        summary.put("steps", r.steps().size());
        summary.put("best_step", r.bestStep());
        number(summary, "best_accuracy", r.bestAccuracy());
        summary.put("gradient_pairs", r.gradientPairs());
        summary.put("matchings", r.matchings());
        number(summary, "seconds", r.seconds());
        number(summary, "gradient_seconds", r.gradientSeconds());
        number(summary, "matching_seconds", r.matchingSeconds());
        number(summary, "evaluation_seconds", r.evaluationSeconds());
        ArrayNode steps = root.putArray("step_records");
        for (StepRecord s : r.steps()) {
            ObjectNode o = steps.addObject();
            o.put("step", s.step());
            number(o, "val_accuracy", s.validationAccuracy());
            number(o, "val_loss", s.validationLoss());
            o.put("sweeps", s.sweeps());
            number(o, "objective", s.objective());
            number(o, "gradient_s", s.gradientSeconds());
            number(o, "matching_s", s.matchingSeconds());
            number(o, "transfer_s", s.transferSeconds());
            number(o, "evaluation_s", s.evaluationSeconds());
        }
        AtomicText.write(dir.resolve("transfer.json"), JSON.writeValueAsString(root));
        StringBuilder csv = new StringBuilder(StepRecord.CSV_HEADER).append('\n');
        r.steps().forEach(s -> csv.append(s.csvRow()).append('\n'));
        AtomicText.write(dir.resolve("steps.csv"), csv.toString());
        // sorted keys: the same result gives the same file bytes (Map.of iterates in a per-JVM random order)
        Map<String, String> meta = new TreeMap<>(Map.of("method", r.method().name(), "best_step", Integer.toString(r.bestStep())));
        SafetensorsWriter.write(dir.resolve("best.safetensors"), r.bestParameters(), meta);
        SafetensorsWriter.write(dir.resolve("final.safetensors"), r.finalParameters(), meta);
        writePermutations(dir.resolve("permutations_best.safetensors"), r.bestPermutations(), backend);
        writePermutations(dir.resolve("permutations_final.safetensors"), r.finalPermutations(), backend);
    }

    /**
     * Writes a fine-tuning or baseline run as {@code name.json} and {@code name.csv}, and its final
     * parameters (when it has them) as {@code name.safetensors}.
     */
    public static void write(Path dir, String name, FineTuneResult f) throws IOException {
        Files.createDirectories(dir);
        ObjectNode root = JSON.createObjectNode();
        root.put("start_step", f.startStep());
        number(root, "test_accuracy", f.testAccuracy());
        number(root, "test_loss", f.testLoss());
        ArrayNode epochs = root.putArray("epochs");
        StringBuilder csv = new StringBuilder(EpochRecord.CSV_HEADER).append('\n');
        for (EpochRecord e : f.epochs()) {
            ObjectNode o = epochs.addObject();
            o.put("epoch", e.epoch());
            number(o, "lr", e.lr());
            number(o, "train_loss", e.trainLoss());
            number(o, "train_accuracy", e.trainAccuracy());
            number(o, "val_accuracy", e.validationAccuracy());
            number(o, "val_loss", e.validationLoss());
            csv.append(e.csvRow()).append('\n');
        }
        AtomicText.write(dir.resolve(name + ".json"), JSON.writeValueAsString(root));
        AtomicText.write(dir.resolve(name + ".csv"), csv.toString());
        if (f.parameters() != null && !f.parameters().isEmpty()) {
            SafetensorsWriter.write(dir.resolve(name + ".safetensors"), f.parameters(),
                    Map.of("start_step", Integer.toString(f.startStep())));
        }
    }

    /** Saves {@code perms} as one I64 tensor per group, in the spec's group order. */
    public static void writePermutations(Path file, Permutations perms, Backend backend) throws IOException {
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        for (String g : perms.groups()) {
            int[] p = perms.perm(g);
            long[] l = new long[p.length];
            for (int i = 0; i < p.length; i++) l[i] = p[i];
            tensors.put(g, backend.fromLongs(l, Shape.of(p.length)));
        }
        SafetensorsWriter.write(file, tensors);
    }

    /** Reads permutations written by {@link #writePermutations}, validated against {@code spec}. */
    public static Permutations readPermutations(Path file, PermutationSpec spec, Backend backend) throws IOException {
        Checkpoint c = SafetensorsReader.read(file, backend);
        Map<String, int[]> perms = new LinkedHashMap<>();
        c.tensors().forEach((g, t) -> {
            long[] l = t.toLongs();
            int[] p = new int[l.length];
            for (int i = 0; i < l.length; i++) p[i] = Math.toIntExact(l[i]);
            perms.put(g, p);
        });
        return Permutations.of(spec, perms);
    }

    private static ObjectNode config(TransferConfig c) {
        ObjectNode o = JSON.createObjectNode();
        o.put("method", c.method().name());
        ArrayNode epochs = o.putArray("checkpoint_epochs");
        List<Integer> list = c.checkpointEpochs();
        list.forEach(epochs::add);
        o.put("splits", c.splits());
        o.put("schedule", c.schedule().name());
        o.put("gm_iters", c.gmIters());
        o.put("bn_stats_iters", c.bnStatsIters());
        o.put("bn_stats_batch", c.bnStatsBatch());
        o.put("seed", c.seed());
        o.put("max_sweeps", c.maxSweeps());
        o.put("epsilon", c.epsilon());
        return o;
    }

    private static void number(ObjectNode o, String key, double v) {
        if (Double.isFinite(v)) o.put(key, v);
        else o.put(key, Double.toString(v));
    }
}

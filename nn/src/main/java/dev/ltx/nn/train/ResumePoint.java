package dev.ltx.nn.train;

import dev.ltx.engine.Backend;
import dev.ltx.engine.Tensor;
import dev.ltx.nn.Module;
import dev.ltx.nn.io.Checkpoint;
import dev.ltx.nn.io.SafetensorsException;
import dev.ltx.nn.io.SafetensorsReader;
import dev.ltx.nn.io.SafetensorsWriter;
import dev.ltx.nn.optim.Optimizer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Everything an interrupted training run needs to go on exactly as if it had not stopped: the
 * last finished epoch, the global step count, the model's state dict (parameters and buffers)
 * and the optimizer's state. The data streams need nothing more: epoch e's shuffling and
 * augmentation depend only on (seed, e) (see {@link dev.ltx.nn.data.DataLoader}), and learning
 * rates are recomputed from the schedule. Stored as one safetensors file
 * ({@value RunFolder#RESUME}) with entries {@code model.<name>} and {@code optimizer.<name>} and
 * metadata {@code format=ltx-resume}, {@code epoch}, {@code step}; replaced atomically after
 * every epoch and deleted when the run finishes.
 *
 * @param epoch     the last finished epoch (0-based)
 * @param step      optimizer steps taken so far (the next step's index)
 * @param model     the model's state dict
 * @param optimizer the optimizer's {@link Optimizer#stateDict()}
 */
record ResumePoint(int epoch, long step, Map<String, Tensor> model, Map<String, Tensor> optimizer) {
    static final String FORMAT = "ltx-resume";
    private static final String MODEL = "model.";
    private static final String OPTIMIZER = "optimizer.";

    /** Writes the state after {@code epoch} (atomically) to {@code file}. */
    static void write(Path file, int epoch, long step, Module model, Optimizer optimizer, Backend backend)
            throws IOException {
        try (Backend.Scope scope = backend.openScope()) {
            Map<String, Tensor> all = new LinkedHashMap<>();
            model.stateDict().forEach((k, v) -> all.put(MODEL + k, v));
            optimizer.stateDict().forEach((k, v) -> all.put(OPTIMIZER + k, v));
            Map<String, String> meta = new LinkedHashMap<>();
            meta.put("format", FORMAT);
            meta.put("epoch", Integer.toString(epoch));
            meta.put("step", Long.toString(step));
            SafetensorsWriter.write(file, all, meta);
        }
    }

    /** The resume point in {@code file}, empty when there is none; a malformed one throws {@link SafetensorsException}. */
    static Optional<ResumePoint> read(Path file, Backend backend) throws IOException {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        Checkpoint c = SafetensorsReader.read(file, backend);
        Map<String, String> meta = c.metadata();
        if (!FORMAT.equals(meta.get("format"))) {
            throw new SafetensorsException(file, "__metadata__.format", "expected '" + FORMAT + "', got "
                    + meta.get("format"));
        }
        int epoch = (int) number(file, meta, "epoch", Integer.MAX_VALUE);
        long step = number(file, meta, "step", Long.MAX_VALUE);
        Map<String, Tensor> model = new LinkedHashMap<>();
        Map<String, Tensor> optimizer = new LinkedHashMap<>();
        for (Map.Entry<String, Tensor> e : c.tensors().entrySet()) {
            if (e.getKey().startsWith(MODEL)) {
                model.put(e.getKey().substring(MODEL.length()), e.getValue());
            } else if (e.getKey().startsWith(OPTIMIZER)) {
                optimizer.put(e.getKey().substring(OPTIMIZER.length()), e.getValue());
            } else {
                throw new SafetensorsException(file, "tensor '" + e.getKey() + "'", "expected a model. or optimizer. name");
            }
        }
        return Optional.of(new ResumePoint(epoch, step, model, optimizer));
    }

    private static long number(Path file, Map<String, String> meta, String key, long max) throws SafetensorsException {
        String v = meta.get(key);
        try {
            long n = Long.parseLong(v == null ? "" : v);
            if (n < 0 || n > max) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new SafetensorsException(file, "__metadata__." + key, "expected a count, got " + v);
        }
    }
}

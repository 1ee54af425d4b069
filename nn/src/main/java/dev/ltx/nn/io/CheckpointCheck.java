package dev.ltx.nn.io;

import dev.ltx.engine.Shape;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Checks a checkpoint file's header (names, shapes, dtypes; no tensor data is read) against the
 * state a model expects, so that a long list of checkpoints can be validated before any work.
 *
 * <p>The rules, for files written by PyTorch ({@code save_file(model.state_dict())} or only the
 * parameters) as well as by ltx: every parameter must be present with the model's shape and a
 * floating dtype (F32, F16, BF16 or F64); buffers (batch-norm running statistics) may be present
 * or absent, and if present must have the model's shape; any other name is an error. The first
 * problem is reported: missing and mis-shaped names in model order first, then unknown names in
 * file order.
 */
public final class CheckpointCheck {
    private CheckpointCheck() {
    }

    /**
     * Reads {@code file}'s header and checks it.
     *
     * @param parameters the model's parameter names and shapes, in state-dict order
     * @param buffers    the model's buffer names and shapes
     * @return the header's entries by name (for callers that want the dtypes)
     * @throws SafetensorsException         when the file is not a valid safetensors file
     * @throws CheckpointMismatchException  naming the first tensor that does not fit
     * @throws IOException                  when the file cannot be read
     */
    public static Map<String, TensorInfo> check(Path file, Map<String, Shape> parameters, Map<String, Shape> buffers)
            throws IOException {
        return check(file, SafetensorsReader.describe(file), parameters, buffers);
    }

    /** As {@link #check(Path, Map, Map)} on an already read header. */
    public static Map<String, TensorInfo> check(Path file, List<TensorInfo> entries, Map<String, Shape> parameters,
                                                Map<String, Shape> buffers) {
        Map<String, TensorInfo> byName = new LinkedHashMap<>();
        for (TensorInfo t : entries) {
            byName.put(t.name(), t);
        }
        for (Map.Entry<String, Shape> p : parameters.entrySet()) {
            TensorInfo t = byName.get(p.getKey());
            if (t == null) {
                throw new CheckpointMismatchException(file, p.getKey(), "is missing: the model has this parameter, of shape "
                        + p.getValue());
            }
            requireShape(file, t, p.getValue());
            if (!t.floating()) {
                throw new CheckpointMismatchException(file, t.name(), "has dtype " + t.dtype()
                        + "; a parameter must be F32, F16, BF16 or F64");
            }
        }
        for (Map.Entry<String, Shape> b : buffers.entrySet()) {
            TensorInfo t = byName.get(b.getKey());
            if (t != null) {
                requireShape(file, t, b.getValue());
            }
        }
        for (TensorInfo t : entries) {
            if (!parameters.containsKey(t.name()) && !buffers.containsKey(t.name())) {
                throw new CheckpointMismatchException(file, t.name(), t.shape() + " is not a parameter or buffer of the model"
                        + " (its first names: " + firstNames(parameters) + ")");
            }
        }
        return byName;
    }

    private static void requireShape(Path file, TensorInfo t, Shape expected) {
        if (!t.shape().equals(expected)) {
            throw new CheckpointMismatchException(file, t.name(), "has shape " + t.shape() + " but the model expects "
                    + expected);
        }
    }

    private static String firstNames(Map<String, Shape> parameters) {
        List<String> names = List.copyOf(parameters.keySet());
        String shown = String.join(", ", names.subList(0, Math.min(3, names.size())));
        return names.size() > 3 ? shown + ", ..." : shown;
    }
}

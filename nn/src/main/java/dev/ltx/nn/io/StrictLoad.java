package dev.ltx.nn.io;

import dev.ltx.engine.Shape;
import dev.ltx.engine.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Strict state-dict checking: compares loaded tensors with the names and shapes a model expects
 * and reports every missing, unexpected and shape-mismatched name together in one error.
 */
public final class StrictLoad {
    private StrictLoad() {
    }

    /**
     * Throws {@link StateDictMismatchException} unless {@code loaded} has exactly the names of
     * {@code expected}, each with the expected shape.
     *
     * @param source   where the tensors came from (a file name), for the message
     * @param expected name to shape, in the model's order
     * @param loaded   name to tensor, e.g. {@link Checkpoint#tensors()}
     */
    public static void check(String source, Map<String, Shape> expected, Map<String, Tensor> loaded) {
        List<String> missing = new ArrayList<>();
        List<String> mismatched = new ArrayList<>();
        for (Map.Entry<String, Shape> e : expected.entrySet()) {
            Tensor t = loaded.get(e.getKey());
            if (t == null) {
                missing.add(e.getKey());
            } else if (!t.shape().equals(e.getValue())) {
                mismatched.add(e.getKey() + ": expected " + e.getValue() + ", got " + t.shape());
            }
        }
        List<String> unexpected = new ArrayList<>();
        for (String name : loaded.keySet()) {
            if (!expected.containsKey(name)) unexpected.add(name);
        }
        if (!missing.isEmpty() || !unexpected.isEmpty() || !mismatched.isEmpty()) {
            throw new StateDictMismatchException(source, missing, unexpected, mismatched);
        }
    }

    /** A state dict that does not fit the model; lists every problem at once. */
    public static final class StateDictMismatchException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;
        private final List<String> missing;
        private final List<String> unexpected;
        private final List<String> mismatched;

        StateDictMismatchException(String source, List<String> missing, List<String> unexpected,
                                   List<String> mismatched) {
            super(source + ": state dict does not match the model: missing " + missing + "; unexpected "
                    + unexpected + "; shape mismatch " + mismatched);
            this.missing = List.copyOf(missing);
            this.unexpected = List.copyOf(unexpected);
            this.mismatched = List.copyOf(mismatched);
        }

        /** Names the model expects that were not loaded. */
        public List<String> missing() {
            return missing;
        }

        /** Loaded names the model does not have. */
        public List<String> unexpected() {
            return unexpected;
        }

        /** {@code "name: expected (a, b), got (c, d)"} for each shape mismatch. */
        public List<String> mismatched() {
            return mismatched;
        }
    }
}

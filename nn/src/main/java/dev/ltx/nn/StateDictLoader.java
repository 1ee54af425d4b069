package dev.ltx.nn;

import dev.ltx.engine.Backend;
import dev.ltx.engine.DType;
import dev.ltx.engine.Shape;
import dev.ltx.engine.Tensor;
import dev.ltx.nn.io.StrictLoad;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Checks a state dict against a module's own tensors and copies the values in. */
final class StateDictLoader {
    private static final String SOURCE = "loadStateDict";

    private StateDictLoader() {
    }

    static LoadResult load(Map<String, Tensor> own, Map<String, Tensor> state, boolean strict) {
        Map<String, Shape> expected = new LinkedHashMap<>();
        own.forEach((n, t) -> expected.put(n, t.shape()));
        List<String> missing = new ArrayList<>();
        for (String n : own.keySet()) {
            if (!state.containsKey(n)) {
                missing.add(n);
            }
        }
        List<String> unexpected = new ArrayList<>();
        for (String n : state.keySet()) {
            if (!own.containsKey(n)) {
                unexpected.add(n);
            }
        }
        if (strict) {
            StrictLoad.check(SOURCE, expected, state);
        } else {
            // Only shape mismatches among shared names are errors in a non-strict load.
            Map<String, Shape> sharedExpected = new LinkedHashMap<>();
            Map<String, Tensor> shared = new LinkedHashMap<>();
            expected.forEach((n, s) -> {
                if (state.containsKey(n)) {
                    sharedExpected.put(n, s);
                    shared.put(n, state.get(n));
                }
            });
            StrictLoad.check(SOURCE, sharedExpected, shared);
        }
        own.forEach((n, dst) -> {
            Tensor src = state.get(n);
            if (src != null) {
                copyConverted(dst, src);
            }
        });
        return new LoadResult(missing, unexpected);
    }

    /** {@code dst <- src}, converting dtype and moving between backends as needed. */
    static void copyConverted(Tensor dst, Tensor src) {
        Backend b = dst.backend();
        if (src.backend() == b && src.dtype() == dst.dtype()) {
            b.copyInto(dst, src);
            return;
        }
        Tensor local;
        if (src.backend() == b) {
            local = b.cast(src, dst.dtype());
        } else if (dst.dtype() == DType.F64) {
            local = b.fromDoubles(src.toDoubles(), dst.shape());
        } else if (dst.dtype() == DType.F32) {
            local = b.fromFloats(src.toFloats(), dst.shape());
        } else {
            local = b.cast(b.fromLongs(src.toLongs(), dst.shape()), dst.dtype());
        }
        b.copyInto(dst, b.reshape(local, dst.shape()));
    }
}

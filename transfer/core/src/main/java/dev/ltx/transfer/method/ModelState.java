package dev.ltx.transfer.method;

import dev.ltx.engine.Tensor;
import dev.ltx.nn.Module;
import dev.ltx.nn.NamedParameter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reading and writing a module's named parameters (not its buffers). */
public final class ModelState {
    private ModelState() {
    }

    /** The parameter names of {@code model}, in state-dict order. */
    public static List<String> parameterNames(Module model) {
        List<String> out = new ArrayList<>();
        for (NamedParameter p : model.namedParameters()) out.add(p.name());
        return Collections.unmodifiableList(out);
    }

    /** Copies {@code values} into every parameter of {@code model}; every parameter must be present with its shape. */
    public static void setParameters(Module model, Map<String, Tensor> values) {
        for (NamedParameter p : model.namedParameters()) {
            Tensor v = values.get(p.name());
            Tensor dst = p.param().value();
            if (v == null) {
                throw new IllegalArgumentException("no value for parameter '" + p.name() + "'; given: " + values.keySet());
            }
            if (!v.shape().equals(dst.shape())) {
                throw new IllegalArgumentException("parameter '" + p.name() + "' has shape " + dst.shape()
                        + ", the given value " + v.shape());
            }
            dst.backend().copyInto(dst, v);
        }
    }

    /** Copies of the parameters' current values. */
    public static Map<String, Tensor> parameters(Module model) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (NamedParameter p : model.namedParameters()) {
            Tensor v = p.param().value();
            out.put(p.name(), v.backend().copy(v));
        }
        return Collections.unmodifiableMap(out);
    }

    /** Drops every parameter's gradient. */
    public static void clearGradients(Module model) {
        for (NamedParameter p : model.namedParameters()) p.param().clearGrad();
    }
}

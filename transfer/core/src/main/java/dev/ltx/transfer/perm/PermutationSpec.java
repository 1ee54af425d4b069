package dev.ltx.transfer.perm;

import dev.ltx.engine.Shape;
import dev.ltx.engine.Tensor;
import dev.ltx.nn.Module;
import dev.ltx.nn.NamedParameter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which axis of which parameter each permutation group reorders (Git Re-basin's
 * {@code perm_to_axes} and {@code axes_to_perm}), in PyTorch axis order: for every named
 * parameter of a model, the group on each axis, or null where that axis is not permuted.
 *
 * <p>{@link #of(Module)} derives the spec by walking the model's layers and their wiring (no
 * parameter name is typed anywhere) and then checks that it covers exactly the model's named
 * parameters. Buffers (batch-norm running statistics) are not part of a spec.
 *
 * <p>Invariants, checked on construction: every axis maps to null or to a group of this spec
 * whose size equals that axis' length; every group has at least one member axis.
 */
public final class PermutationSpec {
    private final Map<String, PermutationGroup> groups;
    private final Map<String, List<PermutationGroup>> axes;
    private final Map<String, Shape> shapes;
    private final Map<String, List<AxisRef>> members;

    private PermutationSpec(Builder b) {
        Map<String, List<AxisRef>> mem = new LinkedHashMap<>();
        for (String g : b.groups.keySet()) {
            mem.put(g, new ArrayList<>());
        }
        Map<String, List<PermutationGroup>> ax = new LinkedHashMap<>();
        b.axes.forEach((param, list) -> {
            Shape s = b.shapes.get(param);
            for (int a = 0; a < list.size(); a++) {
                PermutationGroup g = list.get(a);
                if (g == null) {
                    continue;
                }
                if (b.groups.get(g.name()) != g) {
                    throw new IllegalArgumentException("parameter " + param + " axis " + a + " refers to group "
                            + g + " which is not a group of this spec");
                }
                if (s.dim(a) != g.size()) {
                    throw new IllegalArgumentException("parameter " + param + " " + s + " axis " + a + " has length "
                            + s.dim(a) + " but its group " + g.name() + " has size " + g.size());
                }
                mem.get(g.name()).add(new AxisRef(param, a));
            }
            ax.put(param, Collections.unmodifiableList(Arrays.asList(list.toArray(new PermutationGroup[0]))));
        });
        mem.forEach((g, list) -> {
            if (list.isEmpty()) {
                throw new IllegalArgumentException("permutation group " + g + " permutes no parameter axis");
            }
        });
        Map<String, List<AxisRef>> frozen = new LinkedHashMap<>();
        mem.forEach((g, list) -> frozen.put(g, List.copyOf(list)));
        this.groups = Collections.unmodifiableMap(new LinkedHashMap<>(b.groups));
        this.axes = Collections.unmodifiableMap(ax);
        this.shapes = Collections.unmodifiableMap(new LinkedHashMap<>(b.shapes));
        this.members = Collections.unmodifiableMap(frozen);
    }

    /**
     * Derives the spec of {@code model} from its structure ({@code Mlp}, {@code ConvNet}
     * Conv4/6/8, {@code ResNet18}, or a {@code Sequential} chain of Linear/Conv2d/BatchNorm2d and
     * stateless layers) and checks that it covers exactly the model's named parameters.
     *
     * @throws IllegalArgumentException naming the module type when the structure is not supported,
     *                                  or naming the parameter (and axis) the spec fails to cover
     */
    public static PermutationSpec of(Module model) {
        PermutationSpec spec = SpecDerivation.derive(model);
        spec.requireCovers(model);
        return spec;
    }

    /** A builder for specs assembled by hand (tests, unsupported architectures). */
    public static Builder builder() {
        return new Builder();
    }

    /** The groups in order (derivation order: from input to output). */
    public List<PermutationGroup> groups() {
        return List.copyOf(groups.values());
    }

    /** The group called {@code name}; throws naming the known groups when there is none. */
    public PermutationGroup group(String name) {
        PermutationGroup g = groups.get(name);
        if (g == null) {
            throw new IllegalArgumentException("no permutation group '" + name + "'; groups are " + groups.keySet());
        }
        return g;
    }

    /** Per axis of {@code param}, its group or null when that axis is not permuted (an unmodifiable list). */
    public List<PermutationGroup> axes(String param) {
        List<PermutationGroup> a = axes.get(param);
        if (a == null) {
            throw new IllegalArgumentException("parameter '" + param + "' is not in the permutation spec");
        }
        return a;
    }

    /** The shape {@code param} must have. */
    public Shape shape(String param) {
        axes(param);
        return shapes.get(param);
    }

    /** Every parameter name covered, in model (state-dict) order. */
    public Set<String> parameters() {
        return Collections.unmodifiableSet(new LinkedHashSet<>(axes.keySet()));
    }

    /** Whether {@code param} is one of this spec's parameters. */
    public boolean contains(String param) {
        return axes.containsKey(param);
    }

    /** The (parameter, axis) pairs that group {@code group} permutes, in parameter order. */
    public List<AxisRef> members(String group) {
        group(group);
        return members.get(group);
    }

    /**
     * Checks that the spec covers exactly {@code model}'s named parameters with their shapes.
     *
     * @throws IllegalArgumentException naming every missing, extra or mis-shaped parameter
     */
    public void requireCovers(Module model) {
        Map<String, Shape> actual = new LinkedHashMap<>();
        for (NamedParameter p : model.namedParameters()) {
            actual.put(p.name(), p.param().shape());
        }
        List<String> problems = new ArrayList<>();
        actual.forEach((name, s) -> {
            if (!shapes.containsKey(name)) {
                problems.add("parameter " + name + " " + s + " is not covered by the spec");
            } else if (!shapes.get(name).equals(s)) {
                problems.add("parameter " + name + " has shape " + s + " but the spec expects " + shapes.get(name));
            }
        });
        for (String name : shapes.keySet()) {
            if (!actual.containsKey(name)) {
                problems.add("spec parameter " + name + " is not a parameter of " + model.getClass().getSimpleName());
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("permutation spec does not match " + model.getClass().getSimpleName()
                    + ": " + String.join("; ", problems));
        }
    }

    /**
     * Checks that {@code state} holds every parameter of the spec with the spec's shape (other
     * entries are allowed); {@code what} names the state in the message.
     */
    public void requireState(Map<String, Tensor> state, String what) {
        for (Map.Entry<String, Shape> e : shapes.entrySet()) {
            Tensor t = state.get(e.getKey());
            if (t == null) {
                throw new IllegalArgumentException(what + " lacks parameter " + e.getKey() + " " + e.getValue());
            }
            if (!t.shape().equals(e.getValue())) {
                throw new IllegalArgumentException(what + " parameter " + e.getKey() + " has shape " + t.shape()
                        + " but the spec expects " + e.getValue());
            }
        }
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("PermutationSpec{");
        groups.values().forEach(g -> sb.append(' ').append(g.name()).append('(').append(g.size()).append(')'));
        return sb.append(" }").toString();
    }

    /** Assembles a spec: declare groups, then each parameter's shape and per-axis groups. */
    public static final class Builder {
        private final Map<String, PermutationGroup> groups = new LinkedHashMap<>();
        private final Map<String, List<PermutationGroup>> axes = new LinkedHashMap<>();
        private final Map<String, Shape> shapes = new LinkedHashMap<>();

        private Builder() {
        }

        /** Declares a new group; names must be unique. */
        public PermutationGroup group(String name, int size) {
            PermutationGroup g = new PermutationGroup(name, size);
            if (groups.putIfAbsent(name, g) != null) {
                throw new IllegalArgumentException("permutation group '" + name + "' is declared twice");
            }
            return g;
        }

        /** Declares a parameter with one entry per axis: a group of this builder or null (not permuted). */
        public Builder param(String name, Shape shape, PermutationGroup... perAxis) {
            if (name == null || shape == null) {
                throw new IllegalArgumentException("parameter name and shape must not be null");
            }
            if (perAxis.length != shape.rank()) {
                throw new IllegalArgumentException("parameter " + name + " " + shape + " has " + shape.rank()
                        + " axes but " + perAxis.length + " axis groups were given");
            }
            if (axes.containsKey(name)) {
                throw new IllegalArgumentException("parameter " + name + " is declared twice");
            }
            axes.put(name, new ArrayList<>(Arrays.asList(perAxis)));
            shapes.put(name, shape);
            return this;
        }

        /** The validated spec. */
        public PermutationSpec build() {
            return new PermutationSpec(this);
        }
    }
}

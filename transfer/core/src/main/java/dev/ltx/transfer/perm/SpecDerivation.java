package dev.ltx.transfer.perm;

import dev.ltx.autograd.Var;
import dev.ltx.nn.Module;
import dev.ltx.nn.NamedParameter;
import dev.ltx.nn.layers.AvgPool2d;
import dev.ltx.nn.layers.BasicBlock;
import dev.ltx.nn.layers.BatchNorm2d;
import dev.ltx.nn.layers.Conv2d;
import dev.ltx.nn.layers.ConvNormBlock;
import dev.ltx.nn.layers.Flatten;
import dev.ltx.nn.layers.Identity;
import dev.ltx.nn.layers.Linear;
import dev.ltx.nn.layers.MaxPool2d;
import dev.ltx.nn.layers.ReLU;
import dev.ltx.nn.layers.Sequential;
import dev.ltx.nn.models.ConvNet;
import dev.ltx.nn.models.Mlp;
import dev.ltx.nn.models.ResNet18;
import dev.ltx.nn.models.json.DescribedModel;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Derives a {@link PermutationSpec} by following the data flow through a model's layers: a
 * "slot" is the set of units carried from one layer to the next. Every Linear/Conv2d creates a
 * new slot for its outputs (axis 0 of weight and bias) and consumes the incoming slot on its
 * input axis (axis 1); BatchNorm2d γ/β take the incoming slot; ReLU and pools pass it through. A
 * residual block's shortcut and second conv write into one shared stream slot (the block's input
 * slot when the shortcut is the identity). A slot is dropped (its axes become unpermuted) when it
 * reaches the network output or a flatten that mixes channels with spatial positions. Parameters
 * are found by identity of their vars, so no parameter name is ever typed.
 *
 * <p>Group names: MLPs, plain sequential chains and described models without convolutions use
 * {@code c1, c2, …} (the official 2-MLP has {@code c1}); conv nets, ResNets and described models
 * with convolutions use the official {@code c<size>-<k>} (k-th group of that size) and, for
 * residual streams, {@code c<size>}.
 */
final class SpecDerivation {
    private static final class Slot {
        final int size;
        final boolean stream;
        boolean dropped;
        String name;

        Slot(int size, boolean stream) {
            this.size = size;
            this.stream = stream;
        }
    }

    private final Map<Var, String> names = new IdentityHashMap<>();
    private final List<Slot> slots = new ArrayList<>();
    private final Map<String, Slot[]> bindings = new HashMap<>();
    private final Module root;
    private boolean pendingFlatten;

    private SpecDerivation(Module root) {
        this.root = root;
        for (NamedParameter p : root.namedParameters()) {
            names.put(p.param(), p.name());
        }
    }

    static PermutationSpec derive(Module model) {
        SpecDerivation d = new SpecDerivation(model);
        boolean ordinal;
        Slot out;
        if (model instanceof Mlp m) {
            ordinal = true;
            out = d.linear(m.linear2(), d.linear(m.linear1(), null));
        } else if (model instanceof ConvNet c) {
            ordinal = false;
            Slot features = d.walk(c.convs(), null);
            if (c.headMixesPositions()) {
                d.drop(features); // the flatten of C×H×W mixes channels with positions (Conv4)
                features = null;
            }
            out = d.walk(c.linear(), features);
        } else if (model instanceof ResNet18 r) {
            ordinal = false;
            Slot s = d.convNorm(r.convnb1(), null, d.newSlot(r.convnb1().conv().outChannels(), true)); // stem opens a stream
            for (Sequential layer : r.layers()) {
                s = d.walk(layer, s);
            }
            out = d.linear(r.linear(), s);
        } else if (model instanceof Sequential seq) {
            ordinal = true;
            out = d.walk(seq, null);
        } else if (model instanceof DescribedModel dm) {
            ordinal = !dm.description().convolutional();
            out = d.walkAll(dm.layers(), null);
        } else {
            throw new IllegalArgumentException("no permutation spec derivation for model type "
                    + model.getClass().getName() + " (supported: Mlp, ConvNet, ResNet18, DescribedModel, Sequential chains)");
        }
        d.drop(out); // the network's output units (classes) are never permuted
        return d.build(ordinal);
    }

    // ---------------------------------------------------------------- walking

    /** Follows {@code m} (any supported layer or container) from input slot {@code in}; returns its output slot. */
    private Slot walk(Module m, Slot in) {
        if (m instanceof Sequential seq) {
            return walkAll(seq.layers(), in);
        } else if (m instanceof Linear l) {
            return linear(l, in);
        } else if (m instanceof Conv2d c) {
            return conv(c, in, null);
        } else if (m instanceof BatchNorm2d bn) {
            return norm(bn, in);
        } else if (m instanceof ConvNormBlock cn) {
            return convNorm(cn, in, null);
        } else if (m instanceof BasicBlock b) {
            return block(b, in);
        } else if (m instanceof Flatten) {
            pendingFlatten = true;
            return in;
        } else if (m instanceof ReLU || m instanceof MaxPool2d || m instanceof AvgPool2d || m instanceof Identity) {
            return in; // per-channel (or elementwise) and stateless: units keep their identity
        }
        throw new IllegalArgumentException("no permutation spec derivation for layer type " + m.getClass().getName()
                + " inside " + root.getClass().getSimpleName());
    }

    /** Follows {@code layers} in order from input slot {@code in}; returns the last output slot. */
    private Slot walkAll(List<Module> layers, Slot in) {
        Slot s = in;
        for (Module layer : layers) {
            s = walk(layer, s);
        }
        return s;
    }

    private Slot linear(Linear l, Slot in) {
        Slot input = consume(in, l.inFeatures(), l);
        Slot out = newSlot(l.outFeatures(), false);
        bind(l.weight(), out, input);
        if (l.hasBias()) {
            bind(l.bias(), out);
        }
        return out;
    }

    /** A conv from {@code in} whose outputs go to {@code into}, or to a new slot when that is null. */
    private Slot conv(Conv2d c, Slot in, Slot into) {
        Slot input = consume(in, c.inChannels(), c);
        Slot out = into != null ? into : newSlot(c.outChannels(), false);
        if (out.size != c.outChannels()) {
            throw new IllegalArgumentException(c + " writes " + c.outChannels() + " units into a residual stream of "
                    + out.size + " in " + root.getClass().getSimpleName());
        }
        bind(c.weight(), out, input, null, null);
        if (c.hasBias()) {
            bind(c.bias(), out);
        }
        return out;
    }

    private Slot norm(BatchNorm2d bn, Slot in) {
        Slot input = consume(in, bn.numFeatures(), bn);
        if (bn.isAffine()) {
            bind(bn.weight(), input);
            bind(bn.bias(), input);
        }
        return input;
    }

    private Slot convNorm(ConvNormBlock cn, Slot in, Slot into) {
        return norm(cn.norm(), conv(cn.conv(), in, into));
    }

    /** relu(convnb2(relu(convnb1(x))) + shortcut(x)): convnb2 and the shortcut share the stream slot. */
    private Slot block(BasicBlock b, Slot in) {
        Slot inner = convNorm(b.convnb1(), in, null);
        Slot stream = b.projection().isPresent()
                ? convNorm(b.projection().get(), in, newSlot(b.planes(), true))
                : in; // identity shortcut: the block writes back into its input's units
        if (stream == null) {
            // identity shortcut on an unpermuted stream: convnb2's outputs stay unpermuted too
            Slot fixed = newSlot(b.planes(), true);
            drop(fixed);
            convNorm(b.convnb2(), inner, fixed);
            return null;
        }
        convNorm(b.convnb2(), inner, stream);
        return stream;
    }

    /**
     * The slot a layer expecting {@code expected} input units can consume: {@code in}, or null
     * when there is none or a flatten mixed it with spatial positions (then it is dropped).
     */
    private Slot consume(Slot in, int expected, Module layer) {
        boolean flattened = pendingFlatten;
        pendingFlatten = false;
        if (in == null || in.dropped) {
            return null;
        }
        if (in.size == expected) {
            return in;
        }
        if (flattened) {
            drop(in);
            return null;
        }
        throw new IllegalArgumentException(layer + " expects " + expected + " input units but the preceding layer of "
                + root.getClass().getSimpleName() + " produces " + in.size);
    }

    private Slot newSlot(int size, boolean stream) {
        Slot s = new Slot(size, stream);
        slots.add(s);
        return s;
    }

    private void drop(Slot s) {
        if (s != null) {
            s.dropped = true;
        }
    }

    private void bind(Var v, Slot... perAxis) {
        String name = names.get(v);
        if (name == null) {
            throw new IllegalStateException("a parameter of " + root.getClass().getSimpleName()
                    + " reached by the structure walk is not among its named parameters");
        }
        if (bindings.put(name, perAxis) != null) {
            throw new IllegalArgumentException("parameter " + name + " is reached twice by the structure walk");
        }
    }

    // ---------------------------------------------------------------- assembling

    private PermutationSpec build(boolean ordinal) {
        PermutationSpec.Builder b = PermutationSpec.builder();
        Map<Slot, PermutationGroup> groups = new IdentityHashMap<>();
        Map<Integer, Integer> perSize = new HashMap<>();
        Map<String, Integer> taken = new LinkedHashMap<>();
        int ordinalCount = 0;
        for (Slot s : slots) {
            if (s.dropped) {
                continue;
            }
            String name;
            if (ordinal) {
                name = "c" + (++ordinalCount);
            } else if (s.stream) {
                name = "c" + s.size;
            } else {
                name = "c" + s.size + "-" + perSize.merge(s.size, 1, Integer::sum);
            }
            int dup = taken.merge(name, 1, Integer::sum);
            if (dup > 1) {
                name = name + "r" + dup; // a stream size repeated (width factors): keep names unique
            }
            groups.put(s, b.group(name, s.size));
        }
        for (NamedParameter p : root.namedParameters()) {
            Slot[] axes = bindings.get(p.name());
            if (axes == null) {
                continue; // reported by requireCovers, naming the parameter
            }
            PermutationGroup[] perAxis = new PermutationGroup[p.param().shape().rank()];
            if (axes.length != perAxis.length) {
                throw new IllegalArgumentException("parameter " + p.name() + " " + p.param().shape() + " has "
                        + perAxis.length + " axes but the structure walk assigned " + axes.length);
            }
            for (int a = 0; a < axes.length; a++) {
                perAxis[a] = axes[a] == null || axes[a].dropped ? null : groups.get(axes[a]);
            }
            b.param(p.name(), p.param().shape(), perAxis);
        }
        return b.build();
    }
}

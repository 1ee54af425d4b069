package dev.ltx.nn.models.json;

import dev.ltx.autograd.Var;
import dev.ltx.nn.LayerInit;
import dev.ltx.nn.Module;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A network built from a {@link ModelDescription}: its layers run in order, each registered under
 * its dotted name (a layer named {@code features.0} lives in a stateless container
 * {@code features}), so the state dict carries exactly the names PyTorch gives the same network,
 * e.g. {@code features.0.weight}, {@code features.1.running_mean}, {@code classifier.bias}.
 */
public final class DescribedModel extends Module {
    private final ModelDescription description;
    private final List<Module> layers;

    DescribedModel(ModelDescription description, LayerInit init) {
        this.description = description;
        List<Module> built = new ArrayList<>(description.layers().size());
        for (LayerSpec spec : description.layers()) {
            Module layer = spec.build(init);
            register(spec.name().split("\\."), layer);
            built.add(layer);
        }
        this.layers = Collections.unmodifiableList(built);
    }

    private void register(String[] path, Module layer) {
        if (path.length == 1) {
            addChild(path[0], layer);
            return;
        }
        Container c = child(this, path[0]);
        for (int i = 1; i < path.length - 1; i++) {
            c = c.sub(path[i]);
        }
        c.put(path[path.length - 1], layer);
    }

    private Container child(Module parent, String name) {
        for (var m : parent.children()) {
            if (m.name().equals(name)) {
                return (Container) m.module();
            }
        }
        return addChild(name, new Container());
    }

    @Override
    public Var forward(Var x) {
        Var y = x;
        for (Module m : layers) {
            y = m.forward(y);
        }
        return y;
    }

    /** The description this model was built from. */
    public ModelDescription description() {
        return description;
    }

    /** The layers in execution order (unmodifiable). */
    public List<Module> layers() {
        return layers;
    }

    @Override
    public String toString() {
        return "DescribedModel(" + description.name() + ")";
    }

    /** A stateless namespace holding layers whose names share a prefix; it is never run itself. */
    private static final class Container extends Module {
        Container sub(String name) {
            for (var m : children()) {
                if (m.name().equals(name)) {
                    return (Container) m.module();
                }
            }
            return addChild(name, new Container());
        }

        void put(String name, Module layer) {
            addChild(name, layer);
        }

        @Override
        public Var forward(Var x) {
            throw new UnsupportedOperationException("a name container is not a layer");
        }
    }
}

package dev.ltx.nn.layers;

import dev.ltx.autograd.Var;
import dev.ltx.nn.Module;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Runs its layers in order. Children are named {@code "0"}, {@code "1"}, ... as in PyTorch, so a
 * conv at index 5 of a sequential named {@code convs} owns {@code convs.5.weight}.
 */
public final class Sequential extends Module {
    private final List<Module> layers;

    public Sequential(Module... layers) {
        this(List.of(layers));
    }

    public Sequential(List<? extends Module> layers) {
        List<Module> list = new ArrayList<>(layers.size());
        for (int i = 0; i < layers.size(); i++) {
            list.add(addChild(Integer.toString(i), layers.get(i)));
        }
        this.layers = Collections.unmodifiableList(list);
    }

    @Override
    public Var forward(Var x) {
        Var y = x;
        for (Module m : layers) {
            y = m.forward(y);
        }
        return y;
    }

    /** The layer at {@code index}. */
    public Module get(int index) {
        return layers.get(index);
    }

    public int size() {
        return layers.size();
    }

    /** The layers in order (unmodifiable). */
    public List<Module> layers() {
        return layers;
    }
}

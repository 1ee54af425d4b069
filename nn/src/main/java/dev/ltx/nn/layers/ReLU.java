package dev.ltx.nn.layers;

import dev.ltx.autograd.F;
import dev.ltx.autograd.Var;
import dev.ltx.nn.Module;

/** Elementwise {@code max(x, 0)}; no state. */
public final class ReLU extends Module {
    @Override
    public Var forward(Var x) {
        return F.relu(x);
    }
}

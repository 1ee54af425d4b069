package dev.ltx.nn.layers;

import dev.ltx.autograd.Var;
import dev.ltx.nn.Module;

/** Returns its input unchanged; no state (e.g. a residual block's plain shortcut). */
public final class Identity extends Module {
    @Override
    public Var forward(Var x) {
        return x;
    }
}

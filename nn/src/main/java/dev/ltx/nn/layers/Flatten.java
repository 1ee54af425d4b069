package dev.ltx.nn.layers;

import dev.ltx.autograd.F;
import dev.ltx.autograd.Var;
import dev.ltx.nn.Module;

/** Keeps axis 0 and flattens the rest row-major: (N, d1, d2, ...) → (N, d1·d2·...); no state. */
public final class Flatten extends Module {
    @Override
    public Var forward(Var x) {
        if (x.shape().rank() < 1) {
            throw new IllegalArgumentException("Flatten needs an input with a batch axis, got " + x.shape());
        }
        return F.flatten(x);
    }
}

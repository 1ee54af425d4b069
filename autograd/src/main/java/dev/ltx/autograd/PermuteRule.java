package dev.ltx.autograd;

import dev.ltx.engine.Backend;

/** Reorders axes (output axis i is input axis perm[i]); backward applies the inverse order. */
final class PermuteRule {
    private PermuteRule() {
    }

    static Var apply(Var x, int... perm) {
        Backend b = x.backend();
        int rank = x.shape().rank();
        if (perm.length != rank) {
            throw new IllegalArgumentException("permute: " + perm.length + " axes given for shape " + x.shape());
        }
        int[] p = perm.clone();
        int[] inverse = new int[rank];
        for (int i = 0; i < rank; i++) {
            inverse[x.shape().axis(p[i])] = i;
        }
        return Var.fromOp("permute", b.permute(x.value(), p), g -> x.accumulateOwned(b.permute(g, inverse)), x);
    }
}

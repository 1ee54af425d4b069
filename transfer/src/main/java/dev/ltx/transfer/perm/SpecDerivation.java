package dev.ltx.transfer.perm;

import dev.ltx.nn.Module;

/** Derives a {@link PermutationSpec} from a model's structure (stub; filled in next). */
final class SpecDerivation {
    private SpecDerivation() {
    }

    static PermutationSpec derive(Module model) {
        throw new UnsupportedOperationException("spec derivation for " + model.getClass().getName() + " not implemented yet");
    }
}

package dev.ltx.transfer.perm;

/**
 * One permutation symmetry of a network: a set of hidden units (or channels) of {@code size} that
 * can be reordered together without changing the function, e.g. the output channels of a conv, the
 * matching input channels of the next conv and the per-channel batch-norm parameters in between.
 *
 * @param name unique name within its {@link PermutationSpec} (official style: {@code c64-1}, {@code c128})
 * @param size number of units permuted
 */
public record PermutationGroup(String name, int size) {
    public PermutationGroup {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("a permutation group needs a non-empty name");
        }
        if (size < 1) {
            throw new IllegalArgumentException("permutation group '" + name + "' needs a positive size, got " + size);
        }
    }
}

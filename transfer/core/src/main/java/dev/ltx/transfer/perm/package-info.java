/**
 * Permutation symmetries of a network: {@link dev.ltx.transfer.perm.PermutationSpec} (which axis
 * of which parameter each {@link dev.ltx.transfer.perm.PermutationGroup} reorders), derived from
 * a model's structure and validated; {@link dev.ltx.transfer.perm.Permutations} (one index array
 * per group, gather convention: new slice i = old slice perm[i]); and
 * {@link dev.ltx.transfer.perm.PermutationApplier}, which permutes a state dict.
 */
package dev.ltx.transfer.perm;

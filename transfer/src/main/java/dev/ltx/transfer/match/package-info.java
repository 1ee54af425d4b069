/**
 * Git Re-basin weight matching: coordinate descent over the permutation groups of a
 * {@link dev.ltx.transfer.perm.PermutationSpec}, each step a maximizing linear assignment problem
 * solved exactly by {@link dev.ltx.transfer.lap.LinearAssignment}.
 */
package dev.ltx.transfer.match;

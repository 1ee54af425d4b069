/**
 * Git Re-basin weight matching: coordinate descent over the permutation groups of a
 * {@link dev.ltx.transfer.perm.PermutationSpec}, each step a maximizing linear assignment problem
 * solved exactly by {@link dev.ltx.transfer.lap.LinearAssignment}.
 *
 * <p>Work is not repeated: cost terms that depend on no other group's permutation are summed once
 * per call, and across calls on a growing pair list (FGMT) with a
 * {@link dev.ltx.transfer.match.MatchCache}; a group whose cost matrix is unchanged keeps its
 * assignment instead of being solved again; a group solved again can start from its previous
 * duals ({@link dev.ltx.transfer.match.MatchOptions#warmStart()}).
 */
package dev.ltx.transfer.match;

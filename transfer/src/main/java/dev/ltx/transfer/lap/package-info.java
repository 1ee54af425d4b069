/**
 * Exact linear assignment: the Jonker-Volgenant algorithm (R. Jonker, A. Volgenant, "A shortest
 * augmenting path algorithm for dense and sparse linear assignment problems", Computing 38, 1987).
 *
 * <p>Entry point: {@link dev.ltx.transfer.lap.LinearAssignment}; result:
 * {@link dev.ltx.transfer.lap.LapResult} (assignment, inverse, total, dual potentials that
 * certify optimality); infeasible inputs: {@link dev.ltx.transfer.lap.InfeasibleAssignmentException}.
 *
 * <p>Phases ({@code JonkerVolgenant}, one method each): column reduction, reduction transfer,
 * two passes of augmenting row reduction under a step budget, then a Dijkstra-like shortest
 * augmenting path per remaining free row that scans every column at the current minimum
 * distance. The O(n) inner loops ({@code SapKernel}) are dense, branch-light Vector API loops over
 * row-major data; no sentinel "large" constants are used: {@code +inf} is the only infinity and
 * forbidden pairs are handled exactly.
 *
 * <p>Ties: lowest index wins (column minima go to the lowest row; among equal reduced costs a
 * free column is preferred, then the lowest index; paths end at the lowest-index free column at
 * the final distance). A constant matrix yields the identity.
 *
 * <p>This package depends only on the JDK (including {@code jdk.incubator.vector}); it imports
 * nothing from the ltx engine.
 */
package dev.ltx.transfer.lap;

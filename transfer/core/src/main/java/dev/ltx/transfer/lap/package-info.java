/**
 * Exact linear assignment: the Jonker-Volgenant algorithm (R. Jonker, A. Volgenant, "A shortest
 * augmenting path algorithm for dense and sparse linear assignment problems", Computing 38, 1987).
 *
 * <p>Entry point: {@link dev.ltx.transfer.lap.LinearAssignment}; result:
 * {@link dev.ltx.transfer.lap.LapResult} (assignment, inverse, total, dual potentials that
 * certify optimality); infeasible inputs: {@link dev.ltx.transfer.lap.InfeasibleAssignmentException};
 * {@link dev.ltx.transfer.lap.LinearAssignment#solveFinite} for float matrices that must be finite
 * throughout (the weight matching's cost sums): {@link dev.ltx.transfer.lap.NonFiniteCostException},
 * found by the range pass the solver makes anyway.
 *
 * <p>Phases ({@code JonkerVolgenant}, one method each): column reduction, reduction transfer,
 * two passes of augmenting row reduction under a step budget, then a Dijkstra-like shortest
 * augmenting path per remaining free row that scans every column at the current minimum
 * distance.
 *
 * <p>Warm start for tie-heavy matrices ({@code AuctionWarmStart}, {@code AuctionKernel}): for
 * square problems without forbidden entries, when the column reduction leaves more than half the
 * rows free (low rank: weight matching on gradients, {@code A = G1 H1ᵀ + G2ᵀ H2}, rank about 140
 * with exactly-zero rows and columns from dead ReLU units), or when {@code n >= 2048}, reduction
 * transfer and augmenting row reduction are replaced by an ε-scaling auction on float data (a
 * float input matrix read in place, its sign applied on the fly; else a float copy of
 * the matrix) (ε from range/8 down to 1e-5 of the range, factor 8 per phase). It only supplies
 * column duals: each row keeps its auction column when that is an exact minimum of its reduced
 * costs (after raising the column's dual by the row's slack), every other row is left to the
 * exact shortest path phase, so the optimum and the dual certificate are those of plain JV (that
 * repair, {@code TightAssignments}, reads each row once, rows split over threads, through a float
 * screen that finds the columns near its minimum, or takes them from the row's candidate list when
 * that holds them all, and then looks at those columns only: bit for
 * bit the result of two full double passes). With
 * near-optimal duals the remaining paths are short: on the real MNIST 2-MLP gradient matrices
 * (n = 4096) the solve went from about 30 s (scipy's {@code linear_sum_assignment}: 28-31 s) to
 * about 0.5-0.7 s; uniform n = 2048 and 4096 also got faster. Zero rows and columns need no
 * special case: they are ties like any other, which the auction's ε resolves. In warm starts from
 * n = 256 the bids go through per-row candidate lists ({@code CandidateLists}): the columns whose reduced cost
 * was below a threshold when the list was built, valid while prices only fall (they do, within an
 * auction), so a bid reads a few dozen entries instead of a row and gives exactly the full scan's
 * answer; a row whose list can no longer vouch for its best two columns is rebuilt from one
 * vectorized pass. On the FGMT matrices this cut the ten warm solves of a transfer from 4.7-5.6 s
 * to about 3 s. The O(n) inner loops ({@code SapKernel}) are dense, branch-light Vector API loops over
 * row-major data, and a square float matrix is read in place by their float-row twins ({@code SapFloatKernel},
 * each entry widened as it is loaded: the same doubles, half the bytes, no 128 MiB double copy at n = 4096);
 * no sentinel "large" constants are used: {@code +inf} is the only infinity and
 * forbidden pairs are handled exactly.
 *
 * <p>JIT: until C2 compiles them, the Vector API kernels run a boxed Java fallback tens of times
 * slower, so commands that match weights start {@code LapWarmup} in the background; the kernels
 * use the preferred vector width, the engine's, because a second width in the same JVM left calls
 * in that fallback (FGMT's auction ran about twice as slowly while these kernels were 256-bit and
 * the engine's 512-bit); and the float kernels store no vectors (when they did, at 256 bits, C2
 * failed to intrinsify the stores, which left the candidate-list rebuilds in the fallback).
 * The row-minimum kernels ({@code SapKernel.rowMin}, {@code SapFloatKernel.rowMin},
 * {@code AuctionKernel.rowMin}) must not be
 * inlined into their callers, where C2 may box every vector (GBs of garbage per FGMT transfer); the
 * {@code ltx} launcher passes {@code -XX:CompileCommand=quiet
 * -XX:CompileCommand=dontinline,dev.ltx.transfer.lap.SapKernel::rowMin
 * -XX:CompileCommand=dontinline,dev.ltx.transfer.lap.SapFloatKernel::rowMin
 * -XX:CompileCommand=dontinline,dev.ltx.transfer.lap.AuctionKernel::rowMin}, and an application
 * embedding the library for large problems should pass the same options (results never depend on
 * them, only allocation and time). Even out of line, C2 sometimes kept a vector carried from one
 * loop step to the next boxed (2-6 GB per FGMT transfer in about one run in three), so the
 * row-minimum loops of {@code SapFloatKernel} and {@code AuctionKernel} carry a scalar instead.
 *
 * <p>Warm start ({@code LinearAssignment.solve(cost, n, n, maximize, columnPotentials)}): the
 * column reduction is replaced by the given potentials; then the auction (skipping its three
 * coarsest ε phases), or, where the auction is not used, a greedy start (each row, in order, takes
 * its lowest-index minimum reduced-cost column if still free) and augmenting row reduction; then
 * the exact shortest paths. On the FGMT
 * gradient matrices (n = 4096, step t started from step t − 1's duals) this halves the auction's
 * bids (37-93k instead of 100-145k per solve). Any start gives an optimum with a certificate.
 *
 * <p>Ties: lowest index wins (column minima go to the lowest row; among equal reduced costs a
 * free column is preferred, then the lowest index; paths end at the lowest-index free column at
 * the final distance). A constant matrix yields the identity.
 *
 * <p>Threads ({@code RowSplit}): the passes that read a whole large matrix once, the float range
 * scan and the repair's windows, run in row ranges on the caller and the common fork-join pool, up
 * to {@link dev.ltx.transfer.lap.LinearAssignment#setMaxThreads} (default {@code -Dltx.threads},
 * else every core); each range writes only its own outputs, so results never depend on the split.
 * In a cold auction with candidate lists a second thread ({@code ListPrefetcher}) rebuilds the lists of
 * the rows about to bid while the auction bids; every bid is still the full scan's, so results never
 * depend on it either. Everything else is sequential.
 *
 * <p>This package depends only on the JDK (including {@code jdk.incubator.vector}); it imports
 * nothing from the ltx engine.
 */
package dev.ltx.transfer.lap;

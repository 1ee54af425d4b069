package dev.ltx.engine;

/**
 * One weight-matching cost contribution {@code scale · T(axis) · S(axis)ᵀ}, as {@link Backend#addMatchCost}
 * adds it: {@code X(axis)} is X with {@code axis} moved first and viewed as (n, rest).
 *
 * @param t     the target-side tensor
 * @param s     the source-side tensor, of t's shape and dtype
 * @param axis  the permuted axis (negative counts from the end)
 * @param scale the factor of the product
 */
public record MatchCostTerm(Tensor t, Tensor s, int axis, double scale) {
}

/**
 * Reverse-mode automatic differentiation over the {@link dev.ltx.engine.Backend} op set: variables recording a graph, one rule class per op (forward beside backward), no-grad scopes and float64 finite-difference gradient checking.
 */
package dev.ltx.autograd;

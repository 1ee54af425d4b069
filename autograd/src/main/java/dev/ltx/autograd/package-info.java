/**
 * Reverse-mode automatic differentiation over the {@link dev.ltx.engine.Backend} op set: variables ({@link dev.ltx.autograd.Var}) recording a graph that is freed after each backward pass, one package-private rule class per op (forward beside backward) behind the static facade {@link dev.ltx.autograd.F}, thread-local no-grad scopes ({@link dev.ltx.autograd.NoGrad}) and float64 finite-difference gradient checking ({@link dev.ltx.autograd.GradCheck}).
 */
package dev.ltx.autograd;

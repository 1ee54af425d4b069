package dev.ltx.engine;

/** Reductions over axes. */
public enum ReduceOp { SUM, MEAN, MAX }

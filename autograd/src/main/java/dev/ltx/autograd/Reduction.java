package dev.ltx.autograd;

/** How a per-sample loss is reduced over the batch. */
public enum Reduction {
    /** Mean over the samples: a scalar. */
    MEAN,
    /** Sum over the samples: a scalar. */
    SUM,
    /** No reduction: one loss per sample. */
    NONE
}

package dev.ltx.transfer.experiments;

/** What a report shows beside its summary table and claim checks. */
public enum Analysis {
    /** Figure 5: validation accuracy vs transfer step, mean ± std band per method. */
    TRANSFER_CURVES,
    /** Figure 6: validation accuracy per fine-tuning epoch per method, beside standard training. */
    FINE_TUNING_CURVES,
    /** The cost table: gradient and matching seconds as a percentage of one source training run. */
    COST,
    /**
     * Figure 7: validation loss along the lines from the fine-tuned target to FGMT+FT, the permuted
     * fine-tuned source and Naive+FT, with barrier heights ({@link BasinStudy}); opt-in.
     */
    BASIN,
    /**
     * Appendix E.2: the trained source ensembled with the fully trained target and with GMT/FGMT
     * after fine-tuning, test accuracy and prediction disagreement ({@link EnsembleStudy}); opt-in.
     */
    ENSEMBLE
}

package dev.ltx.transfer.experiments;

/** Where the two initializations of a seed pair come from (paper §4; reference.md §9). */
public enum Scenario {
    /** Both runs start from random inits (their seeds); Figure 5 a–c and the random-init panel of Figure 6. */
    RANDOM_INIT,
    /**
     * Both runs fine-tune pre-trained models with fresh heads (Figure 5 d–f): see {@link Pretraining};
     * the source's fine-tuning trajectory is transferred.
     */
    PRETRAINED
}

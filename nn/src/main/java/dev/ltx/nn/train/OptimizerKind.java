package dev.ltx.nn.train;

import java.util.Locale;

/** The optimizers a training run can use. */
public enum OptimizerKind {
    /** {@link dev.ltx.nn.optim.Sgd}: the paper's source-training optimizer. */
    SGD,
    /** {@link dev.ltx.nn.optim.AdamW}: the official fine-tuning optimizer. */
    ADAMW;

    /** The command-line name ({@code sgd}, {@code adamw}). */
    public String cliName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses {@code sgd} or {@code adamw} (case-insensitive). */
    public static OptimizerKind parse(String name) {
        String key = name.trim().toLowerCase(Locale.ROOT);
        for (OptimizerKind k : values()) {
            if (k.cliName().equals(key)) {
                return k;
            }
        }
        throw new IllegalArgumentException("unknown optimizer '" + name + "'; choose one of sgd, adamw");
    }
}

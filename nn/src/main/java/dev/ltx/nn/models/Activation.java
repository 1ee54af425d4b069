package dev.ltx.nn.models;

/** Hidden activation of the {@link Mlp}. */
public enum Activation {
    /** ReLU between the layers (the paper's description; ltx's default). */
    RELU,
    /** No activation: the official code's linear network. */
    NONE
}

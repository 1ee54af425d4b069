package dev.ltx.transfer.cli;

import dev.ltx.nn.LayerInit;
import dev.ltx.nn.Module;
import dev.ltx.nn.models.ModelConfig;
import dev.ltx.nn.models.ModelKind;
import dev.ltx.nn.models.Models;
import dev.ltx.nn.models.json.ModelDescription;

/**
 * The model named on the command line: a built-in kind with its settings, or a JSON-described
 * network (exactly one of {@code builtin} and {@code described} is set).
 *
 * @param label     how reports name it ({@code mlp} or the description's file)
 * @param builtin   the built-in model's config, or null
 * @param described the user's description, or null
 */
record ModelChoice(String label, ModelConfig builtin, ModelDescription described) {
    ModelChoice {
        if ((builtin == null) == (described == null)) {
            throw new IllegalArgumentException("a model choice is either built in or described");
        }
    }

    /** A freshly initialized model. */
    Module build(LayerInit init) {
        return builtin != null ? Models.build(builtin, init) : described.build(init);
    }

    /** The input side images are padded to. */
    int imageSize() {
        return builtin != null ? builtin.imageSize() : described.height();
    }

    /** Whether fine-tuning takes the MLP recipe (SGD) rather than the CNN one (AdamW). */
    boolean mlpRecipe() {
        return builtin != null ? builtin.kind() == ModelKind.MLP : !described.convolutional();
    }
}

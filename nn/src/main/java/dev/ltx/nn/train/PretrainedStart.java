package dev.ltx.nn.train;

import dev.ltx.engine.Backend;
import dev.ltx.engine.DType;
import dev.ltx.engine.Shape;
import dev.ltx.engine.Tensor;
import dev.ltx.nn.LayerInit;
import dev.ltx.nn.Module;
import dev.ltx.nn.io.SafetensorsReader;
import dev.ltx.nn.io.StrictLoad;
import dev.ltx.nn.models.ModelConfig;
import dev.ltx.nn.models.Models;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The pre-trained scenario's start (paper §4, reference.md §7.4, §9): a run that begins from a
 * pre-trained model's parameters and buffers (its final checkpoint) with a freshly initialized
 * head. The head is the layer that outputs the class logits ({@link Models#headParameterNames});
 * it is drawn from a model built with {@code headSeed}, as the official code re-seeds with
 * 2·seed + 1 before re-initializing it ({@link #officialHeadSeed}). The checkpoint's own head is
 * dropped, so pre-training and fine-tuning may have different class counts. Epoch −1 of such a
 * run is this start: the pre-trained scenario's θ₀.
 *
 * @param checkpoint the pre-trained model's safetensors checkpoint (stored absolute and normalized)
 * @param headSeed   seed of the fresh head's initialization
 */
public record PretrainedStart(Path checkpoint, long headSeed) {
    public PretrainedStart {
        if (checkpoint == null) {
            throw new IllegalArgumentException("a pre-trained start needs a checkpoint");
        }
        checkpoint = checkpoint.toAbsolutePath().normalize();
    }

    /** The official code's head seed for a fine-tuning run with seed {@code seed}: 2·seed + 1 (777 → 1555). */
    public static long officialHeadSeed(long seed) {
        return 2 * seed + 1;
    }

    /**
     * Overwrites {@code model} (built from {@code config}) with the checkpoint's backbone and a
     * fresh head. A checkpoint that is missing, corrupt, holds a non-finite value or does not fit
     * the model fails with an exception naming the file ({@link StrictLoad.StateDictMismatchException}
     * for a checkpoint of another model).
     */
    public void apply(Module model, ModelConfig config, Backend backend) throws IOException {
        Set<String> head = Models.headParameterNames(model);
        Map<String, Tensor> pretrained = SafetensorsReader.readFinite(checkpoint, backend);
        Module fresh = Models.build(config, LayerInit.seeded(backend, DType.F32, headSeed));
        Map<String, Tensor> freshState = fresh.stateDict();
        Map<String, Tensor> state = new LinkedHashMap<>();
        pretrained.forEach((name, t) -> {
            if (!head.contains(name)) {
                state.put(name, t);
            }
        });
        for (String name : head) {
            state.put(name, freshState.get(name));
        }
        Map<String, Shape> expected = new LinkedHashMap<>();
        model.stateDict().forEach((name, t) -> expected.put(name, t.shape()));
        StrictLoad.check(checkpoint + " (pre-trained backbone for " + config.kind().cliName() + ")", expected, state);
        model.loadStateDict(state, true);
    }
}

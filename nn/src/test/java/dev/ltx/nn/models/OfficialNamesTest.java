package dev.ltx.nn.models;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ltx.engine.DType;
import dev.ltx.engine.Shape;
import dev.ltx.engine.cpu.CpuBackend;
import dev.ltx.nn.LayerInit;
import dev.ltx.nn.Module;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Pins every state-dict name and shape of the official architectures (reference.md §6, §7) so
 * that a {@code model_state_dict} of the official code, converted to safetensors, loads unchanged:
 * the expected lists are written out from the official module structure, not derived from ltx.
 */
class OfficialNamesTest {
    private final CpuBackend b = CpuBackend.create();

    private Map<String, Shape> actual(ModelConfig c) {
        Module m = Models.build(c, LayerInit.seeded(b, DType.F32, 0));
        Map<String, Shape> out = new LinkedHashMap<>();
        m.stateDict().forEach((n, t) -> out.put(n, t.shape()));
        return out;
    }

    @Test
    void mlp() {
        // models/networks/mlp.py: linear1 = Linear(784, 4096, bias=False), linear2 = Linear(4096, 10, bias=False)
        Map<String, Shape> want = new LinkedHashMap<>();
        want.put("linear1.weight", Shape.of(4096, 784));
        want.put("linear2.weight", Shape.of(10, 4096));
        assertEquals(want, actual(ModelConfig.defaults(ModelKind.MLP)));
        assertEquals(want, actual(ModelConfig.defaults(ModelKind.MLP).withMlp(4096, Activation.NONE, false)));
    }

    @Test
    void conv8() {
        // models/networks/convs.py: convs = Sequential(conv, relu, conv, relu, pool, ...), linear = 1x1 convs
        Map<String, Shape> want = new LinkedHashMap<>();
        int[][] convs = {{0, 3, 64}, {2, 64, 64}, {5, 64, 128}, {7, 128, 128}, {10, 128, 256}, {12, 256, 256},
            {15, 256, 512}, {17, 512, 512}};
        for (int[] c : convs) {
            want.put("convs." + c[0] + ".weight", Shape.of(c[2], c[1], 3, 3));
            want.put("convs." + c[0] + ".bias", Shape.of(c[2]));
        }
        int[][] head = {{0, 512, 256}, {2, 256, 256}, {4, 256, 10}};
        for (int[] c : head) {
            want.put("linear." + c[0] + ".weight", Shape.of(c[2], c[1], 1, 1));
            want.put("linear." + c[0] + ".bias", Shape.of(c[2]));
        }
        assertEquals(want, actual(ModelConfig.defaults(ModelKind.CONV8)));
    }

    @Test
    void resnet18() {
        // models/networks/resnet.py: convnb1 (ConvNormBlock conv+norm), layer1..4 of BasicBlocks
        // (convnb1, convnb2, shortcut ConvNormBlock when the stride or width changes), linear
        Map<String, Shape> want = new LinkedHashMap<>();
        convNorm(want, "convnb1", 64, 3, 7);
        int in = 64;
        int[] widths = {64, 128, 256, 512};
        for (int s = 0; s < 4; s++) {
            int w = widths[s];
            for (int k = 0; k < 2; k++) {
                String p = "layer" + (s + 1) + "." + k + ".";
                int blockIn = k == 0 ? in : w;
                convNorm(want, p + "convnb1", w, blockIn, 3);
                convNorm(want, p + "convnb2", w, w, 3);
                if (k == 0 && s > 0) {
                    convNorm(want, p + "shortcut", w, blockIn, 1);
                }
            }
            in = w;
        }
        want.put("linear.weight", Shape.of(1000, 512));
        want.put("linear.bias", Shape.of(1000));
        assertEquals(want, actual(ModelConfig.defaults(ModelKind.RESNET18_224)));
    }

    private static void convNorm(Map<String, Shape> m, String prefix, int out, int in, int k) {
        m.put(prefix + ".conv.weight", Shape.of(out, in, k, k));
        m.put(prefix + ".norm.weight", Shape.of(out));
        m.put(prefix + ".norm.bias", Shape.of(out));
        m.put(prefix + ".norm.running_mean", Shape.of(out));
        m.put(prefix + ".norm.running_var", Shape.of(out));
        m.put(prefix + ".norm.num_batches_tracked", Shape.scalar());
    }
}

package dev.ltx.transfer.perm;

import dev.ltx.engine.Backend;
import dev.ltx.engine.DType;
import dev.ltx.engine.Rng;
import dev.ltx.engine.Tensor;
import dev.ltx.nn.LayerInit;
import dev.ltx.nn.Module;
import dev.ltx.nn.layers.Flatten;
import dev.ltx.nn.layers.Linear;
import dev.ltx.nn.layers.ReLU;
import dev.ltx.nn.layers.Sequential;
import dev.ltx.nn.models.Activation;
import dev.ltx.nn.models.ModelConfig;
import dev.ltx.nn.models.ModelKind;
import dev.ltx.nn.models.Models;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Tiny instances of every supported architecture, shared by the perm and match tests. */
public final class TestModels {
    private TestModels() {
    }

    /** A named model factory: input shape (C, S) and a builder. */
    public record Arch(String name, int channels, int size, ModelConfig config) {
        public Module build(Backend b, DType dtype, long seed) {
            if (config == null) {
                return mlpChain(LayerInit.seeded(b, dtype, seed), channels * size * size, 12, 9, 5);
            }
            return Models.build(config, LayerInit.seeded(b, dtype, seed));
        }

        @Override
        public String toString() {
            return name;
        }
    }

    /** Every architecture at tiny widths (fast tests). */
    public static List<Arch> all() {
        ModelConfig mlp = ModelConfig.defaults(ModelKind.MLP).withInput(1, 4).withNumClasses(3);
        return List.of(
                new Arch("mlp-relu", 1, 4, mlp.withMlp(7, Activation.RELU, false)),
                new Arch("mlp-none-bias", 1, 4, mlp.withMlp(7, Activation.NONE, true)),
                new Arch("conv4", 2, 8, conv(ModelKind.CONV4, 8)),
                new Arch("conv6", 2, 8, conv(ModelKind.CONV6, 8)),
                new Arch("conv8", 2, 8, conv(ModelKind.CONV8, 8)),
                new Arch("resnet18-32", 2, 8, conv(ModelKind.RESNET18_32, 8)),
                new Arch("resnet18-224", 2, 16, conv(ModelKind.RESNET18_224, 16)),
                new Arch("sequential-mlp", 1, 4, null));
    }

    private static ModelConfig conv(ModelKind kind, int size) {
        return ModelConfig.defaults(kind).withInput(2, size).withNumClasses(3).withWidthFactor(1.0 / 16);
    }

    /** Flatten → Linear → ReLU → … → Linear (with biases): a generic Sequential chain. */
    public static Sequential mlpChain(LayerInit init, int in, int... widths) {
        List<dev.ltx.nn.Module> layers = new java.util.ArrayList<>();
        layers.add(new Flatten());
        int prev = in;
        for (int i = 0; i < widths.length; i++) {
            layers.add(new Linear(init, prev, widths[i], true));
            if (i < widths.length - 1) {
                layers.add(new ReLU());
            }
            prev = widths[i];
        }
        return new Sequential(layers);
    }

    /** A random permutation of every group of {@code spec}. */
    public static Permutations randomPerms(PermutationSpec spec, Rng rng) {
        Map<String, int[]> m = new LinkedHashMap<>();
        for (PermutationGroup g : spec.groups()) {
            m.put(g.name(), rng.permutation(g.size()));
        }
        return Permutations.of(spec, m);
    }

    /** A tensor of {@code like}'s shape and dtype with uniform(-1, 1) entries. */
    public static Tensor randomLike(Tensor like, Rng rng) {
        double[] d = new double[like.numel()];
        for (int i = 0; i < d.length; i++) {
            d[i] = 2 * rng.nextDouble() - 1;
        }
        return like.backend().cast(like.backend().fromDoubles(d, like.shape()), like.dtype());
    }
}

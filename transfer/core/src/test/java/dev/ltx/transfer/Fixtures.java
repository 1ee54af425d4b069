package dev.ltx.transfer;

import dev.ltx.autograd.Var;
import dev.ltx.engine.Backend;
import dev.ltx.engine.DType;
import dev.ltx.engine.Tensor;
import dev.ltx.engine.cpu.CpuBackend;
import dev.ltx.nn.LayerInit;
import dev.ltx.nn.Module;
import dev.ltx.nn.data.Augmentation;
import dev.ltx.nn.data.Batch;
import dev.ltx.nn.data.DataLoader;
import dev.ltx.nn.data.Dataset;
import dev.ltx.nn.data.Normalization;
import dev.ltx.nn.data.SyntheticDataset;
import dev.ltx.nn.data.TrainValSplit;
import dev.ltx.nn.metrics.Losses;
import dev.ltx.nn.models.Activation;
import dev.ltx.nn.models.Mlp;
import dev.ltx.nn.optim.Sgd;
import dev.ltx.nn.optim.SgdConfig;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Supplier;

/** Tiny synthetic setups for transfer tests: 8×8 one-channel images of 4 classes and a 64-16-4 MLP. */
final class Fixtures {
    static final int CLASSES = 4;
    static final int SIDE = 8;
    static final int HIDDEN = 16;

    private Fixtures() {
    }

    static Backend backend() {
        return new CpuBackend(CpuBackend.Mode.FAST, 1);
    }

    /** Train 480 / validation 120 / test 200 examples, batch 32, evaluation batch 256, no augmentation. */
    static TransferData data() {
        Dataset full = SyntheticDataset.generate("tiny", 600, CLASSES, 1, SIDE, SIDE, 11);
        TrainValSplit split = TrainValSplit.of(full, 0.2, 777);
        Dataset test = SyntheticDataset.generate("tiny-test", 200, CLASSES, 1, SIDE, SIDE, 12);
        return new TransferData(split.train(), split.validation(), test, Normalization.MNIST, Augmentation.identity(),
                32, 256);
    }

    /** A factory of 64-16-4 MLPs (ReLU, no bias) whose init is fixed by {@code seed}. */
    static Supplier<Module> mlp(Backend b, long seed) {
        return () -> new Mlp(LayerInit.seeded(b, DType.F32, seed), SIDE * SIDE, HIDDEN, CLASSES, Activation.RELU, false);
    }

    /** Checkpoints −1..epochs−1 of SGD training (lr 0.05, momentum 0.9) of {@code model}, seeded shuffling. */
    static SortedMap<Integer, Map<String, Tensor>> train(Module model, TransferData data, Backend b, int epochs,
                                                        long seed) {
        SortedMap<Integer, Map<String, Tensor>> out = new TreeMap<>();
        out.put(-1, model.stateDictCopy());
        Sgd opt = new Sgd(model.parameters(), SgdConfig.paper(0.05, 0.0));
        try (DataLoader loader = DataLoader.builder(data.train(), b, data.normalization()).batchSize(data.batchSize())
                .shuffle(true).seed(seed).prefetch(0).build()) {
            for (int e = 0; e < epochs; e++) {
                model.train();
                try (DataLoader.Epoch it = loader.epoch(e)) {
                    while (it.hasNext()) {
                        try (Batch batch = it.next()) {
                            opt.zeroGrad();
                            Losses.crossEntropy(model.forward(Var.constant(batch.images())), batch.labels()).backward();
                            opt.step();
                        }
                    }
                }
                out.put(e, model.stateDictCopy());
            }
        }
        return out;
    }
}

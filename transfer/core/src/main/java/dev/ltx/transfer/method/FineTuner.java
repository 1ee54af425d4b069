package dev.ltx.transfer.method;

import dev.ltx.autograd.Var;
import dev.ltx.engine.Backend;
import dev.ltx.engine.Tensor;
import dev.ltx.nn.Module;
import dev.ltx.nn.data.Batch;
import dev.ltx.nn.data.DataLoader;
import dev.ltx.nn.metrics.Accuracy;
import dev.ltx.nn.metrics.Losses;
import dev.ltx.nn.optim.AdamW;
import dev.ltx.nn.optim.AdamWConfig;
import dev.ltx.nn.optim.Optimizer;
import dev.ltx.nn.optim.Sgd;
import dev.ltx.nn.optim.SgdConfig;
import dev.ltx.transfer.EpochRecord;
import dev.ltx.transfer.FineTuneConfig;
import dev.ltx.transfer.FineTuneResult;
import dev.ltx.transfer.TransferData;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * The standard training loop used after a transfer (reference.md §3.6): per epoch, the learning rate
 * from the schedule, shuffled augmented training batches, mean cross-entropy, backward, optimizer
 * step; then validation accuracy and loss; finally one test evaluation. Batch norms keep whatever
 * momentum the caller set (the official fine-tuning keeps the cumulative average). Each optimizer
 * step runs in its own {@linkplain Backend#openScope() memory scope} that keeps only the optimizer
 * state (as the training loop's steps do), so device memory stays bounded; the whole run has a
 * scope too, which keeps only the result's parameters (the optimizer state is released).
 */
public final class FineTuner {
    private FineTuner() {
    }

    /** Trains {@code model} in place from its current state. */
    public static FineTuneResult train(Module model, int startStep, FineTuneConfig c, TransferData data, Backend backend,
                                       PrintStream log) {
        try (Backend.Scope run = backend.openScope()) {
            FineTuneResult r = trainIn(model, startStep, c, data, backend, log);
            run.keep(r.parameters().values().toArray(Tensor[]::new));
            return r;
        }
    }

    private static FineTuneResult trainIn(Module model, int startStep, FineTuneConfig c, TransferData data,
                                          Backend backend, PrintStream log) {
        Optimizer opt = switch (c.optimizer()) {
            case SGD -> new Sgd(model.parameters(), new SgdConfig(c.schedule().lr(0, 0), c.momentum(), 0.0,
                    c.weightDecay(), false));
            case ADAMW -> new AdamW(model.parameters(), AdamWConfig.of(c.schedule().lr(0, 0), c.weightDecay()));
        };
        List<EpochRecord> epochs = new ArrayList<>();
        long step = 0;
        try (DataLoader loader = new BatchSampler(data, backend).trainingLoader(data.batchSize(), c.seed())) {
            for (int e = 0; e < c.epochs(); e++) {
                c.schedule().apply(opt, e, step);
                double lr = opt.learningRate();
                double lossSum = 0;
                long correct = 0;
                long seen = 0;
                model.train();
                try (DataLoader.Epoch it = loader.epoch(e)) {
                    while (it.hasNext()) {
                        if (c.schedule().perStep()) c.schedule().apply(opt, e, step);
                        try (Backend.Scope scope = backend.openScope(); Batch b = it.next()) {
                            opt.zeroGrad();
                            Var logits = model.forward(Var.constant(b.images()));
                            correct += Accuracy.correct(logits.value(), b.labels());
                            Var loss = Losses.crossEntropy(logits, b.labels());
                            lossSum += loss.item() * b.size();
                            seen += b.size();
                            loss.backward();
                            opt.step();
                            opt.zeroGrad(); // the gradients die with the scope: drop the references
                            scope.keep(opt.stateTensors().toArray(Tensor[]::new));
                            step++;
                        }
                    }
                }
                opt.zeroGrad();
                Evaluation.Metrics v = Evaluation.evaluate(model, data.validation(), data.normalization(),
                        data.evalBatchSize(), backend);
                EpochRecord r = new EpochRecord(e + 1, lr, lossSum / seen, 100.0 * correct / seen, v.accuracy(), v.loss());
                epochs.add(r);
                if (log != null) {
                    log.printf("fine-tune epoch %d/%d: train loss %.4f, train acc %.2f%%, val acc %.2f%%%n", e + 1,
                            c.epochs(), r.trainLoss(), r.trainAccuracy(), r.validationAccuracy());
                }
            }
        }
        double testAcc = Double.NaN;
        double testLoss = Double.NaN;
        if (data.test() != null && data.test().size() > 0) {
            Evaluation.Metrics t = Evaluation.evaluate(model, data.test(), data.normalization(), data.evalBatchSize(),
                    backend);
            testAcc = t.accuracy();
            testLoss = t.loss();
        }
        return new FineTuneResult(startStep, epochs, testAcc, testLoss, ModelState.parameters(model));
    }
}

package dev.ltx.autograd;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ltx.engine.Backend;
import dev.ltx.engine.DType;
import dev.ltx.engine.Init;
import dev.ltx.engine.Rng;
import dev.ltx.engine.Shape;
import dev.ltx.engine.Tensor;
import dev.ltx.engine.cpu.CpuBackend;
import java.util.List;
import org.junit.jupiter.api.Test;

/** End to end in F32 on the fast backend: a 2-layer MLP learns a toy task with manual SGD. */
class MlpTrainingTest {

    @Test
    void twoLayerMlpLossDecreasesUnderSgd() {
        try (Backend b = new CpuBackend(CpuBackend.Mode.FAST, 2)) {
            Rng rng = new Rng(2024);
            int n = 64;
            int in = 5;
            int hidden = 16;
            int classes = 3;
            Tensor x = Init.normal(b, Shape.of(n, in), DType.F32, 0, 1, rng);
            // labels from a fixed random linear teacher, so the task is learnable
            Tensor teacher = Init.normal(b, Shape.of(in, classes), DType.F32, 0, 1, rng);
            Tensor labels = b.argmax(b.matmul(x, teacher, false, false), 1);
            Var w1 = Var.param(Init.uniform(b, Shape.of(hidden, in), DType.F32, -0.4, 0.4, rng));
            Var b1 = Var.param(b.zeros(Shape.of(hidden), DType.F32));
            Var w2 = Var.param(Init.uniform(b, Shape.of(classes, hidden), DType.F32, -0.25, 0.25, rng));
            Var b2 = Var.param(b.zeros(Shape.of(classes), DType.F32));
            List<Var> params = List.of(w1, b1, w2, b2);
            Var input = Var.constant(x);

            double first = Double.NaN;
            double last = Double.NaN;
            for (int step = 0; step < 30; step++) {
                Var logits = F.linear(F.relu(F.linear(input, w1, b1)), w2, b2);
                Var loss = F.crossEntropy(logits, labels);
                loss.backward();
                double value = loss.item();
                if (step == 0) {
                    first = value;
                }
                last = value;
                try (NoGrad ng = NoGrad.enter()) {
                    for (Var p : params) {
                        b.axpy(-0.5, p.grad(), p.value());
                        p.zeroGrad();
                    }
                }
            }
            double start = first;
            double end = last;
            assertTrue(Double.isFinite(end) && end < 0.5 * start, () -> "loss " + start + " -> " + end);
        }
    }
}

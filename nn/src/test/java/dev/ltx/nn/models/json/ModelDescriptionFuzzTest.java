package dev.ltx.nn.models.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.ltx.autograd.Var;
import dev.ltx.engine.DType;
import dev.ltx.engine.Shape;
import dev.ltx.engine.Tensor;
import dev.ltx.engine.cpu.CpuBackend;
import dev.ltx.nn.FuzzSupport;
import dev.ltx.nn.LayerInit;

/**
 * Fuzzes the JSON model-description parser ({@code --model FILE.json}): every input either parses
 * into a {@link ModelDescription} (which validated itself on construction) or fails with the
 * parser's documented {@link ModelDescriptionException}, allocating no more than a small multiple
 * of the input. A description that parses and is small enough to run is also built and run on a
 * zero batch: the shapes the parser derived must be the shapes the layers produce (a description
 * accepted here and refused by the model would fail only later, mid-job). Seeds:
 * {@code src/test/resources/dev/ltx/nn/models/json/ModelDescriptionFuzzTestInputs}.
 */
class ModelDescriptionFuzzTest {
    private static final CpuBackend CPU = new CpuBackend(CpuBackend.Mode.REFERENCE, 1);
    /** Largest per-sample activation (any layer) and parameter count of a description that is also run. */
    private static final long RUN_LIMIT = 1 << 14;

    @FuzzTest(maxDuration = "20s")
    void description(byte[] json) {
        long before = FuzzSupport.allocated();
        ModelDescription d;
        try {
            d = ModelDescriptionParser.parse(json, "fuzz.json");
        } catch (ModelDescriptionException expected) {
            assertTrue(expected.getMessage().startsWith("fuzz.json: "), "the message names the file");
            assertTrue(expected.getMessage().lines().count() == 1, "one line: " + expected.getMessage());
            FuzzSupport.assertAllocationBounded(before, json.length, 64, "a refused description");
            return;
        }
        FuzzSupport.assertAllocationBounded(before, json.length, 64, "a parsed description");
        assertTrue(d.parameterCount() >= 0 && d.parameterCount() <= ModelDescription.MAX_PARAMETERS);
        assertTrue(d.outputs() >= 1);
        if (smallEnoughToRun(d)) {
            run(d);
        }
    }

    private static boolean smallEnoughToRun(ModelDescription d) {
        if (d.parameterCount() > RUN_LIMIT) {
            return false;
        }
        int[] s = {d.channels(), d.height(), d.width()};
        for (LayerSpec l : d.layers()) {
            if (numel(s) > RUN_LIMIT) {
                return false;
            }
            s = l.output(s);
        }
        return numel(s) <= RUN_LIMIT;
    }

    private static long numel(int[] s) {
        long n = 1;
        for (int v : s) {
            n *= v;
        }
        return n;
    }

    /** Builds the model and runs a batch of two zero samples: the output is [2, outputs()] and finite. */
    private static void run(ModelDescription d) {
        DescribedModel m = d.build(LayerInit.seeded(CPU, DType.F32, 1));
        long params = m.parameters().stream().mapToLong(p -> p.value().shape().numel()).sum();
        assertEquals(d.parameterCount(), params, "parameters the description promised");
        Var out = m.forward(Var.constant(CPU.zeros(Shape.of(2, d.channels(), d.height(), d.width()), DType.F32)));
        Tensor y = out.value();
        assertEquals(Shape.of(2, d.outputs()), y.shape(), "output shape the description derived");
        for (float v : y.toFloats()) {
            assertTrue(Float.isFinite(v), "finite output");
        }
    }
}

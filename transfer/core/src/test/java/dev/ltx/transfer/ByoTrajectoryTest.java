package dev.ltx.transfer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ltx.engine.Backend;
import dev.ltx.engine.DType;
import dev.ltx.engine.Tensor;
import dev.ltx.nn.LayerInit;
import dev.ltx.nn.Module;
import dev.ltx.nn.io.CheckpointMismatchException;
import dev.ltx.nn.io.SafetensorsReader;
import dev.ltx.nn.io.SafetensorsWriter;
import dev.ltx.nn.models.json.ModelDescription;
import dev.ltx.nn.models.json.ModelDescriptionException;
import dev.ltx.nn.models.json.ModelDescriptionParser;
import dev.ltx.transfer.method.Evaluation;
import dev.ltx.transfer.perm.PermutationSpec;
import dev.ltx.transfer.trajectory.ParameterMaps;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bring your own trajectory: source and target trajectories as plain safetensors files (as PyTorch
 * saves them), checked against the model before any work, and user-defined JSON models.
 */
class ByoTrajectoryTest {
    private static final Backend B = Fixtures.backend();
    private static final TransferData DATA = Fixtures.data();
    @TempDir
    static Path dir;
    private static SortedMap<Integer, Map<String, Tensor>> source;
    private static SortedMap<Integer, Map<String, Tensor>> target;
    private static List<Path> sourceF64;
    private static List<Path> targetF32;

    static final String MLP_JSON = """
            {"name": "mlp", "input": [1, 8, 8], "layers": [
              {"type": "Flatten"},
              {"type": "Linear", "name": "linear1", "in": 64, "out": 16, "bias": false},
              {"type": "ReLU", "name": "relu"},
              {"type": "Linear", "name": "linear2", "in": 16, "out": 4, "bias": false}]}""";

    static final String CNN_JSON = """
            {"name": "cnn-bn", "input": [1, 8, 8], "layers": [
              {"type": "Conv2d", "name": "features.0", "in": 1, "out": 6, "kernel": 3, "padding": 1, "bias": false},
              {"type": "BatchNorm2d", "name": "features.1", "features": 6},
              {"type": "ReLU", "name": "features.2"},
              {"type": "MaxPool2d", "name": "features.3", "kernel": 2},
              {"type": "BasicBlock", "name": "block", "in": 6, "planes": 8, "stride": 2},
              {"type": "AvgPool2d", "name": "pool", "kernel": 2},
              {"type": "Flatten", "name": "flatten"},
              {"type": "Linear", "name": "classifier", "in": 8, "out": 4}]}""";

    @BeforeAll
    static void trajectories() throws IOException {
        source = Fixtures.train(Fixtures.mlp(B, 1).get(), DATA, B, 2, 5);
        target = Fixtures.train(Fixtures.mlp(B, 2).get(), DATA, B, 2, 6);
        sourceF64 = write(source, "s", DType.F64);
        targetF32 = write(target, "t", DType.F32);
    }

    /** Each checkpoint as one file, floating tensors in {@code dtype} (F64 holds the F32 values exactly). */
    static List<Path> write(SortedMap<Integer, Map<String, Tensor>> run, String prefix, DType dtype) throws IOException {
        List<Path> files = new ArrayList<>();
        for (Map.Entry<Integer, Map<String, Tensor>> e : run.entrySet()) {
            Map<String, Tensor> cast = new LinkedHashMap<>();
            e.getValue().forEach((n, t) -> cast.put(n, t.dtype().isFloating() ? B.cast(t, dtype) : t));
            Path f = dir.resolve(prefix + "_" + e.getKey() + ".safetensors");
            SafetensorsWriter.write(f, cast);
            files.add(f);
        }
        return files;
    }

    static ModelDescription describe(String json) {
        return ModelDescriptionParser.parse(json.getBytes(StandardCharsets.UTF_8), "model.json");
    }

    private static TransferConfig fgmt() {
        return TransferConfig.defaults(Method.FGMT, 3).withSplits(2).withCheckpointEpochs(List.of(-1, 0, 1));
    }

    @Test
    void filesGiveExactlyTheTransferOfInMemoryCheckpoints() throws IOException {
        TransferResult memory = LearningTransfer.builder(B).model(Fixtures.mlp(B, 0)).source(CheckpointStore.of(source))
                .targetInit(target.get(-1)).data(DATA).build().transfer(fgmt());
        TransferResult files = LearningTransfer.builder(B).model(Fixtures.mlp(B, 0)).sourceFiles(sourceF64)
                .targetInitFile(targetF32.get(0)).data(DATA).build().transfer(fgmt());
        assertEquals(0.0, ParameterMaps.maxAbsDifference(memory.finalParameters(), files.finalParameters()));
        assertEquals(memory.bestStep(), files.bestStep());
        assertEquals(memory.finalPermutations(), files.finalPermutations());
        assertEquals(DType.F32, files.finalParameters().get("linear1.weight").dtype());
    }

    @Test
    void theOracleTakesTheTargetTrajectoryAsFiles() throws IOException {
        TransferConfig oracle = TransferConfig.defaults(Method.ORACLE, 3).withSplits(2);
        TransferResult memory = LearningTransfer.builder(B).model(Fixtures.mlp(B, 0)).source(CheckpointStore.of(source))
                .target(CheckpointStore.of(target)).data(DATA).build().transfer(oracle);
        TransferResult files = LearningTransfer.builder(B).model(Fixtures.mlp(B, 0)).sourceFiles(sourceF64)
                .targetFiles(targetF32).data(DATA).build().transfer(oracle);
        assertEquals(memory.finalPermutations(), files.finalPermutations());
        assertEquals(0.0, ParameterMaps.maxAbsDifference(memory.finalParameters(), files.finalParameters()));
    }

    @Test
    void aFileThatDoesNotFitTheModelFailsBeforeAnyWork() {
        Supplier<Module> narrow = () -> new dev.ltx.nn.models.Mlp(LayerInit.seeded(B, DType.F32, 0), 64, 8, 4,
                dev.ltx.nn.models.Activation.RELU, false);
        // no data given: the check happens while the inputs are being declared
        CheckpointMismatchException e = assertThrows(CheckpointMismatchException.class,
                () -> LearningTransfer.builder(B).model(narrow).sourceFiles(sourceF64));
        assertEquals(sourceF64.get(0), e.file());
        assertEquals("linear1.weight", e.tensor());
        assertTrue(e.getMessage().contains("has shape (16, 64) but the model expects (8, 64)"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> LearningTransfer.builder(B).model(Fixtures.mlp(B, 0)).sourceFiles(sourceF64.subList(0, 1)));
    }

    @Test
    void aJsonDescribedMlpHasTheBuiltInSpecAndTransfersIdentically() throws IOException {
        ModelDescription d = describe(MLP_JSON);
        Supplier<Module> described = () -> d.build(LayerInit.seeded(B, DType.F32, 0));
        PermutationSpec ours = PermutationSpec.of(described.get());
        PermutationSpec builtIn = PermutationSpec.of(Fixtures.mlp(B, 0).get());
        assertEquals(builtIn.groups(), ours.groups());
        for (String p : builtIn.parameters()) {
            assertEquals(builtIn.axes(p), ours.axes(p), p);
        }
        TransferResult viaJson = LearningTransfer.builder(B).model(described).sourceFiles(sourceF64)
                .targetInitFile(targetF32.get(0)).data(DATA).build().transfer(fgmt());
        TransferResult viaKind = LearningTransfer.builder(B).model(Fixtures.mlp(B, 0)).sourceFiles(sourceF64)
                .targetInitFile(targetF32.get(0)).data(DATA).build().transfer(fgmt());
        assertEquals(0.0, ParameterMaps.maxAbsDifference(viaKind.finalParameters(), viaJson.finalParameters()));
        assertEquals(viaKind.bestAccuracy(), viaJson.bestAccuracy());
    }

    @Test
    void aJsonDescribedCnnWithBatchNormTransfersEndToEnd() throws IOException {
        ModelDescription d = describe(CNN_JSON);
        Supplier<Module> s = () -> d.build(LayerInit.seeded(B, DType.F32, 11));
        Supplier<Module> t = () -> d.build(LayerInit.seeded(B, DType.F32, 12));
        List<Path> src = write(Fixtures.train(s.get(), DATA, B, 1, 7), "cnn_s", DType.F32);
        List<Path> tgt = write(Fixtures.train(t.get(), DATA, B, 1, 8), "cnn_t", DType.F32);
        assertTrue(SafetensorsReader.read(src.get(1), B).tensors().containsKey("block.convnb1.norm.running_var"));
        PermutationSpec spec = PermutationSpec.of(s.get());
        assertEquals(3, spec.groups().size(), spec.toString());
        TransferConfig c = TransferConfig.defaults(Method.FGMT, 3).withSplits(3).withBatchNormBatches(2, 32);
        LearningTransfer lt = LearningTransfer.builder(B).model(s).sourceFiles(src).targetInitFile(tgt.get(0))
                .data(DATA).build();
        TransferResult r = lt.transfer(c);
        assertEquals(3, r.steps().size());
        assertEquals(3, r.gradientPairs());
        r.steps().forEach(step -> assertTrue(Double.isFinite(step.validationLoss()), step.toString()));
        assertEquals(spec.parameters(), r.finalParameters().keySet());
        // with the source's own init as target, FGMT finds the identity and reproduces the source
        TransferResult same = LearningTransfer.builder(B).model(s).sourceFiles(src).targetInitFile(src.get(0))
                .data(DATA).build().transfer(c);
        assertTrue(same.finalPermutations().isIdentity(), same.finalPermutations().toString());
        Map<String, Tensor> sourceFinal = ParameterMaps.select(SafetensorsReader.read(src.get(1), B).tensors(),
                List.copyOf(spec.parameters()));
        assertEquals(0.0, ParameterMaps.maxAbsDifference(sourceFinal, same.finalParameters()), 1e-6);
        // results carry the PyTorch names and read back
        TransferResults.write(dir.resolve("cnn-out"), r, B);
        assertEquals(spec.parameters(), SafetensorsReader.read(dir.resolve("cnn-out/final.safetensors"), B).tensors()
                .keySet());
        // the evaluated state (re-estimated BN statistics included) loads strictly and evaluates the same
        Map<String, Tensor> state = lt.evaluationState(r.finalParameters(), 2, 1);
        assertTrue(state.containsKey("features.1.running_mean") && state.containsKey("block.shortcut.norm.num_batches_tracked"));
        Module fresh = s.get();
        fresh.loadStateDict(state, true);
        assertEquals(lt.evaluateTest(r.finalParameters(), 2, 1),
                Evaluation.evaluate(fresh, DATA.test(), DATA.normalization(), DATA.evalBatchSize(), B));
    }

    @Test
    void aMisDescribedModelFailsBeforeAnyWork() {
        String renamed = MLP_JSON.replace("linear1", "fc1").replace("linear2", "fc2");
        ModelDescription d = describe(renamed);
        CheckpointMismatchException e = assertThrows(CheckpointMismatchException.class,
                () -> LearningTransfer.builder(B).model(() -> d.build(LayerInit.seeded(B, DType.F32, 0)))
                        .sourceFiles(sourceF64));
        assertTrue(e.getMessage().contains("tensor 'fc1.weight' is missing"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
        ModelDescriptionException bad = assertThrows(ModelDescriptionException.class,
                () -> describe(MLP_JSON.replace("\"in\": 16", "\"in\": 15")));
        assertTrue(bad.getMessage().contains("layers[3] (Linear 'linear2'): expects 15 input features but gets 16"),
                bad.getMessage());
    }
}

package dev.ltx.transfer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ltx.engine.Backend;
import dev.ltx.engine.Tensor;
import dev.ltx.nn.Module;
import dev.ltx.nn.io.SafetensorsReader;
import dev.ltx.transfer.perm.PermutationSpec;
import dev.ltx.transfer.perm.Permutations;
import dev.ltx.transfer.trajectory.ParameterMaps;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FineTuneAndResultsTest {
    private static final Backend B = Fixtures.backend();
    private static final TransferData DATA = Fixtures.data();
    private static final Supplier<Module> MODEL = Fixtures.mlp(B, 101);

    @TempDir
    Path dir;

    private LearningTransfer transfer() {
        SortedMap<Integer, Map<String, Tensor>> source = Fixtures.train(MODEL.get(), DATA, B, 2, 5);
        return LearningTransfer.builder(B).model(MODEL).source(CheckpointStore.of(source))
                .targetInit(Fixtures.mlp(B, 202).get().stateDictCopy()).data(DATA).build();
    }

    @Test
    void fineTuningStartsFromTheBestStepAndRecordsEveryEpoch() {
        LearningTransfer lt = transfer();
        TransferResult r = lt.transfer(TransferConfig.defaults(Method.FGMT, 1).withSplits(3));
        FineTuneConfig c = FineTuneConfig.mnist(1).withEpochs(2);
        FineTuneResult ft = lt.fineTune(r, c);
        assertEquals(r.bestStep(), ft.startStep());
        assertEquals(2, ft.epochs().size());
        assertEquals(List.of(1, 2), ft.epochs().stream().map(EpochRecord::epoch).toList());
        assertEquals(0.01, ft.epochs().get(0).lr(), 0.0);
        assertTrue(Double.isFinite(ft.testAccuracy()) && ft.testAccuracy() > 25, "test " + ft.testAccuracy());
        // the start really is the best step: zero epochs leave its parameters untouched
        FineTuneResult none = lt.fineTune(r, c.withEpochs(0));
        assertEquals(0.0, ParameterMaps.maxAbsDifference(r.bestParameters(), none.parameters()), 0.0);
        assertEquals(r.bestAccuracy(), lt.evaluate(r.bestParameters(), 0, 1).accuracy(), 1e-9);

        FineTuneResult base = lt.standardTraining(c);
        assertEquals(0, base.startStep());
        assertEquals(2, base.epochs().size());
        FineTuneResult baseNone = lt.standardTraining(c.withEpochs(0));
        assertEquals(0.0, ParameterMaps.maxAbsDifference(lt.targetInitParameters(), baseNone.parameters()), 0.0);
    }

    @Test
    void resultsAreWrittenAsJsonCsvAndSafetensors() throws IOException {
        LearningTransfer lt = transfer();
        TransferResult r = lt.transfer(TransferConfig.defaults(Method.GMT, 2).withSplits(2));
        TransferResults.write(dir, r, B);
        JsonNode json = new ObjectMapper().readTree(dir.resolve("transfer.json").toFile());
        assertEquals("GMT", json.get("summary").get("method").asText());
        assertEquals(r.bestStep(), json.get("summary").get("best_step").asInt());
        assertEquals(3, json.get("summary").get("gradient_pairs").asInt());
        assertEquals(List.of(-1, 1), List.of(json.get("config").get("checkpoint_epochs").get(0).asInt(),
                json.get("config").get("checkpoint_epochs").get(1).asInt()));
        assertEquals(2, json.get("step_records").size());
        List<String> csv = Files.readAllLines(dir.resolve("steps.csv"));
        assertEquals(StepRecord.CSV_HEADER, csv.get(0));
        assertEquals(3, csv.size());
        assertTrue(csv.get(1).startsWith("1," + r.steps().get(0).validationAccuracy() + ","), csv.get(1));
        Map<String, Tensor> best = SafetensorsReader.read(dir.resolve("best.safetensors"), B).tensors();
        assertEquals(0.0, ParameterMaps.maxAbsDifference(r.bestParameters(), best), 0.0);
        Map<String, Tensor> fin = SafetensorsReader.read(dir.resolve("final.safetensors"), B).tensors();
        assertEquals(0.0, ParameterMaps.maxAbsDifference(r.finalParameters(), fin), 0.0);
        PermutationSpec spec = PermutationSpec.of(MODEL.get());
        Permutations p = TransferResults.readPermutations(dir.resolve("permutations_final.safetensors"), spec, B);
        assertEquals(r.finalPermutations(), p);
        assertEquals(r.bestPermutations(),
                TransferResults.readPermutations(dir.resolve("permutations_best.safetensors"), spec, B));

        FineTuneResult ft = lt.fineTune(r, FineTuneConfig.mnist(1).withEpochs(1));
        TransferResults.write(dir, "finetune", ft);
        JsonNode f = new ObjectMapper().readTree(dir.resolve("finetune.json").toFile());
        assertEquals(ft.testAccuracy(), f.get("test_accuracy").asDouble(), 0.0);
        assertEquals(2, Files.readAllLines(dir.resolve("finetune.csv")).size());
    }
}

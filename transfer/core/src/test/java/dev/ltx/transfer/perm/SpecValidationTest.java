package dev.ltx.transfer.perm;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ltx.engine.Backend;
import dev.ltx.engine.DType;
import dev.ltx.engine.Shape;
import dev.ltx.engine.cpu.CpuBackend;
import dev.ltx.nn.LayerInit;
import dev.ltx.nn.Module;
import dev.ltx.nn.models.Activation;
import dev.ltx.nn.models.ModelConfig;
import dev.ltx.nn.models.ModelKind;
import dev.ltx.nn.models.Models;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A spec that does not fit its model (missing, extra, mis-sized) is rejected with the culprit named. */
class SpecValidationTest {
    private final Backend b = CpuBackend.create();
    private final Module mlp = Models.build(ModelConfig.defaults(ModelKind.MLP).withInput(1, 4).withNumClasses(3)
            .withMlp(5, Activation.RELU, true), LayerInit.seeded(b, DType.F32, 0));

    private static void assertMessage(Runnable r, String... parts) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, r::run);
        for (String p : parts) {
            assertTrue(e.getMessage().contains(p), "'" + p + "' missing from: " + e.getMessage());
        }
    }

    /** The official spec written by hand, minus/plus/altered pieces as each test needs. */
    private PermutationSpec.Builder handSpec(boolean withLinear2Bias) {
        PermutationSpec.Builder sb = PermutationSpec.builder();
        PermutationGroup c1 = sb.group("c1", 5);
        sb.param("linear1.weight", Shape.of(5, 16), c1, null).param("linear1.bias", Shape.of(5), c1)
                .param("linear2.weight", Shape.of(3, 5), null, c1);
        if (withLinear2Bias) {
            sb.param("linear2.bias", Shape.of(3), (PermutationGroup) null);
        }
        return sb;
    }

    @Test
    void fullHandSpecIsAccepted() {
        handSpec(true).build().requireCovers(mlp);
    }

    @Test
    void missingParameterIsNamed() {
        assertMessage(() -> handSpec(false).build().requireCovers(mlp), "linear2.bias", "not covered");
    }

    @Test
    void extraParameterIsNamed() {
        PermutationSpec s = handSpec(true).param("linear3.weight", Shape.of(2, 2), null, null).build();
        assertMessage(() -> s.requireCovers(mlp), "linear3.weight");
    }

    @Test
    void wrongShapeIsNamed() {
        PermutationSpec.Builder sb = PermutationSpec.builder();
        PermutationGroup c1 = sb.group("c1", 5);
        PermutationSpec s = sb.param("linear1.weight", Shape.of(5, 15), c1, null).param("linear1.bias", Shape.of(5), c1)
                .param("linear2.weight", Shape.of(3, 5), null, c1).param("linear2.bias", Shape.of(3),
                        (PermutationGroup) null).build();
        assertMessage(() -> s.requireCovers(mlp), "linear1.weight", "(5, 16)");
    }

    @Test
    void groupSizeMismatchNamesParameterAndAxis() {
        PermutationSpec.Builder sb = PermutationSpec.builder();
        PermutationGroup c1 = sb.group("c1", 4);
        sb.param("linear2.weight", Shape.of(3, 5), null, c1);
        assertMessage(sb::build, "linear2.weight", "axis 1", "c1");
    }

    @Test
    void axisCountGroupOwnershipAndEmptyGroupsAreChecked() {
        PermutationSpec.Builder sb = PermutationSpec.builder();
        PermutationGroup c1 = sb.group("c1", 5);
        assertMessage(() -> sb.param("w", Shape.of(5, 2), c1), "w", "2 axes");
        PermutationSpec.Builder other = PermutationSpec.builder();
        PermutationGroup foreign = other.group("c1", 5);
        PermutationSpec.Builder sb2 = PermutationSpec.builder();
        sb2.group("c1", 5);
        sb2.param("w", Shape.of(5), foreign);
        assertMessage(sb2::build, "w", "not a group of this spec");
        PermutationSpec.Builder sb3 = PermutationSpec.builder();
        sb3.group("lonely", 2);
        assertMessage(sb3::build, "lonely");
        assertMessage(() -> sb3.group("lonely", 3), "lonely", "twice");
    }

    @Test
    void stateChecksNameTheMissingParameter() {
        PermutationSpec s = PermutationSpec.of(mlp);
        assertMessage(() -> s.requireState(Map.of(), "target"), "target", "linear1.weight");
    }
}

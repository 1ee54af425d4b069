package dev.ltx.transfer.perm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ltx.autograd.Var;
import dev.ltx.engine.Backend;
import dev.ltx.engine.DType;
import dev.ltx.engine.cpu.CpuBackend;
import dev.ltx.nn.LayerInit;
import dev.ltx.nn.models.json.ModelDescriptionParser;
import dev.ltx.nn.Module;
import dev.ltx.nn.NamedParameter;
import dev.ltx.nn.models.Activation;
import dev.ltx.nn.models.ModelConfig;
import dev.ltx.nn.models.ModelKind;
import dev.ltx.nn.models.Models;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Derived specs reproduce the official groupings (reference §6) and cover every parameter axis once. */
class SpecDerivationTest {
    private final Backend b = CpuBackend.create();

    private Module paperModel(ModelKind kind) {
        return Models.build(ModelConfig.defaults(kind), LayerInit.seeded(b, DType.F32, 1));
    }

    /** "g0,g1,…" with "-" for unpermuted axes. */
    private static String axes(PermutationSpec s, String param) {
        List<String> out = new ArrayList<>();
        for (PermutationGroup g : s.axes(param)) {
            out.add(g == null ? "-" : g.name());
        }
        return String.join(",", out);
    }

    private static List<String> groupNames(PermutationSpec s) {
        return s.groups().stream().map(PermutationGroup::name).toList();
    }

    @Test
    void mlpHasOneGroupC1() {
        Module m = paperModel(ModelKind.MLP);
        PermutationSpec s = PermutationSpec.of(m);
        assertEquals(List.of("c1"), groupNames(s));
        assertEquals(4096, s.group("c1").size());
        assertEquals("c1,-", axes(s, "linear1.weight"));
        assertEquals("-,c1", axes(s, "linear2.weight"));
        assertEquals(List.of(new AxisRef("linear1.weight", 0), new AxisRef("linear2.weight", 1)), s.members("c1"));
    }

    @Test
    void mlpWithBiasPermutesHiddenBiasOnly() {
        Module m = Models.build(ModelConfig.defaults(ModelKind.MLP).withMlp(16, Activation.NONE, true),
                LayerInit.seeded(b, DType.F32, 1));
        PermutationSpec s = PermutationSpec.of(m);
        assertEquals("c1", axes(s, "linear1.bias"));
        assertEquals("-", axes(s, "linear2.bias"));
        assertEquals(3, s.members("c1").size());
    }

    @Test
    void conv8MatchesOfficialTable() {
        PermutationSpec s = PermutationSpec.of(paperModel(ModelKind.CONV8));
        assertEquals(List.of("c64-1", "c64-2", "c128-1", "c128-2", "c256-1", "c256-2", "c512-1", "c512-2",
                "c256-3", "c256-4"), groupNames(s));
        String[][] table = {
            {"convs.0", "c64-1,-"}, {"convs.2", "c64-2,c64-1"}, {"convs.5", "c128-1,c64-2"},
            {"convs.7", "c128-2,c128-1"}, {"convs.10", "c256-1,c128-2"}, {"convs.12", "c256-2,c256-1"},
            {"convs.15", "c512-1,c256-2"}, {"convs.17", "c512-2,c512-1"}, {"linear.0", "c256-3,c512-2"},
            {"linear.2", "c256-4,c256-3"}, {"linear.4", "-,c256-4"}};
        for (String[] row : table) {
            assertEquals(row[1] + ",-,-", axes(s, row[0] + ".weight"), row[0]);
            assertEquals(row[1].split(",")[0], axes(s, row[0] + ".bias"), row[0] + ".bias");
        }
        assertEquals(22, s.parameters().size());
    }

    @Test
    void conv4LeavesLastConvAndFirstHeadInputUnpermuted() {
        PermutationSpec s = PermutationSpec.of(paperModel(ModelKind.CONV4));
        assertEquals(List.of("c64-1", "c64-2", "c128-1", "c256-1", "c256-2"), groupNames(s));
        assertEquals("c128-1,c64-2,-,-", axes(s, "convs.5.weight"));
        assertEquals("-,c128-1,-,-", axes(s, "convs.7.weight"));
        assertEquals("-", axes(s, "convs.7.bias"));
        assertEquals("c256-1,-,-,-", axes(s, "linear.0.weight"));
        assertEquals("-,c256-2,-,-", axes(s, "linear.4.weight"));
    }

    @Test
    void conv6HeadContinuesTheC256Numbering() {
        PermutationSpec s = PermutationSpec.of(paperModel(ModelKind.CONV6));
        assertEquals(List.of("c64-1", "c64-2", "c128-1", "c128-2", "c256-1", "c256-2", "c256-3", "c256-4"),
                groupNames(s));
        assertEquals("c256-3,c256-2,-,-", axes(s, "linear.0.weight"));
    }

    @Test
    void resnet18MatchesOfficialSpec() {
        for (ModelKind kind : List.of(ModelKind.RESNET18_32, ModelKind.RESNET18_224)) {
            PermutationSpec s = PermutationSpec.of(paperModel(kind));
            assertEquals(12, s.groups().size(), kind.toString());
            assertEquals(List.of("c64", "c64-1", "c64-2", "c128-1", "c128", "c128-2", "c256-1", "c256", "c256-2",
                    "c512-1", "c512", "c512-2"), groupNames(s));
            assertEquals("c64,-,-,-", axes(s, "convnb1.conv.weight"));
            assertEquals("c64", axes(s, "convnb1.norm.weight"));
            assertEquals("c64", axes(s, "convnb1.norm.bias"));
            int[] widths = {64, 128, 256, 512};
            for (int st = 0; st < 4; st++) {
                String w = "c" + widths[st];
                String prev = "c" + (st == 0 ? 64 : widths[st - 1]);
                String l = "layer" + (st + 1);
                assertEquals(w + "-1," + prev + ",-,-", axes(s, l + ".0.convnb1.conv.weight"));
                assertEquals(w + "-1", axes(s, l + ".0.convnb1.norm.bias"));
                assertEquals(w + "," + w + "-1,-,-", axes(s, l + ".0.convnb2.conv.weight"));
                assertEquals(w, axes(s, l + ".0.convnb2.norm.weight"));
                if (st > 0) {
                    assertEquals(w + "," + prev + ",-,-", axes(s, l + ".0.shortcut.conv.weight"));
                    assertEquals(w, axes(s, l + ".0.shortcut.norm.bias"));
                }
                assertEquals(w + "-2," + w + ",-,-", axes(s, l + ".1.convnb1.conv.weight"));
                assertEquals(w + "," + w + "-2,-,-", axes(s, l + ".1.convnb2.conv.weight"));
                assertEquals(w, axes(s, l + ".1.convnb2.norm.bias"));
            }
            assertEquals("-,c512", axes(s, "linear.weight"));
            assertEquals("-", axes(s, "linear.bias"));
            assertTrue(s.parameters().stream().noneMatch(n -> n.contains("running") || n.contains("num_batches")));
            // stream c512: two convnb2 outputs + their BN γ/β, shortcut conv + BN γ/β, layer4.1 convnb1 input, head input
            assertEquals(3 + 3 + 3 + 1 + 1, s.members("c512").size());
        }
    }

    @Test
    void everyArchitectureCoversEveryParameterAxisOnce() {
        for (TestModels.Arch arch : TestModels.all()) {
            Module m = arch.build(b, DType.F32, 3);
            PermutationSpec s = PermutationSpec.of(m);
            List<String> names = m.namedParameters().stream().map(NamedParameter::name).toList();
            assertEquals(names, List.copyOf(s.parameters()), arch.name());
            int memberCount = 0;
            for (PermutationGroup g : s.groups()) {
                for (AxisRef r : s.members(g.name())) {
                    assertEquals(g, s.axes(r.param()).get(r.axis()), arch + " " + r);
                    assertEquals(g.size(), s.shape(r.param()).dim(r.axis()), arch + " " + r);
                    memberCount++;
                }
            }
            long nonNull = s.parameters().stream().flatMap(p -> s.axes(p).stream()).filter(g -> g != null).count();
            assertEquals(nonNull, memberCount, arch.name());
            // the output layer's class axis is never permuted
            NamedParameter last = m.namedParameters().get(m.namedParameters().size() - 1);
            assertNull(s.axes(last.name()).get(0), arch + " " + last.name());
        }
    }

    @Test
    void tinyResNetsStemSharesLayer1sStream() {
        Module m = TestModels.all().get(5).build(b, DType.F32, 3); // widths 4/8/16/32, stem 4 (64 / 16)
        PermutationSpec s = PermutationSpec.of(m);
        // stem and layer1 (both 4 channels) form one residual stream: layer1.0 keeps its identity shortcut
        assertEquals("c4", axes(s, "convnb1.norm.weight"));
        assertEquals("c4-1,c4,-,-", axes(s, "layer1.0.convnb1.conv.weight"));
        assertFalse(s.parameters().contains("layer1.0.shortcut.conv.weight"));
        assertEquals("c8,c4,-,-", axes(s, "layer2.0.shortcut.conv.weight"));
        assertEquals(12, s.groups().size()); // 4 streams + 8 blocks' inner groups
        assertTrue(groupNames(s).containsAll(List.of("c4", "c8", "c16", "c32", "c4-1", "c32-2")), groupNames(s)::toString);
    }

    @Test
    void aProjectedFirstStageGetsItsOwnStream() {
        String json = """
                {"input": [2, 8, 8], "layers": [
                  {"type": "Conv2d", "name": "convnb1.conv", "in": 2, "out": 8, "kernel": 3, "padding": 1, "bias": false},
                  {"type": "BatchNorm2d", "name": "convnb1.norm", "features": 8},
                  {"type": "ReLU", "name": "relu"},
                  {"type": "BasicBlock", "name": "layer1.0", "in": 8, "planes": 4},
                  {"type": "AvgPool2d", "name": "avgpool", "kernel": 8},
                  {"type": "Flatten", "name": "flatten"},
                  {"type": "Linear", "name": "linear", "in": 4, "out": 3}]}""";
        Module m = ModelDescriptionParser.parse(json.getBytes(java.nio.charset.StandardCharsets.UTF_8), "stem.json")
                .build(LayerInit.seeded(b, DType.F32, 3));
        PermutationSpec s = PermutationSpec.of(m);
        // the stem (8) no longer shares its stream with layer1 (4): layer1.0 has a projection from one to the other
        String stem = axes(s, "convnb1.norm.weight");
        String[] shortcut = axes(s, "layer1.0.shortcut.conv.weight").split(",");
        assertEquals(stem, shortcut[1]);
        assertNotEquals(shortcut[0], shortcut[1]);
        assertEquals("-," + shortcut[0], axes(s, "linear.weight"));
    }

    @Test
    void sequentialChainGetsOneGroupPerHiddenLayer() {
        Module m = TestModels.mlpChain(LayerInit.seeded(b, DType.F32, 0), 16, 12, 9, 5);
        PermutationSpec s = PermutationSpec.of(m);
        assertEquals(List.of("c1", "c2"), groupNames(s));
        assertEquals("c1,-", axes(s, "1.weight"));
        assertEquals("c2,c1", axes(s, "3.weight"));
        assertEquals("-,c2", axes(s, "5.weight"));
        assertEquals("-", axes(s, "5.bias"));
    }

    @Test
    void unsupportedModelTypeIsNamed() {
        Module odd = new Module() {
            @Override
            public Var forward(Var x) {
                return x;
            }
        };
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PermutationSpec.of(odd));
        assertTrue(e.getMessage().contains("SpecDerivationTest"), e.getMessage());
    }

    @Test
    void unknownGroupOrParameterIsReported() {
        PermutationSpec s = PermutationSpec.of(paperModel(ModelKind.MLP));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> s.group("c9")).getMessage().contains("c9"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> s.axes("nope.weight")).getMessage()
                .contains("nope.weight"));
        assertTrue(Arrays.asList(s.axes("linear1.weight").toArray()).contains(null));
    }
}

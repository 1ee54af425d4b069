package dev.ltx.nn.models.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ltx.autograd.Var;
import dev.ltx.engine.Backend;
import dev.ltx.engine.DType;
import dev.ltx.engine.Shape;
import dev.ltx.engine.Tensor;
import dev.ltx.engine.cpu.CpuBackend;
import dev.ltx.nn.LayerInit;
import dev.ltx.nn.Module;
import dev.ltx.nn.models.ConvDepth;
import dev.ltx.nn.models.ConvNet;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ModelDescriptionParserTest {
    private static final Backend b = CpuBackend.create();

    static final String CNN = """
            {"name": "cnn", "input": [1, 8, 8], "layers": [
              {"type": "Conv2d", "name": "features.0", "in": 1, "out": 4, "kernel": 3, "padding": 1, "bias": false},
              {"type": "BatchNorm2d", "name": "features.1", "features": 4},
              {"type": "ReLU", "name": "features.2"},
              {"type": "MaxPool2d", "name": "features.3", "kernel": 2},
              {"type": "BasicBlock", "name": "block", "in": 4, "planes": 6, "stride": 2},
              {"type": "AvgPool2d", "kernel": 2},
              {"type": "Flatten"},
              {"type": "Linear", "name": "fc", "in": 6, "out": 3}
            ]}""";

    static ModelDescription parse(String json) {
        return ModelDescriptionParser.parse(json.getBytes(StandardCharsets.UTF_8), "m.json");
    }

    @Test
    void cnnHasPyTorchNamesShapesAndCounts() {
        ModelDescription d = parse(CNN);
        assertEquals(3, d.outputs());
        assertTrue(d.convolutional());
        DescribedModel m = d.build(LayerInit.seeded(b, DType.F32, 1));
        Map<String, Shape> sd = new LinkedHashMap<>();
        m.stateDict().forEach((n, t) -> sd.put(n, t.shape()));
        List<String> names = new ArrayList<>(sd.keySet());
        assertEquals(List.of("features.0.weight", "features.1.weight", "features.1.bias", "features.1.running_mean",
                "features.1.running_var", "features.1.num_batches_tracked"), names.subList(0, 6));
        assertEquals(Shape.of(4, 1, 3, 3), sd.get("features.0.weight"));
        assertEquals(Shape.of(6, 4, 1, 1), sd.get("block.shortcut.conv.weight"));
        assertEquals(Shape.of(6, 6, 3, 3), sd.get("block.convnb2.conv.weight"));
        assertEquals(Shape.of(3, 6), sd.get("fc.weight"));
        assertEquals(Shape.of(3), sd.get("fc.bias"));
        assertEquals(d.parameterCount(), m.parameterCount());
        // unnamed layers take their index, as in nn.Sequential; stateless ones add no entries
        assertEquals("5", d.layers().get(5).name());
        assertFalse(names.stream().anyMatch(n -> n.startsWith("5.") || n.startsWith("6.")));
        Var out = m.forward(Var.constant(b.zeros(Shape.of(2, 1, 8, 8), DType.F32)));
        assertEquals(Shape.of(2, 3), out.shape());
    }

    @Test
    void conv8DescribedLayerByLayerEqualsTheBuiltInConv8() {
        StringBuilder json = new StringBuilder("{\"input\": [1, 32, 32], \"layers\": [");
        int in = 1;
        int index = 0;
        int[] widths = {16, 32, 64, 128}; // width factor 0.25
        for (int s = 0; s < 4; s++) {
            for (int k = 0; k < 2; k++) {
                json.append(String.format("{\"type\":\"Conv2d\",\"name\":\"convs.%d\",\"in\":%d,\"out\":%d,\"kernel\":3,"
                        + "\"padding\":1},{\"type\":\"ReLU\",\"name\":\"convs.%d\"},", index, in, widths[s], index + 1));
                in = widths[s];
                index += 2;
            }
            json.append(String.format("{\"type\":\"MaxPool2d\",\"name\":\"convs.%d\",\"kernel\":%d},", index++,
                    s == 3 ? 4 : 2));
        }
        json.append("{\"type\":\"Conv2d\",\"name\":\"linear.0\",\"in\":128,\"out\":64,\"kernel\":1},{\"type\":\"ReLU\"},"
                + "{\"type\":\"Conv2d\",\"name\":\"linear.2\",\"in\":64,\"out\":64,\"kernel\":1},{\"type\":\"ReLU\"},"
                + "{\"type\":\"Conv2d\",\"name\":\"linear.4\",\"in\":64,\"out\":10,\"kernel\":1},{\"type\":\"Flatten\"}]}");
        DescribedModel d = parse(json.toString()).build(LayerInit.seeded(b, DType.F32, 3));
        ConvNet c = new ConvNet(LayerInit.seeded(b, DType.F32, 3), ConvDepth.CONV8, 1, 32, 0.25, 10);
        assertEquals(shapes(c), shapes(d));
        // same init order as the built-in model: same values, and the same function
        c.stateDict().forEach((n, t) -> assertTrue(java.util.Arrays.equals(t.toFloats(), d.stateDict().get(n).toFloats()), n));
        Tensor x = b.fromFloats(random(2 * 32 * 32), Shape.of(2, 1, 32, 32));
        float[] yc = c.forward(Var.constant(x)).value().toFloats();
        float[] yd = d.forward(Var.constant(x)).value().toFloats();
        for (int i = 0; i < yc.length; i++) {
            assertEquals(yc[i], yd[i], 1e-5 + 1e-5 * Math.abs(yc[i]));
        }
    }

    private static Map<String, Shape> shapes(Module m) {
        Map<String, Shape> out = new LinkedHashMap<>();
        m.stateDict().forEach((n, t) -> out.put(n, t.shape()));
        return out;
    }

    private static float[] random(int n) {
        java.util.Random r = new java.util.Random(5);
        float[] a = new float[n];
        for (int i = 0; i < n; i++) a[i] = (float) r.nextGaussian();
        return a;
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "[]|expected a JSON object",
        "{\"input\":[1,8,8],\"layers\":[{\"type\":\"Flatten\"},{\"type\":\"Linear\",\"in\":64,\"out\":4}],\"x\":1}|unknown field 'x'",
        "{\"input\":[1,8],\"layers\":[{\"type\":\"Flatten\"}]}|\"input\" must be [channels, height, width]",
        "{\"input\":[1,8,8],\"layers\":[]}|non-empty array",
        "{\"input\":[1,8,8],\"layers\":[{\"type\":\"Dense\"}]}|unknown layer type 'Dense'",
        "{\"input\":[1,8,8],\"layers\":[{\"name\":\"a\"}]}|missing \"type\"",
        "{\"input\":[1,8,8],\"layers\":[{\"type\":\"Linear\",\"in\":64,\"out\":4}]}|add a Flatten",
        "{\"input\":[1,8,8],\"layers\":[{\"type\":\"Flatten\"},{\"type\":\"Linear\",\"name\":\"fc\",\"in\":60,\"out\":4}]}|layers[1] (Linear 'fc'): expects 60 input features but gets 64",
        "{\"input\":[1,8,8],\"layers\":[{\"type\":\"Conv2d\",\"in\":3,\"out\":4,\"kernel\":3}]}|expects 3 input channels but gets 1",
        "{\"input\":[1,8,8],\"layers\":[{\"type\":\"Conv2d\",\"in\":1,\"out\":4,\"kernel\":9}]}|kernel 9 is larger",
        "{\"input\":[1,8,8],\"layers\":[{\"type\":\"Conv2d\",\"in\":1,\"out\":4}]}|missing \"kernel\"",
        "{\"input\":[1,8,8],\"layers\":[{\"type\":\"Conv2d\",\"in\":1,\"out\":4,\"kernel\":3,\"stride\":0}]}|layers[0] (Conv2d '0').stride: expected an integer in [1, 65536], found 0",
        "{\"input\":[1,8,8],\"layers\":[{\"type\":\"Conv2d\",\"in\":1,\"out\":4,\"kernel\":3,\"bias\":1}]}|expected true or false",
        "{\"input\":[1,8,8],\"layers\":[{\"type\":\"Flatten\"},{\"type\":\"Linear\",\"in\":64,\"out\":1.5}]}|found 1.5",
        "{\"input\":[1,8,8],\"layers\":[{\"type\":\"Flatten\"},{\"type\":\"Linear\",\"in\":64,\"out\":99999999999999999999}]}|expected an integer",
        "{\"input\":[1,8,8],\"layers\":[{\"type\":\"Flatten\",\"name\":\"a\"},{\"type\":\"ReLU\",\"name\":\"a\"}]}|used by an earlier layer",
        "{\"input\":[1,8,8],\"layers\":[{\"type\":\"Flatten\",\"name\":\"a\"},{\"type\":\"Linear\",\"name\":\"a.b\",\"in\":64,\"out\":2}]}|lies inside layer 'a'",
        "{\"input\":[1,8,8],\"layers\":[{\"type\":\"Flatten\",\"name\":\"a..b\"}]}|invalid name",
        "{\"input\":[1,8,8],\"layers\":[{\"type\":\"Flatten\",\"name\":\"x-y\"}]}|invalid name",
        "{\"input\":[1,8,8],\"layers\":[{\"type\":\"ReLU\"}]}|not one value per class",
        "{\"input\":[1,8,8],\"layers\":[{\"type\":\"BatchNorm2d\",\"features\":2}]}|expects 2 channels but gets 1",
        "{\"input\":[1,8,8],\"layers\":[{\"type\":\"MaxPool2d\",\"kernel\":2,\"padding\":2}]}|exceeds half the kernel",
        "{\"input\":[1,8,8],\"input\":[1,8,8],\"layers\":[]}|malformed JSON",
        "{\"input\":[1,8,8],\"layers\":[{\"type\":\"Flatten\"}]} x|malformed JSON",
        "{\"input\":[1,8,8],\"layers\":[{\"type\":\"Flatten\"},{\"type\":\"Linear\",\"in\":64,\"out\":16777216},{\"type\":\"Linear\",\"in\":16777216,\"out\":16777216}]}|more than 2^31-1 parameters",
        "{\"input\":[[[[[[[[[[1]]]]]]]]]]}|malformed JSON",
        "{\"input\":[16777216,65536,65536],\"layers\":[{\"type\":\"Conv2d\",\"in\":16777216,\"out\":16777216,\"kernel\":65536},{\"type\":\"Flatten\"}]}|more than 2^31-1 parameters",
    })
    void badDescriptionsFailWithOneLineNamingTheFault(String json, String fragment) {
        ModelDescriptionException e = assertThrows(ModelDescriptionException.class, () -> parse(json));
        assertTrue(e.getMessage().startsWith("m.json: "), e.getMessage());
        assertTrue(e.getMessage().contains(fragment), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
    }

    @Test
    void invalidUtf8AndOversizedInputAreRejected() {
        assertTrue(assertThrows(ModelDescriptionException.class,
                () -> ModelDescriptionParser.parse(new byte[] {'{', (byte) 0xff, '}'}, "m.json")).getMessage()
                .contains("UTF-8"));
        byte[] big = new byte[ModelDescriptionParser.MAX_BYTES + 1];
        assertTrue(assertThrows(ModelDescriptionException.class, () -> ModelDescriptionParser.parse(big, "m.json"))
                .getMessage().contains("larger than the limit"));
    }

    @Test
    void readsAFileAndNamesItInErrors(@TempDir Path dir) throws Exception {
        Path ok = Files.writeString(dir.resolve("ok.json"), CNN);
        assertEquals("cnn", ModelDescriptionParser.read(ok).name());
        Path bad = Files.writeString(dir.resolve("bad.json"), "{\"input\":[1,8,8]}");
        ModelDescriptionException e = assertThrows(ModelDescriptionException.class, () -> ModelDescriptionParser.read(bad));
        assertTrue(e.getMessage().startsWith(bad.toString() + ": "), e.getMessage());
    }
}

package dev.ltx.nn.train;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ltx.nn.data.AugmentationPipeline;
import dev.ltx.nn.models.Activation;
import dev.ltx.nn.models.ModelConfig;
import dev.ltx.nn.models.ModelKind;
import dev.ltx.nn.optim.LrSchedule;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The JSON form of a {@link TrainConfig} ({@code config.json} of a run folder): every field by its
 * record component name, the model and optimizer as nested objects, enums by their command-line
 * names, the schedule by its {@link LrSchedule#spec()} text, and a pre-trained start (when there is one)
 * as {@code pretrained: {checkpoint, headSeed}}. Doubles are written with
 * {@link Double#toString} digits, so {@code fromJson(toJson(c)).equals(c)}.
 */
public final class TrainConfigJson {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private TrainConfigJson() {
    }

    /** {@code config} as a JSON object. */
    public static ObjectNode toJson(TrainConfig c) {
        ObjectNode o = NODES.objectNode();
        ModelConfig m = c.model();
        ObjectNode model = o.putObject("model");
        model.put("kind", m.kind().cliName());
        model.put("inChannels", m.inChannels());
        model.put("imageSize", m.imageSize());
        model.put("numClasses", m.numClasses());
        model.put("widthFactor", m.widthFactor());
        model.put("mlpWidth", m.mlpWidth());
        model.put("activation", m.activation().name().toLowerCase(Locale.ROOT));
        model.put("bias", m.bias());
        o.put("dataset", c.dataset().cliName());
        if (c.dataDir() == null) {
            o.putNull("dataDir");
        } else {
            o.put("dataDir", c.dataDir().toString());
        }
        o.put("classSubset", c.classSubset());
        o.put("augmentation", c.augmentation().cliName());
        o.put("splitSeed", c.splitSeed());
        o.put("maxTrainExamples", c.maxTrainExamples());
        o.put("maxEvalExamples", c.maxEvalExamples());
        o.put("epochs", c.epochs());
        o.put("batchSize", c.batchSize());
        o.put("evalBatchSize", c.evalBatchSize());
        OptimizerSettings s = c.optimizer();
        ObjectNode opt = o.putObject("optimizer");
        opt.put("kind", s.kind().cliName());
        opt.put("momentum", s.momentum());
        opt.put("weightDecay", s.weightDecay());
        opt.put("nesterov", s.nesterov());
        opt.put("beta1", s.beta1());
        opt.put("beta2", s.beta2());
        opt.put("eps", s.eps());
        o.put("schedule", c.schedule().spec());
        o.put("seed", c.seed());
        ArrayNode ckpt = o.putArray("checkpointEpochs");
        c.checkpointEpochs().forEach(ckpt::add);
        o.put("threads", c.threads());
        o.put("logEvery", c.logEvery());
        if (c.pretrained() != null) {
            ObjectNode pre = o.putObject("pretrained");
            pre.put("checkpoint", c.pretrained().checkpoint().toString());
            pre.put("headSeed", c.pretrained().headSeed());
        }
        return o;
    }

    /** Reads what {@link #toJson} wrote; a missing or mistyped field throws {@link IllegalArgumentException}. */
    public static TrainConfig fromJson(JsonNode o) {
        JsonNode m = field(o, "model");
        ModelConfig model = new ModelConfig(ModelKind.parse(text(m, "kind")), integer(m, "inChannels"),
                integer(m, "imageSize"), integer(m, "numClasses"), number(m, "widthFactor"), integer(m, "mlpWidth"),
                Activation.valueOf(text(m, "activation").toUpperCase(Locale.ROOT)), bool(m, "bias"));
        JsonNode s = field(o, "optimizer");
        OptimizerSettings opt = new OptimizerSettings(OptimizerKind.parse(text(s, "kind")), number(s, "momentum"),
                number(s, "weightDecay"), bool(s, "nesterov"), number(s, "beta1"), number(s, "beta2"), number(s, "eps"));
        JsonNode dataDir = field(o, "dataDir");
        List<Integer> ckpt = new ArrayList<>();
        JsonNode list = field(o, "checkpointEpochs");
        if (!list.isArray()) {
            throw new IllegalArgumentException("config field 'checkpointEpochs' must be an array, got " + list);
        }
        for (JsonNode e : list) {
            if (!e.canConvertToInt() || !e.isIntegralNumber()) {
                throw new IllegalArgumentException("config field 'checkpointEpochs' holds a non-integer " + e);
            }
            ckpt.add(e.intValue());
        }
        return new TrainConfig(model, DatasetKind.parse(text(o, "dataset")),
                dataDir.isNull() ? null : Path.of(dataDir.asText()), integer(o, "classSubset"),
                AugmentationPipeline.fromName(text(o, "augmentation")), longValue(o, "splitSeed"), integer(o, "epochs"),
                integer(o, "batchSize"), integer(o, "evalBatchSize"), opt, LrSchedule.parse(text(o, "schedule")),
                longValue(o, "seed"), ckpt, integer(o, "threads"), integer(o, "logEvery"),
                o.has("maxTrainExamples") ? integer(o, "maxTrainExamples") : 0,
                o.has("maxEvalExamples") ? integer(o, "maxEvalExamples") : 0, pretrained(o));
    }

    /** The optional {@code pretrained} object (absent or null: random init). */
    private static PretrainedStart pretrained(JsonNode o) {
        JsonNode p = o.get("pretrained");
        if (p == null || p.isNull()) {
            return null;
        }
        if (!p.isObject()) {
            throw new IllegalArgumentException("config field 'pretrained' must be an object, got " + p);
        }
        return new PretrainedStart(Path.of(text(p, "checkpoint")), longValue(p, "headSeed"));
    }

    private static JsonNode field(JsonNode o, String name) {
        JsonNode v = o == null ? null : o.get(name);
        if (v == null) {
            throw new IllegalArgumentException("config is missing field '" + name + "'");
        }
        return v;
    }

    private static String text(JsonNode o, String name) {
        JsonNode v = field(o, name);
        if (!v.isTextual()) {
            throw new IllegalArgumentException("config field '" + name + "' must be a string, got " + v);
        }
        return v.asText();
    }

    private static int integer(JsonNode o, String name) {
        JsonNode v = field(o, name);
        if (!v.isIntegralNumber() || !v.canConvertToInt()) {
            throw new IllegalArgumentException("config field '" + name + "' must be an integer, got " + v);
        }
        return v.intValue();
    }

    private static long longValue(JsonNode o, String name) {
        JsonNode v = field(o, name);
        if (!v.isIntegralNumber() || !v.canConvertToLong()) {
            throw new IllegalArgumentException("config field '" + name + "' must be an integer, got " + v);
        }
        return v.longValue();
    }

    private static double number(JsonNode o, String name) {
        JsonNode v = field(o, name);
        if (!v.isNumber()) {
            throw new IllegalArgumentException("config field '" + name + "' must be a number, got " + v);
        }
        return v.doubleValue();
    }

    private static boolean bool(JsonNode o, String name) {
        JsonNode v = field(o, name);
        if (!v.isBoolean()) {
            throw new IllegalArgumentException("config field '" + name + "' must be true or false, got " + v);
        }
        return v.booleanValue();
    }
}

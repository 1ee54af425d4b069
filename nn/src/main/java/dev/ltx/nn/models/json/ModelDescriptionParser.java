package dev.ltx.nn.models.json;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads a {@link ModelDescription} from JSON (format: {@link dev.ltx.nn.models.json}).
 *
 * <p>Every bad input, whatever it is, fails with a one-line {@link ModelDescriptionException}
 * naming the source and the field or layer at fault: invalid UTF-8 or JSON, duplicate keys,
 * unknown fields or layer types, wrong value types, numbers out of range, more than
 * {@link #MAX_LAYERS} layers, bad or conflicting names, layers that do not chain, and models over
 * {@link ModelDescription#MAX_PARAMETERS} parameters. Memory use is bounded by the input's size
 * (at most {@link #MAX_BYTES}); no tensor is allocated while parsing.
 */
public final class ModelDescriptionParser {
    /** Largest description accepted, in bytes. */
    public static final int MAX_BYTES = 1 << 20;
    /** Most layers a description may list. */
    public static final int MAX_LAYERS = 4096;
    /** Largest channel, feature or unit count of one layer. */
    public static final int MAX_UNITS = 1 << 24;
    /** Largest input side, kernel, stride or padding. */
    public static final int MAX_SPATIAL = 1 << 16;
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*|[0-9]+");
    private static final Set<String> ROOT_FIELDS = Set.of("name", "input", "layers");
    private static final ObjectMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(8).maxNumberLength(40)
                            .maxStringLength(MAX_BYTES).build())
                    .build())
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private ModelDescriptionParser() {
    }

    /** Whether {@code name} is a valid dotted layer name (at most 200 characters). */
    public static boolean validName(String name) {
        if (name == null || name.isEmpty() || name.length() > 200) {
            return false;
        }
        for (String part : name.split("\\.", -1)) {
            if (!NAME.matcher(part).matches()) {
                return false;
            }
        }
        return true;
    }

    /** Reads and validates the description in {@code file} (at most {@link #MAX_BYTES} bytes). */
    public static ModelDescription read(Path file) throws IOException {
        try (SeekableByteChannel ch = Files.newByteChannel(file)) {
            if (ch.size() > MAX_BYTES) {
                throw new ModelDescriptionException(file + ": " + ch.size() + " bytes is larger than the limit of "
                        + MAX_BYTES + " for a model description");
            }
            ByteBuffer buf = ByteBuffer.allocate((int) ch.size());
            while (buf.hasRemaining() && ch.read(buf) >= 0) {
                // read until full or end of file
            }
            byte[] bytes = new byte[buf.position()];
            buf.flip().get(bytes);
            return parse(bytes, file.toString());
        }
    }

    /**
     * Parses and validates {@code json}; {@code source} names it in messages (a file name).
     *
     * @throws ModelDescriptionException for any bad input
     */
    public static ModelDescription parse(byte[] json, String source) {
        if (json.length > MAX_BYTES) {
            throw new ModelDescriptionException(source + ": " + json.length + " bytes is larger than the limit of "
                    + MAX_BYTES + " for a model description");
        }
        JsonNode root = readJson(json, source);
        try {
            return fromJson(root);
        } catch (ModelDescriptionException e) {
            throw new ModelDescriptionException(source + ": " + e.getMessage(), e);
        }
    }

    private static JsonNode readJson(byte[] json, String source) {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(json)).toString();
        } catch (CharacterCodingException e) {
            throw new ModelDescriptionException(source + ": not valid UTF-8", e);
        }
        try {
            JsonNode root = MAPPER.readTree(text);
            if (root == null || !root.isObject()) {
                throw new ModelDescriptionException(source + ": expected a JSON object with \"input\" and \"layers\"");
            }
            return root;
        } catch (JacksonException e) {
            String detail = String.valueOf(e.getOriginalMessage()).lines().findFirst().orElse("");
            throw new ModelDescriptionException(source + ": malformed JSON: " + detail, e);
        }
    }

    private static ModelDescription fromJson(JsonNode root) {
        unknownFields(root, ROOT_FIELDS, "the top level");
        String name = "model";
        if (root.has("name")) {
            name = text(root.get("name"), "name");
            if (name.isEmpty() || name.length() > 200) {
                throw new ModelDescriptionException("\"name\" must have 1 to 200 characters");
            }
        }
        JsonNode input = root.get("input");
        if (input == null || !input.isArray() || input.size() != 3) {
            throw new ModelDescriptionException("\"input\" must be [channels, height, width]");
        }
        int channels = integer(input.get(0), "input[0]", 1, MAX_UNITS);
        int height = integer(input.get(1), "input[1]", 1, MAX_SPATIAL);
        int width = integer(input.get(2), "input[2]", 1, MAX_SPATIAL);
        JsonNode layers = root.get("layers");
        if (layers == null || !layers.isArray() || layers.isEmpty()) {
            throw new ModelDescriptionException("\"layers\" must be a non-empty array of layer objects");
        }
        if (layers.size() > MAX_LAYERS) {
            throw new ModelDescriptionException("\"layers\" has " + layers.size() + " entries, more than " + MAX_LAYERS);
        }
        List<LayerSpec> specs = new ArrayList<>(layers.size());
        for (int i = 0; i < layers.size(); i++) {
            specs.add(layer(layers.get(i), i));
        }
        return new ModelDescription(name, channels, height, width, specs);
    }

    private static LayerSpec layer(JsonNode node, int index) {
        String at = "layers[" + index + "]";
        if (!node.isObject()) {
            throw new ModelDescriptionException(at + ": expected a layer object, found " + node.getNodeType());
        }
        JsonNode typeNode = node.get("type");
        if (typeNode == null) {
            throw new ModelDescriptionException(at + ": missing \"type\" (one of " + LayerType.names() + ")");
        }
        String typeName = text(typeNode, at + ".type");
        LayerType type = LayerType.parse(typeName);
        if (type == null) {
            throw new ModelDescriptionException(at + ": unknown layer type " + quote(typeName) + " (known: "
                    + LayerType.names() + ")");
        }
        String name = node.has("name") ? text(node.get("name"), at + ".name") : Integer.toString(index);
        at = at + " (" + type.jsonName() + " " + quote(name) + ")";
        if (!validName(name)) {
            throw new ModelDescriptionException(at + ": invalid name; use dot-separated identifiers or indices such as"
                    + " features.0 or fc1");
        }
        Set<String> allowed = new java.util.HashSet<>(type.fields());
        allowed.add("type");
        allowed.add("name");
        unknownFields(node, allowed, at);
        Fields f = new Fields(node, at);
        return switch (type) {
            case LINEAR -> new LayerSpec.Linear(name, f.units("in"), f.units("out"), f.flag("bias", true));
            case CONV2D -> new LayerSpec.Conv2d(name, f.units("in"), f.units("out"), f.spatial("kernel", 1, -1),
                    f.spatial("stride", 1, 1), f.spatial("padding", 0, 0), f.flag("bias", true));
            case BATCHNORM2D -> new LayerSpec.BatchNorm(name, f.units("features"));
            case RELU -> new LayerSpec.Relu(name);
            case MAXPOOL2D, AVGPOOL2D -> {
                int kernel = f.spatial("kernel", 1, -1);
                yield new LayerSpec.Pool(name, type == LayerType.MAXPOOL2D, kernel, f.spatial("stride", 1, kernel),
                        f.spatial("padding", 0, 0));
            }
            case FLATTEN -> new LayerSpec.Flatten(name);
            case BASICBLOCK -> new LayerSpec.Block(name, f.units("in"), f.units("planes"), f.spatial("stride", 1, 1));
        };
    }

    /** Typed access to one layer object's fields. */
    private record Fields(JsonNode node, String at) {
        int units(String field) {
            JsonNode v = node.get(field);
            if (v == null) {
                throw new ModelDescriptionException(at + ": missing \"" + field + "\"");
            }
            return integer(v, at + "." + field, 1, MAX_UNITS);
        }

        /** An integer in [min, MAX_SPATIAL]; {@code fallback} when absent, or required when it is negative. */
        int spatial(String field, int min, int fallback) {
            JsonNode v = node.get(field);
            if (v == null) {
                if (fallback < 0) {
                    throw new ModelDescriptionException(at + ": missing \"" + field + "\"");
                }
                return fallback;
            }
            return integer(v, at + "." + field, min, MAX_SPATIAL);
        }

        boolean flag(String field, boolean fallback) {
            JsonNode v = node.get(field);
            if (v == null) {
                return fallback;
            }
            if (!v.isBoolean()) {
                throw new ModelDescriptionException(at + "." + field + ": expected true or false, found " + v.getNodeType());
            }
            return v.booleanValue();
        }
    }

    private static int integer(JsonNode v, String where, int min, int max) {
        if (v == null || !v.isIntegralNumber() || !v.canConvertToLong() || v.longValue() < min || v.longValue() > max) {
            throw new ModelDescriptionException(where + ": expected an integer in [" + min + ", " + max + "], found "
                    + (v == null ? "nothing" : abbreviate(v.toString())));
        }
        return (int) v.longValue();
    }

    private static String text(JsonNode v, String where) {
        if (!v.isTextual()) {
            throw new ModelDescriptionException(where + ": expected a string, found " + v.getNodeType());
        }
        return v.textValue();
    }

    private static void unknownFields(JsonNode node, Set<String> allowed, String where) {
        Iterator<String> it = node.fieldNames();
        while (it.hasNext()) {
            String f = it.next();
            if (!allowed.contains(f)) {
                throw new ModelDescriptionException(where + ": unknown field " + quote(f) + " (allowed: "
                        + new java.util.TreeSet<>(allowed) + ")");
            }
        }
    }

    /** {@code 'text'} with control characters escaped and long texts shortened. */
    static String quote(String s) {
        return "'" + abbreviate(s) + "'";
    }

    private static String abbreviate(String s) {
        StringBuilder b = new StringBuilder();
        int limit = Math.min(s.length(), 80);
        for (int i = 0; i < limit; i++) {
            char c = s.charAt(i);
            b.append(c < 0x20 || c == 0x7f ? String.format("\\u%04x", (int) c) : String.valueOf(c));
        }
        return s.length() > limit ? b.append("...").toString() : b.toString();
    }
}

package dev.ltx.nn.io;

import static dev.ltx.nn.io.SafetensorsException.quote;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ltx.engine.Shape;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The JSON header of a safetensors file: parsing with full validation against the data buffer
 * size, and encoding for the writer. Nothing is allocated from header values until every entry
 * has been checked.
 */
final class SafetensorsHeader {
    static final String METADATA_KEY = "__metadata__";
    private static final Set<String> ENTRY_FIELDS = Set.of("dtype", "shape", "data_offsets");
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    /** One validated tensor entry; {@code begin}/{@code end} are offsets into the data buffer. */
    record Entry(String name, SafetensorsDType dtype, Shape shape, long begin, long end) {
    }

    /** Validated entries sorted by data offset, and the metadata map. */
    record Parsed(List<Entry> entries, Map<String, String> metadata) {
    }

    private SafetensorsHeader() {
    }

    /**
     * Parses and validates a header against a data buffer of {@code bufferLength} bytes: strict
     * UTF-8, one JSON object without duplicate keys, known dtypes, non-negative shapes, offsets
     * inside the buffer matching each shape's byte size, and no overlap, gap or trailing bytes.
     */
    static Parsed parse(Path file, byte[] json, long bufferLength) throws SafetensorsException {
        JsonNode root = readJson(file, json);
        if (!root.isObject()) {
            throw new SafetensorsException(file, "header", "expected a JSON object, found " + root.getNodeType());
        }
        Map<String, String> metadata = new LinkedHashMap<>();
        List<Entry> entries = new ArrayList<>();
        Iterator<Map.Entry<String, JsonNode>> fields = root.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> f = fields.next();
            if (f.getKey().equals(METADATA_KEY)) {
                readMetadata(file, f.getValue(), metadata);
            } else {
                entries.add(readEntry(file, f.getKey(), f.getValue(), bufferLength));
            }
        }
        checkLayout(file, entries, bufferLength);
        return new Parsed(entries, metadata);
    }

    private static JsonNode readJson(Path file, byte[] json) throws SafetensorsException {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(json)).toString();
        } catch (CharacterCodingException e) {
            throw new SafetensorsException(file, "header", "not valid UTF-8", e);
        }
        if (text.isEmpty() || text.charAt(0) != '{') {
            throw new SafetensorsException(file, "header", "does not start with '{'");
        }
        try {
            return MAPPER.readTree(text);
        } catch (JacksonException e) {
            String detail = e.getOriginalMessage().lines().findFirst().orElse("");
            throw new SafetensorsException(file, "header", "malformed JSON: " + detail, e);
        }
    }

    private static void readMetadata(Path file, JsonNode node, Map<String, String> out)
            throws SafetensorsException {
        if (!node.isObject()) {
            throw new SafetensorsException(file, METADATA_KEY, "expected an object of strings, found " + node.getNodeType());
        }
        Iterator<Map.Entry<String, JsonNode>> it = node.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!e.getValue().isTextual()) {
                throw new SafetensorsException(file, METADATA_KEY + "." + quote(e.getKey()),
                        "expected a string value, found " + e.getValue().getNodeType());
            }
            out.put(e.getKey(), e.getValue().textValue());
        }
    }

    private static Entry readEntry(Path file, String name, JsonNode node, long bufferLength)
            throws SafetensorsException {
        String where = "tensor " + quote(name);
        if (!node.isObject()) {
            throw new SafetensorsException(file, where, "expected an object, found " + node.getNodeType());
        }
        Iterator<String> names = node.fieldNames();
        while (names.hasNext()) {
            String field = names.next();
            if (!ENTRY_FIELDS.contains(field)) {
                throw new SafetensorsException(file, where, "unknown field " + quote(field));
            }
        }
        JsonNode dtypeNode = node.get("dtype");
        if (dtypeNode == null || !dtypeNode.isTextual()) {
            throw new SafetensorsException(file, where, "missing or non-string 'dtype'");
        }
        SafetensorsDType dtype = SafetensorsDType.parse(dtypeNode.textValue());
        if (dtype == null) {
            throw new SafetensorsException(file, where, "unsupported dtype " + quote(dtypeNode.textValue())
                    + " (ltx reads F16, BF16, F32, F64, I32, I64)");
        }
        Shape shape = readShape(file, where, node.get("shape"));
        long[] offsets = readOffsets(file, where, node.get("data_offsets"));
        long begin = offsets[0];
        long end = offsets[1];
        if (begin > end || end > bufferLength) {
            throw new SafetensorsException(file, where, "data_offsets [" + begin + ", " + end
                    + "] out of range for a data buffer of " + bufferLength + " bytes");
        }
        long needed = (long) shape.numel() * dtype.bytes();
        if (end - begin != needed) {
            throw new SafetensorsException(file, where, "data_offsets [" + begin + ", " + end + "] span "
                    + (end - begin) + " bytes but " + dtype + " shape " + shape + " needs " + needed);
        }
        return new Entry(name, dtype, shape, begin, end);
    }

    private static Shape readShape(Path file, String where, JsonNode node) throws SafetensorsException {
        if (node == null || !node.isArray()) {
            throw new SafetensorsException(file, where, "missing or non-array 'shape'");
        }
        if (node.size() > 64) {
            throw new SafetensorsException(file, where, "shape has " + node.size() + " axes (at most 64 allowed)");
        }
        int[] dims = new int[node.size()];
        long numel = 1;
        for (int i = 0; i < dims.length; i++) {
            JsonNode d = node.get(i);
            if (!d.isIntegralNumber() || !d.canConvertToLong() || d.longValue() < 0
                    || d.longValue() > Integer.MAX_VALUE) {
                throw new SafetensorsException(file, where, "shape entry " + i + " is " + d
                        + ", not an integer in [0, 2^31-1]");
            }
            dims[i] = d.intValue();
            numel *= dims[i];
            if (numel > Integer.MAX_VALUE) {
                throw new SafetensorsException(file, where, "shape " + node + " has more than 2^31-1 elements");
            }
        }
        return Shape.of(dims);
    }

    private static long[] readOffsets(Path file, String where, JsonNode node) throws SafetensorsException {
        if (node == null || !node.isArray() || node.size() != 2) {
            throw new SafetensorsException(file, where, "'data_offsets' must be an array of two integers");
        }
        long[] out = new long[2];
        for (int i = 0; i < 2; i++) {
            JsonNode d = node.get(i);
            if (!d.isIntegralNumber() || !d.canConvertToLong() || d.longValue() < 0) {
                throw new SafetensorsException(file, where, "data_offsets entry " + i + " is " + d
                        + ", not a non-negative integer");
            }
            out[i] = d.longValue();
        }
        return out;
    }

    /** Sorts by offset and requires the entries to tile the buffer exactly. */
    private static void checkLayout(Path file, List<Entry> entries, long bufferLength) throws SafetensorsException {
        entries.sort(Comparator.comparingLong(Entry::begin).thenComparingLong(Entry::end));
        long covered = 0;
        Entry previous = null;
        for (Entry e : entries) {
            if (e.begin() < covered) {
                throw new SafetensorsException(file, "tensor " + quote(e.name()), "data_offsets [" + e.begin() + ", "
                        + e.end() + "] overlap tensor " + quote(previous.name()) + " ending at " + covered);
            }
            if (e.begin() > covered) {
                throw new SafetensorsException(file, "tensor " + quote(e.name()), "data_offsets begin at "
                        + e.begin() + " leaving bytes [" + covered + ", " + e.begin() + ") unused");
            }
            covered = e.end();
            previous = e;
        }
        if (covered != bufferLength) {
            throw new SafetensorsException(file, "data buffer", "has " + bufferLength
                    + " bytes but the tensors cover only " + covered);
        }
    }

    /**
     * Encodes a header for tensors laid out consecutively in the given order, padded with spaces
     * so that its length is a multiple of 8 (the data buffer then starts 8-byte aligned).
     */
    static byte[] encode(List<Entry> entries, Map<String, String> metadata) {
        ObjectNode root = MAPPER.createObjectNode();
        if (!metadata.isEmpty()) {
            ObjectNode meta = root.putObject(METADATA_KEY);
            metadata.forEach(meta::put);
        }
        for (Entry e : entries) {
            ObjectNode t = root.putObject(e.name());
            t.put("dtype", e.dtype().name());
            ArrayNode shape = t.putArray("shape");
            for (int d : e.shape().dims()) shape.add(d);
            t.putArray("data_offsets").add(e.begin()).add(e.end());
        }
        byte[] raw;
        try {
            raw = MAPPER.writeValueAsBytes(root);
        } catch (JacksonException e) {
            throw new IllegalStateException("cannot encode safetensors header", e);
        }
        int padded = (raw.length + 7) & ~7;
        byte[] out = new byte[padded];
        System.arraycopy(raw, 0, out, 0, raw.length);
        for (int i = raw.length; i < padded; i++) out[i] = ' ';
        return out;
    }
}

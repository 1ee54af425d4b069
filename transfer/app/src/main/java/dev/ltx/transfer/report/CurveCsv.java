package dev.ltx.transfer.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Per-step or per-epoch curves as long-format CSV (RFC 4180): header {@code method,pair,x,value},
 * then one line per method, run and x, where {@code pair} numbers the runs (seed pairs) from 1 in
 * the series' order and {@code x} counts from 1. Values are written with {@link Double#toString},
 * so reading them back gives the identical doubles.
 */
public final class CurveCsv {

    /** The header line's columns. */
    public static final List<String> HEADER = List.of("method", "pair", "x", "value");

    private CurveCsv() {
    }

    /** The CSV text for the series, in their order (newline-terminated lines), x = 1, 2, 3, ... */
    public static String render(List<Series> series) {
        return render(series, null);
    }

    /** The CSV text with {@code x[i]} in the x column (null: 1, 2, 3, ...). */
    public static String render(List<Series> series, double[] x) {
        Objects.requireNonNull(series, "series");
        StringBuilder sb = new StringBuilder(String.join(",", HEADER)).append('\n');
        for (Series s : series) {
            String method = quote(s.label());
            for (int p = 0; p < s.runCount(); p++) {
                for (int i = 0; i < s.length(); i++) {
                    sb.append(method).append(',').append(p + 1).append(',')
                            .append(x == null ? Integer.toString(i + 1) : Double.toString(x[i])).append(',')
                            .append(s.value(p, i)).append('\n');
                }
            }
        }
        return sb.toString();
    }

    /** Writes {@link #render(List)} atomically as UTF-8. */
    public static void write(Path target, List<Series> series) throws IOException {
        AtomicFiles.writeString(target, render(series));
    }

    /** Writes a figure's curves with its x values atomically as UTF-8. */
    public static void write(Path target, Figure figure) throws IOException {
        AtomicFiles.writeString(target, render(figure.series(), figure.x()));
    }

    /**
     * Reads a file written by {@link #write}: method → runs (pair order), methods in order of first
     * appearance. Lines may come in any order, but every method needs every pair 1..k and every x
     * 1..n exactly once, with the same n for all its pairs.
     *
     * @throws IllegalArgumentException for a malformed file, naming the line
     */
    public static Map<String, List<double[]>> read(Path source) throws IOException {
        List<String> lines = Files.readAllLines(source, StandardCharsets.UTF_8);
        if (lines.isEmpty() || !parseLine(lines.get(0), 1).equals(HEADER)) {
            throw new IllegalArgumentException(source + ": expected header " + String.join(",", HEADER));
        }
        Map<String, TreeMap<Integer, TreeMap<Integer, Double>>> cells = new LinkedHashMap<>();
        for (int ln = 1; ln < lines.size(); ln++) {
            if (lines.get(ln).isEmpty()) {
                continue;
            }
            List<String> f = parseLine(lines.get(ln), ln + 1);
            if (f.size() != HEADER.size()) {
                throw new IllegalArgumentException(source + " line " + (ln + 1) + ": expected 4 fields, got " + f.size());
            }
            int pair = positive(f.get(1), "pair", ln + 1);
            int x = positive(f.get(2), "x", ln + 1);
            double value;
            try {
                value = Double.parseDouble(f.get(3));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(source + " line " + (ln + 1) + ": bad value '" + f.get(3) + "'");
            }
            Double old = cells.computeIfAbsent(f.get(0), k -> new TreeMap<>())
                    .computeIfAbsent(pair, k -> new TreeMap<>()).put(x, value);
            if (old != null) {
                throw new IllegalArgumentException(source + " line " + (ln + 1) + ": duplicate method '" + f.get(0)
                        + "' pair " + pair + " x " + x);
            }
        }
        Map<String, List<double[]>> out = new LinkedHashMap<>();
        for (var e : cells.entrySet()) {
            out.put(e.getKey(), toRuns(e.getKey(), e.getValue()));
        }
        return out;
    }

    private static List<double[]> toRuns(String method, TreeMap<Integer, TreeMap<Integer, Double>> pairs) {
        List<double[]> runs = new ArrayList<>();
        int expectPair = 1;
        for (var p : pairs.entrySet()) {
            if (p.getKey() != expectPair++) {
                throw new IllegalArgumentException("method '" + method + "': pairs are not numbered 1.." + pairs.size());
            }
            TreeMap<Integer, Double> xs = p.getValue();
            if (xs.lastKey() != xs.size()) {
                throw new IllegalArgumentException("method '" + method + "' pair " + p.getKey()
                        + ": x values are not 1.." + xs.size());
            }
            double[] run = new double[xs.size()];
            xs.forEach((x, v) -> run[x - 1] = v);
            if (!runs.isEmpty() && runs.get(0).length != run.length) {
                throw new IllegalArgumentException("method '" + method + "': pair 1 has " + runs.get(0).length
                        + " values, pair " + p.getKey() + " has " + run.length);
            }
            runs.add(run);
        }
        return runs;
    }

    private static int positive(String s, String what, int line) {
        try {
            int v = Integer.parseInt(s);
            if (v >= 1) {
                return v;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new IllegalArgumentException("line " + line + ": " + what + " must be a positive integer, got '" + s + "'");
    }

    /** Quotes a field if it holds a comma or quote, doubling embedded quotes; rejects line breaks. */
    static String quote(String field) {
        if (field.indexOf('\n') >= 0 || field.indexOf('\r') >= 0) {
            throw new IllegalArgumentException("CSV field must not contain a line break: '" + field + "'");
        }
        if (field.indexOf(',') < 0 && field.indexOf('"') < 0) {
            return field;
        }
        return '"' + field.replace("\"", "\"\"") + '"';
    }

    /** Splits one CSV line (no embedded line breaks) into unquoted fields. */
    static List<String> parseLine(String line, int lineNo) {
        List<String> fields = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        int i = 0;
        while (true) {
            cur.setLength(0);
            if (i < line.length() && line.charAt(i) == '"') {
                i++;
                while (true) {
                    if (i >= line.length()) {
                        throw new IllegalArgumentException("line " + lineNo + ": unterminated quoted field");
                    }
                    char c = line.charAt(i++);
                    if (c != '"') {
                        cur.append(c);
                    } else if (i < line.length() && line.charAt(i) == '"') {
                        cur.append('"');
                        i++;
                    } else {
                        break;
                    }
                }
                if (i < line.length() && line.charAt(i) != ',') {
                    throw new IllegalArgumentException("line " + lineNo + ": text after a closing quote");
                }
            } else {
                while (i < line.length() && line.charAt(i) != ',') {
                    cur.append(line.charAt(i++));
                }
            }
            fields.add(cur.toString());
            if (i >= line.length()) {
                return fields;
            }
            i++; // skip the comma
        }
    }
}

package dev.ltx.nn.optim;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Reads the text form of an {@link LrSchedule} (see {@link LrSchedule#parse}). */
final class LrScheduleParser {
    private static final String THEN = " then ";

    private LrScheduleParser() {
    }

    static LrSchedule parse(String spec) {
        if (spec == null || spec.isBlank()) {
            throw new IllegalArgumentException("empty learning-rate schedule");
        }
        String s = spec.strip();
        int colon = s.indexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException("schedule '" + s + "' must look like <kind>:<key>=<value>,...");
        }
        String kind = s.substring(0, colon).strip();
        String rest = s.substring(colon + 1);
        if (kind.equals("linear-warmup")) {
            int then = rest.indexOf(THEN);
            if (then < 0) {
                throw new IllegalArgumentException("schedule '" + s + "': linear-warmup needs 'steps=N then <schedule>'");
            }
            Map<String, String> kv = keyValues(rest.substring(0, then), s, Set.of("steps"), Set.of());
            return new LrSchedule.LinearWarmup(parseLong(kv, "steps", s), parse(rest.substring(then + THEN.length())));
        }
        return switch (kind) {
            case "constant" -> {
                Map<String, String> kv = keyValues(rest, s, Set.of("lr"), Set.of());
                yield new LrSchedule.Constant(parseDouble(kv, "lr", s));
            }
            case "cosine" -> {
                Map<String, String> kv = keyValues(rest, s, Set.of("lr", "epochs"), Set.of("warmup"));
                int warmup = kv.containsKey("warmup") ? parseInt(kv.get("warmup"), "warmup", s) : 0;
                yield new LrSchedule.WarmupCosine(parseDouble(kv, "lr", s), warmup, parseInt(kv.get("epochs"), "epochs", s));
            }
            case "multistep" -> {
                Map<String, String> kv = keyValues(rest, s, Set.of("lr", "milestones", "gamma"), Set.of());
                List<Integer> milestones = new ArrayList<>();
                for (String m : kv.get("milestones").split("/", -1)) {
                    milestones.add(parseInt(m, "milestones", s));
                }
                yield new LrSchedule.MultiStep(parseDouble(kv, "lr", s), milestones, parseDouble(kv, "gamma", s));
            }
            default -> throw new IllegalArgumentException("schedule '" + s + "': unknown kind '" + kind
                    + "' (expected constant, cosine, multistep or linear-warmup)");
        };
    }

    /** Throws unless epoch and step are non-negative. */
    static void checkTime(int epoch, long step) {
        if (epoch < 0 || step < 0) {
            throw new IllegalArgumentException("epoch and step must be >= 0, got epoch " + epoch + ", step " + step);
        }
    }

    private static Map<String, String> keyValues(String text, String spec, Set<String> required, Set<String> optional) {
        Map<String, String> kv = new LinkedHashMap<>();
        for (String part : text.split(",", -1)) {
            int eq = part.indexOf('=');
            String key = eq < 0 ? part.strip() : part.substring(0, eq).strip();
            if (eq < 0 || !(required.contains(key) || optional.contains(key))) {
                throw new IllegalArgumentException("schedule '" + spec + "': unexpected '" + part.strip()
                        + "' (keys: " + required + (optional.isEmpty() ? "" : ", optional " + optional) + ")");
            }
            if (kv.put(key, part.substring(eq + 1).strip()) != null) {
                throw new IllegalArgumentException("schedule '" + spec + "': key '" + key + "' given twice");
            }
        }
        for (String key : required) {
            if (!kv.containsKey(key)) {
                throw new IllegalArgumentException("schedule '" + spec + "': missing '" + key + "'");
            }
        }
        return kv;
    }

    private static double parseDouble(Map<String, String> kv, String key, String spec) {
        try {
            return Double.parseDouble(kv.get(key));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("schedule '" + spec + "': " + key + " '" + kv.get(key) + "' is not a number");
        }
    }

    private static long parseLong(Map<String, String> kv, String key, String spec) {
        try {
            return Long.parseLong(kv.get(key));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("schedule '" + spec + "': " + key + " '" + kv.get(key) + "' is not an integer");
        }
    }

    private static int parseInt(String value, String key, String spec) {
        try {
            return Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("schedule '" + spec + "': " + key + " '" + value + "' is not an integer");
        }
    }
}

package dev.ltx.transfer.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * {@code --config FILE}: a JSON object whose keys are a subcommand's long option names without
 * the dashes ({@code {"model": "mlp", "epochs": 10, "weight-decay": 0, "bias": false,
 * "checkpoint-epochs": [-1, 0, 9]}}). It is expanded into ordinary options placed in front of the
 * command-line ones, so the same converters and checks apply and an option given on the command
 * line overrides the file (the last occurrence of an option wins). Booleans become
 * {@code --key} / {@code --no-key}, arrays comma-separated values, null leaves the option unset.
 * A run folder's own {@code config.json} is also accepted by {@code ltx train} (see
 * {@link RunConfigOptions}), so a finished run can be repeated.
 */
final class ConfigFile {
    static final String OPTION = "--config";
    private static final ObjectMapper JSON = new ObjectMapper();

    private ConfigFile() {
    }

    /**
     * {@code args} with the subcommand's {@code --config FILE} (first occurrence) replaced by the
     * file's options inserted right after the subcommand name.
     *
     * @param subcommands name → spec of each subcommand that accepts {@code --config}
     * @throws IllegalArgumentException for an unreadable file, malformed JSON or an unknown key
     */
    static String[] expand(String[] args, Map<String, CommandSpec> subcommands) {
        int sub = -1;
        for (int i = 0; i < args.length && sub < 0; i++) {
            if (subcommands.containsKey(args[i])) {
                sub = i;
            } else if (!args[i].startsWith("-")) {
                return args;
            }
        }
        if (sub < 0) {
            return args;
        }
        List<String> rest = new ArrayList<>();
        String file = null;
        for (int i = sub + 1; i < args.length; i++) {
            String a = args[i];
            if (file == null && a.equals(OPTION)) {
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException("Missing required parameter for option '" + OPTION + "' (FILE)");
                }
                file = args[++i];
            } else if (file == null && a.startsWith(OPTION + "=")) {
                file = a.substring(OPTION.length() + 1);
            } else {
                rest.add(a);
            }
        }
        if (file == null) {
            return args;
        }
        List<String> out = new ArrayList<>(List.of(args).subList(0, sub + 1));
        out.addAll(options(Path.of(file), subcommands.get(args[sub])));
        out.addAll(rest);
        return out.toArray(new String[0]);
    }

    /** The options a config file stands for. */
    static List<String> options(Path file, CommandSpec spec) {
        JsonNode root;
        try {
            root = JSON.readTree(Files.readString(file));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("config file " + file + " is not valid JSON: "
                    + e.getOriginalMessage());
        } catch (java.nio.file.NoSuchFileException e) {
            throw new IllegalArgumentException("cannot read config file " + file + ": no such file");
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read config file " + file + ": " + e.getMessage());
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("config file " + file + " must hold a JSON object of option names to values");
        }
        if (RunConfigOptions.isRunConfig(root)) {
            return RunConfigOptions.options(root, file);
        }
        List<String> out = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String key = e.getKey();
            JsonNode v = e.getValue();
            OptionSpec opt = key.equals("config") || key.equals("help") || key.equals("version") ? null
                    : spec.findOption("--" + key);
            if (opt == null) {
                TreeSet<String> known = new TreeSet<>();
                for (OptionSpec o : spec.options()) {
                    String n = o.longestName().replaceFirst("^--", "");
                    if (!n.equals("config") && !n.equals("help") && !n.equals("version")) {
                        known.add(n);
                    }
                }
                throw new IllegalArgumentException("unknown key '" + key + "' in config file " + file + "; keys are "
                        + String.join(", ", known));
            }
            if (v.isNull()) {
                continue;
            }
            String name = "--" + key;
            if (opt.type() == boolean.class || opt.type() == Boolean.class) {
                if (!v.isBoolean()) {
                    throw new IllegalArgumentException("key '" + key + "' in config file " + file
                            + " must be true or false, got " + v);
                }
                out.add(v.booleanValue() ? name : "--no-" + key);
            } else if (v.isArray()) {
                List<String> items = new ArrayList<>();
                for (JsonNode item : v) {
                    items.add(scalar(item, key, file));
                }
                out.add(name + "=" + String.join(",", items));
            } else {
                out.add(name + "=" + scalar(v, key, file));
            }
        }
        return out;
    }

    private static String scalar(JsonNode v, String key, Path file) {
        if (!v.isValueNode() || v.isNull()) {
            throw new IllegalArgumentException("key '" + key + "' in config file " + file
                    + " must be a string, number, boolean or an array of them, got " + v);
        }
        return v.asText();
    }

    /** A spec of {@code command} alone (for tests and lookups). */
    static CommandSpec specOf(Object command) {
        return new CommandLine(command).getCommandSpec();
    }
}

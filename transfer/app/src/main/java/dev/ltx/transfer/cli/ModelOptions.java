package dev.ltx.transfer.cli;

import dev.ltx.nn.models.Activation;
import dev.ltx.nn.models.ModelConfig;
import dev.ltx.nn.models.ModelKind;
import dev.ltx.nn.models.json.ModelDescription;
import dev.ltx.nn.models.json.ModelDescriptionException;
import dev.ltx.nn.models.json.ModelDescriptionParser;
import dev.ltx.nn.train.DatasetKind;
import dev.ltx.nn.train.TrainingData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * The built-in models' settings, shared by {@code ltx transfer} (checkpoint-file mode) and
 * {@code ltx spec}, and the resolution of a model name or JSON description file into a
 * {@link ModelChoice}, fitted to a dataset when one is given. Every problem is a {@link ParameterException} (exit 2, one line).
 */
final class ModelOptions {
    @Option(names = "--width", paramLabel = "H", description = "MLP hidden width (default 4096).")
    Integer width;

    @Option(names = "--width-factor", paramLabel = "F", description = "Channel multiplier of conv nets and ResNet (default 1).")
    Double widthFactor;

    @Option(names = "--activation", paramLabel = "relu|none", converter = CliValues.Act.class,
            description = "MLP hidden activation (default relu).")
    Activation activation;

    @Option(names = "--bias", negatable = true, description = "MLP layers with biases (default off, as official).")
    Boolean bias;

    /** Whether any setting was given. */
    boolean anySet() {
        return width != null || widthFactor != null || activation != null || bias != null;
    }

    /** Whether {@code text} names a description file rather than a built-in kind. */
    static boolean isFile(String text) {
        return text.endsWith(".json") || Files.isRegularFile(Path.of(text));
    }

    /**
     * The chosen model; with a {@code dataset}, a built-in model takes the dataset's input shape and
     * classes and a described one must match them.
     */
    ModelChoice resolve(CommandLine cl, String option, String text, DatasetKind dataset, int classSubset) {
        if (text == null) {
            throw new ParameterException(cl, "Missing required option: '" + option + "=KIND|FILE.json'");
        }
        if (isFile(text)) {
            ModelDescription d = read(cl, option, Path.of(text));
            if (dataset != null) {
                fit(cl, text, d, dataset, classSubset);
            }
            return new ModelChoice(text, null, d);
        }
        ModelKind kind;
        try {
            kind = ModelKind.parse(text);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(cl, "Invalid value for option '" + option + "': " + e.getMessage()
                    + " (or give a JSON model description file)");
        }
        try {
            ModelConfig c = ModelConfig.defaults(kind);
            if (width != null || activation != null || bias != null) {
                c = c.withMlp(width != null ? width : c.mlpWidth(), activation != null ? activation : c.activation(),
                        bias != null ? bias : c.bias());
            }
            if (widthFactor != null) {
                c = c.withWidthFactor(widthFactor);
            }
            if (dataset != null) {
                int[] in = TrainingData.inputShape(dataset, classSubset, kind);
                c = c.withInput(in[0], in[1]).withNumClasses(in[2]);
            }
            return new ModelChoice(kind.cliName(), c, null);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(cl, "invalid model settings: " + e.getMessage());
        }
    }

    private static ModelDescription read(CommandLine cl, String option, Path file) {
        try {
            return ModelDescriptionParser.read(file);
        } catch (ModelDescriptionException e) {
            throw new ParameterException(cl, "Invalid value for option '" + option + "': " + e.getMessage());
        } catch (IOException e) {
            throw new ParameterException(cl, "Invalid value for option '" + option + "': " + file + ": cannot read ("
                    + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")");
        }
    }

    /** Checks that images of {@code dataset} (zero-padded, centred) fit the described input and classes. */
    private static void fit(CommandLine cl, String file, ModelDescription d, DatasetKind dataset, int classSubset) {
        int[] raw = TrainingData.inputShape(dataset, classSubset, ModelKind.MLP);
        String why = null;
        if (d.channels() != raw[0]) {
            why = "input has " + d.channels() + " channels but " + dataset.cliName() + " images have " + raw[0];
        } else if (d.height() != d.width() || d.height() < raw[1] || (d.height() - raw[1]) % 2 != 0) {
            why = "input " + d.height() + "x" + d.width() + " cannot hold " + dataset.cliName() + "'s " + raw[1] + "x"
                    + raw[1] + " images (needs a square side of " + raw[1] + " plus an even zero margin)";
        } else if (d.outputs() != raw[2]) {
            why = "the model outputs " + d.outputs() + " values per sample but " + dataset.cliName() + " has " + raw[2]
                    + " classes";
        }
        if (why != null) {
            throw new ParameterException(cl, file + ": " + why);
        }
    }
}

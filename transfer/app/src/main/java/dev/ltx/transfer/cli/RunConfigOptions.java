package dev.ltx.transfer.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ltx.nn.models.ModelConfig;
import dev.ltx.nn.optim.LrSchedule;
import dev.ltx.nn.train.OptimizerKind;
import dev.ltx.nn.train.OptimizerSettings;
import dev.ltx.nn.train.TrainConfig;
import dev.ltx.nn.train.TrainConfigJson;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * A run folder's {@code config.json} (written by {@code ltx train}, nested {@code model} and
 * {@code optimizer} objects) as {@code ltx train} options, so {@code ltx train --config
 * RUN/config.json --out AGAIN} repeats a run. The file is read with {@link TrainConfigJson} (so it
 * is validated exactly as a run folder is) and turned back into the options that build the same
 * {@link TrainConfig}; options given on the command line still override it.
 */
final class RunConfigOptions {
    private RunConfigOptions() {
    }

    /** Whether {@code root} has the run-folder shape (a {@code model} object) rather than flat option names. */
    static boolean isRunConfig(JsonNode root) {
        return root.path("model").isObject();
    }

    /**
     * The {@code ltx train} options equivalent to the run configuration {@code root}.
     *
     * @throws IllegalArgumentException naming {@code file} and the field at fault, or when the
     *                                  configuration holds settings the options cannot express
     */
    static List<String> options(JsonNode root, Path file) {
        TrainConfig c;
        try {
            c = TrainConfigJson.fromJson(root);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("run config file " + file + ": " + e.getMessage());
        }
        OptimizerSettings s = c.optimizer();
        if (s.kind() == OptimizerKind.ADAMW) {
            OptimizerSettings defaults = OptimizerSettings.adamw(s.weightDecay());
            if (s.beta1() != defaults.beta1() || s.beta2() != defaults.beta2() || s.eps() != defaults.eps()) {
                throw new IllegalArgumentException("run config file " + file + ": AdamW betas/eps (" + s.beta1() + ", "
                        + s.beta2() + ", " + s.eps() + ") differ from the defaults that ltx train uses");
            }
        }
        ModelConfig m = c.model();
        List<String> out = new ArrayList<>();
        add(out, "model", m.kind().cliName());
        add(out, "dataset", c.dataset().cliName());
        if (c.dataDir() != null) {
            add(out, "data-dir", c.dataDir().toString());
        }
        add(out, "class-subset", c.classSubset());
        add(out, "augment", c.augmentation().cliName());
        add(out, "split-seed", c.splitSeed());
        add(out, "train-examples", c.maxTrainExamples());
        add(out, "eval-examples", c.maxEvalExamples());
        add(out, "epochs", c.epochs());
        add(out, "batch-size", c.batchSize());
        add(out, "eval-batch-size", c.evalBatchSize());
        add(out, "optimizer", s.kind().cliName());
        add(out, "momentum", s.momentum());
        add(out, "weight-decay", s.weightDecay());
        out.add(s.nesterov() ? "--nesterov" : "--no-nesterov");
        add(out, "schedule", scheduleSpec(c.schedule()));
        add(out, "seed", c.seed());
        add(out, "checkpoint-epochs", c.checkpointEpochs().isEmpty() ? "none"
                : c.checkpointEpochs().stream().map(String::valueOf).collect(Collectors.joining(",")));
        if (c.pretrained() != null) {
            add(out, "init-from", c.pretrained().checkpoint().toString());
            add(out, "head-seed", c.pretrained().headSeed());
        }
        add(out, "threads", c.threads());
        add(out, "log-every", c.logEvery());
        add(out, "width", m.mlpWidth());
        add(out, "width-factor", m.widthFactor());
        add(out, "activation", m.activation().name().toLowerCase(Locale.ROOT));
        out.add(m.bias() ? "--bias" : "--no-bias");
        return out;
    }

    /** The schedule's full spec, which {@code --schedule} parses regardless of {@code --lr}. */
    private static String scheduleSpec(LrSchedule s) {
        String spec = s.spec();
        if (!spec.contains("=")) {
            throw new IllegalStateException("schedule spec without parameters: " + spec);
        }
        return spec;
    }

    private static void add(List<String> out, String key, Object value) {
        out.add("--" + key + "=" + value);
    }
}

package dev.ltx.transfer.cli;

import dev.ltx.engine.DType;
import dev.ltx.engine.Shape;
import dev.ltx.engine.cpu.CpuBackend;
import dev.ltx.nn.LayerInit;
import dev.ltx.nn.Module;
import dev.ltx.nn.train.DatasetKind;
import dev.ltx.transfer.perm.AxisRef;
import dev.ltx.transfer.perm.PermutationGroup;
import dev.ltx.transfer.perm.PermutationSpec;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code ltx spec MODEL_OR_JSON}: the permutation spec ltx derives for a built-in model or a JSON
 * model description, in Git Re-basin's two views: each group with the (parameter, axis) pairs it
 * permutes ({@code perm_to_axes}), then each parameter with the group on every axis or
 * {@code None} ({@code axes_to_perm}).
 */
@Command(name = "spec", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Print the permutation groups of a model and which tensor axes each permutes.",
            "Example: ltx spec conv8    or    ltx spec my-model.json"})
final class SpecCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "MODEL_OR_JSON",
            description = "mlp, conv4, conv6, conv8, resnet18, resnet18-32, or a JSON model description file.")
    String model;

    @Option(names = "--dataset", paramLabel = "NAME", converter = CliValues.Data.class,
            description = "Fit a built-in model's input and classes to this dataset (default: the paper's setting).")
    DatasetKind dataset;

    @Mixin
    ModelOptions modelOptions = new ModelOptions();

    @Override
    public Integer call() {
        int subset = dataset == DatasetKind.CIFAR100 ? 1 : 0;
        ModelChoice choice = modelOptions.resolve(spec.commandLine(), "MODEL_OR_JSON", model, dataset, subset);
        PermutationSpec ps;
        long parameters;
        try (CpuBackend backend = CpuBackend.create()) {
            Module m = choice.build(LayerInit.seeded(backend, DType.F32, 0));
            parameters = m.parameterCount();
            try {
                ps = PermutationSpec.of(m);
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), choice.label() + ": " + e.getMessage());
            }
        }
        print(spec.commandLine().getOut(), choice.label(), parameters, ps);
        return 0;
    }

    /** Writes both views of {@code ps}. */
    static void print(PrintWriter out, String label, long parameters, PermutationSpec ps) {
        out.printf(Locale.ROOT, "model %s: %d parameter tensors, %,d parameters, %d permutation groups%n", label,
                ps.parameters().size(), parameters, ps.groups().size());
        out.println("groups (perm_to_axes):");
        for (PermutationGroup g : ps.groups()) {
            List<String> members = new ArrayList<>();
            for (AxisRef a : ps.members(g.name())) {
                members.add(a.param() + "[" + a.axis() + "]");
            }
            out.printf(Locale.ROOT, "  %s (%d): %s%n", g.name(), g.size(), String.join(", ", members));
        }
        out.println("parameters (axes_to_perm):");
        for (String p : ps.parameters()) {
            List<String> axes = new ArrayList<>();
            for (PermutationGroup g : ps.axes(p)) {
                axes.add(g == null ? "None" : g.name());
            }
            Shape s = ps.shape(p);
            out.printf(Locale.ROOT, "  %s %s: (%s)%n", p, s, String.join(", ", axes));
        }
        out.flush();
    }
}

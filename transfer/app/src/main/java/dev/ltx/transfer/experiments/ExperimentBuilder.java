package dev.ltx.transfer.experiments;

import dev.ltx.nn.models.ModelConfig;
import dev.ltx.nn.train.DatasetKind;
import dev.ltx.transfer.Method;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/** Optional settings of an {@link ExperimentDefinition}; defaults are the paper's MNIST experiment's. */
public final class ExperimentBuilder {
    String name;
    final ModelConfig model;
    final DatasetKind dataset;
    String paperFigure = "";
    Scenario scenario = Scenario.RANDOM_INIT;
    Path dataDir;
    int classSubset;
    int trainExamples;
    int evalExamples;
    TrainingRecipe training = TrainingRecipe.mnistSgd(10);
    List<SeedPair> pairs = List.of(new SeedPair(101, 102), new SeedPair(201, 202), new SeedPair(301, 302));
    int transferSeeds = 1;
    List<Method> methods = List.of(Method.NAIVE, Method.ORACLE, Method.GMT, Method.FGMT);
    TransferRecipe transfer = TransferRecipe.endpoints(10, 1);
    FineTuneRecipe fineTune = FineTuneRecipe.mnist(3);
    Set<Analysis> analyses = EnumSet.of(Analysis.TRANSFER_CURVES, Analysis.FINE_TUNING_CURVES,
            Analysis.COST);
    List<Claim> claims = Claim.RANDOM_INIT;
    int threads;
    List<String> notes = List.of();
    Pretraining pretraining;

    ExperimentBuilder(String name, ModelConfig model, DatasetKind dataset) {
        this.name = name;
        this.model = model;
        this.dataset = dataset;
        this.classSubset = dataset == DatasetKind.CIFAR100 ? 1 : 0;
    }

    /** Renames the experiment (report title, default output folder). */
    public ExperimentBuilder name(String v) {
        name = v;
        return this;
    }

    public ExperimentBuilder paperFigure(String v) {
        paperFigure = v;
        return this;
    }

    public ExperimentBuilder scenario(Scenario v) {
        scenario = v;
        return this;
    }

    public ExperimentBuilder dataDir(Path v) {
        dataDir = v;
        return this;
    }

    public ExperimentBuilder classSubset(int v) {
        classSubset = v;
        return this;
    }

    public ExperimentBuilder trainExamples(int v) {
        trainExamples = v;
        return this;
    }

    public ExperimentBuilder evalExamples(int v) {
        evalExamples = v;
        return this;
    }

    public ExperimentBuilder training(TrainingRecipe v) {
        training = v;
        return this;
    }

    public ExperimentBuilder pairs(List<SeedPair> v) {
        pairs = v;
        return this;
    }

    public ExperimentBuilder transferSeeds(int v) {
        transferSeeds = v;
        return this;
    }

    public ExperimentBuilder methods(List<Method> v) {
        methods = v;
        return this;
    }

    public ExperimentBuilder transfer(TransferRecipe v) {
        transfer = v;
        return this;
    }

    public ExperimentBuilder fineTune(FineTuneRecipe v) {
        fineTune = v;
        return this;
    }

    public ExperimentBuilder analyses(Set<Analysis> v) {
        analyses = v;
        return this;
    }

    public ExperimentBuilder claims(List<Claim> v) {
        claims = v;
        return this;
    }

    public ExperimentBuilder threads(int v) {
        threads = v;
        return this;
    }

    /** Deviations from the paper and known findings (one paragraph each), printed in the summary. */
    public ExperimentBuilder notes(List<String> v) {
        notes = v;
        return this;
    }

    /** The pre-trained scenario's pre-training stage (sets the scenario to {@link Scenario#PRETRAINED}). */
    public ExperimentBuilder pretraining(Pretraining v) {
        pretraining = v;
        scenario = v == null ? Scenario.RANDOM_INIT : Scenario.PRETRAINED;
        if (v != null && claims == Claim.RANDOM_INIT) {
            claims = Claim.PRETRAINED;
        }
        return this;
    }

    /** The validated definition. */
    public ExperimentDefinition build() {
        return new ExperimentDefinition(name, paperFigure, scenario, model, dataset, dataDir, classSubset,
                trainExamples, evalExamples, training, pairs, transferSeeds, methods, transfer, fineTune, analyses, claims, threads,
                notes, pretraining);
    }
}

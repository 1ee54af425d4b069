package dev.ltx.transfer.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ltx.engine.Tensor;
import dev.ltx.transfer.FineTuneResult;
import dev.ltx.transfer.LearningTransfer;
import dev.ltx.transfer.TransferData;
import dev.ltx.transfer.ensemble.Ensembles;
import dev.ltx.transfer.ensemble.Predictions;
import dev.ltx.transfer.report.AtomicFiles;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The ensemble study of paper Appendix E.2 after {@code ltx transfer --finetune-epochs N}, on the
 * test split: the trained source with each transferred-then-trained model (N epochs from the best
 * step) against the source with the fully trained target (the target run's final checkpoint,
 * when {@code --target-init} was a run folder), their test accuracies and prediction disagreement,
 * and the ensembles of all of them; written as {@code ensemble.md} and {@code ensemble.json}.
 * Fine-tuned models of a network with batch norm are evaluated with statistics re-estimated on
 * training batches (the transfer's BN setting); trained runs with their own statistics.
 */
final class EnsembleReport {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private EnsembleReport() {
    }

    static void write(Path out, List<LearningTransfer> transfers, List<Path> inits, List<FineTuneResult> tuned,
                      int bnIters, long seed, PrintStream log) throws IOException {
        LearningTransfer first = transfers.get(0);
        TransferData data = first.data();
        if (data.test() == null || data.test().size() == 0) {
            log.println("ensembles: skipped (the data has no test split)");
            return;
        }
        Predictions source = predict(first, first.trainedSource());
        List<Predictions> transferred = new ArrayList<>();
        List<Predictions> trained = new ArrayList<>();
        ObjectNode root = JSON.createObjectNode();
        root.put("split", "test");
        root.put("finetune_epochs", tuned.get(0).epochs().size());
        root.put("source_test_accuracy", source.accuracy());
        ArrayNode rows = root.putArray("targets");
        StringBuilder md = new StringBuilder("# Ensembles (paper Appendix E.2)\n\n");
        md.append(String.format(Locale.ROOT, "Test split. The trained source alone: %.2f %%. \"Transferred + %d ep\":"
                + " fine-tuned %d epochs from the transfer's best step; \"fully trained\": the target run's final"
                + " checkpoint. Ensembles average the members' class probabilities; disagreement is the share of"
                + " examples on which two models predict different classes.%n%n", source.accuracy(),
                tuned.get(0).epochs().size(), tuned.get(0).epochs().size()));
        md.append("| target | transferred + FT | ensemble with source | disagreement with source | fully trained |"
                + " ensemble with source | disagreement with source |\n| --- | --- | --- | --- | --- | --- | --- |\n");
        for (int k = 0; k < transfers.size(); k++) {
            LearningTransfer lt = transfers.get(k);
            Predictions ft = predict(lt, lt.evaluationState(tuned.get(k).parameters(), bnIters, seed));
            transferred.add(ft);
            Map<String, Tensor> full = lt.trainedTarget();
            Predictions target = full == null ? null : predict(lt, full);
            if (target != null) trained.add(target);
            ObjectNode row = rows.addObject();
            row.put("target", k + 1);
            row.put("init", inits.get(k).toString());
            row.put("transferred_trained_accuracy", ft.accuracy());
            row.put("ensemble_with_source_accuracy", Ensembles.accuracy(List.of(source, ft)));
            row.put("disagreement_with_source", Ensembles.disagreement(source, ft));
            md.append(String.format(Locale.ROOT, "| %d | %.2f | %.2f | %.2f | ", k + 1, ft.accuracy(),
                    Ensembles.accuracy(List.of(source, ft)), Ensembles.disagreement(source, ft)));
            if (target != null) {
                row.put("fully_trained_accuracy", target.accuracy());
                row.put("fully_trained_ensemble_with_source_accuracy", Ensembles.accuracy(List.of(source, target)));
                row.put("fully_trained_disagreement_with_source", Ensembles.disagreement(source, target));
                md.append(String.format(Locale.ROOT, "%.2f | %.2f | %.2f |%n", target.accuracy(),
                        Ensembles.accuracy(List.of(source, target)), Ensembles.disagreement(source, target)));
            } else {
                md.append("- | - | - |\n");
            }
        }
        List<Predictions> withTransferred = new ArrayList<>(List.of(source));
        withTransferred.addAll(transferred);
        ObjectNode all = root.putObject("all");
        all.put("members", withTransferred.size());
        all.put("source_and_transferred_accuracy", Ensembles.accuracy(withTransferred));
        if (transferred.size() > 1) {
            all.put("mean_disagreement_among_transferred", meanDisagreement(transferred));
        }
        md.append(String.format(Locale.ROOT, "%nSource and all %d transferred + FT models: %.2f %%%s",
                transferred.size(), Ensembles.accuracy(withTransferred), transferred.size() > 1 ? String.format(
                        Locale.ROOT, " (mean pairwise disagreement among them %.2f %%)", meanDisagreement(transferred))
                        : ""));
        if (trained.size() == transfers.size()) {
            List<Predictions> withTrained = new ArrayList<>(List.of(source));
            withTrained.addAll(trained);
            all.put("source_and_fully_trained_accuracy", Ensembles.accuracy(withTrained));
            if (trained.size() > 1) {
                all.put("mean_disagreement_among_fully_trained", meanDisagreement(trained));
            }
            md.append(String.format(Locale.ROOT, "; source and all %d fully trained targets: %.2f %%%s",
                    trained.size(), Ensembles.accuracy(withTrained), trained.size() > 1 ? String.format(Locale.ROOT,
                            " (%.2f %%)", meanDisagreement(trained)) : ""));
        }
        md.append(".\n");
        AtomicFiles.writeString(out.resolve("ensemble.json"), JSON.writeValueAsString(root) + "\n");
        AtomicFiles.writeString(out.resolve("ensemble.md"), md.toString());
        log.printf(Locale.ROOT, "ensembles: source %.2f%%, source + transferred-and-trained %.2f%%%s (ensemble.md)%n",
                source.accuracy(), Ensembles.accuracy(withTransferred), all.has("source_and_fully_trained_accuracy")
                        ? String.format(Locale.ROOT, ", source + fully trained %.2f%%",
                        all.get("source_and_fully_trained_accuracy").asDouble()) : "");
    }

    private static Predictions predict(LearningTransfer lt, Map<String, Tensor> state) {
        return Predictions.onTest(lt.newModel(), state, lt.data(), lt.backend());
    }

    private static double meanDisagreement(List<Predictions> models) {
        double sum = 0;
        int pairs = 0;
        for (int i = 0; i < models.size(); i++) {
            for (int j = i + 1; j < models.size(); j++) {
                sum += Ensembles.disagreement(models.get(i), models.get(j));
                pairs++;
            }
        }
        return pairs == 0 ? Double.NaN : sum / pairs;
    }
}

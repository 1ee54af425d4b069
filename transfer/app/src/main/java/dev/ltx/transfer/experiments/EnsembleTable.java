package dev.ltx.transfer.experiments;

import dev.ltx.transfer.report.MeanStd;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The ensemble study's numbers ({@link EnsembleStudy}, paper Appendix E.2), test split, one value
 * per pair (transfer seed 1): the trained source alone, and for each second member its own test
 * accuracy, the accuracy of its ensemble with the source and its prediction disagreement with the
 * source, all in percent.
 *
 * @param source         the trained source alone, per pair
 * @param alone          per member, its test accuracy per pair
 * @param withSource     per member, the accuracy of the two-model ensemble with the source, per pair
 * @param disagreement   per member, the share of test examples on which it and the source differ, per pair
 * @param fineTuneEpochs epochs of training after the transfer (the "@50" of the appendix's rows)
 * @param fullEpochs     epochs of the fully trained target run (the "@60")
 */
public record EnsembleTable(List<Double> source, Map<Member, List<Double>> alone, Map<Member, List<Double>> withSource,
                            Map<Member, List<Double>> disagreement, int fineTuneEpochs, int fullEpochs) {
    /** The second member of a two-model ensemble with the trained source. */
    public enum Member {
        /** The fully trained target run ("Full Ensemble" in the appendix's table). */
        TARGET("fully trained target"),
        /** GMT's best step after fine-tuning. */
        GMT_FT("GMT + FT"),
        /** FGMT's best step after fine-tuning. */
        FGMT_FT("FGMT + FT");

        private final String label;

        Member(String label) {
            this.label = label;
        }

        /** The summary's name. */
        public String label() {
            return label;
        }
    }

    public EnsembleTable {
        source = List.copyOf(source);
        alone = new EnumMap<>(alone);
        withSource = new EnumMap<>(withSource);
        disagreement = new EnumMap<>(disagreement);
    }

    /** The members measured, in enum order. */
    public List<Member> members() {
        return alone.keySet().stream().sorted().toList();
    }

    /** Mean ± std over pairs of one list. */
    public static MeanStd stat(List<Double> perPair) {
        return MeanStd.of(perPair.stream().mapToDouble(Double::doubleValue).toArray());
    }
}

package dev.ltx.transfer.experiments;

import dev.ltx.nn.train.DatasetKind;
import java.util.Locale;

/**
 * The pre-trained scenario's first stage (paper §4, reference.md §7.4, §9): every pair's seed is
 * pre-trained on {@code dataset} with {@code recipe}; the experiment's own dataset and training
 * recipe then fine-tune each pre-trained model with a fresh head, sources with
 * {@code sourceFineTuneSeed} and targets with {@code targetFineTuneSeed} (head seed 2·seed + 1), and
 * the source's fine-tuning trajectory is what gets transferred onto the target's pre-trained model
 * plus fresh head.
 *
 * @param dataset            the pre-training task's dataset (read from its default location)
 * @param trainExamples      pre-train on the first this many examples of its training split (0: all)
 * @param recipe             the pre-training recipe
 * @param sourceFineTuneSeed fine-tuning seed of the source side (official: 777)
 * @param targetFineTuneSeed fine-tuning seed of the target side (official: 888)
 * @param sourceTrainExamples sources pre-train on the first this many examples only (0: as targets);
 *                           the generalization study's weak source inits (paper Figure 8)
 * @param sourceRecipe       the sources' pre-training recipe (null: {@code recipe}), e.g. more epochs on
 *                           fewer examples
 */
public record Pretraining(DatasetKind dataset, int trainExamples, TrainingRecipe recipe, long sourceFineTuneSeed,
                          long targetFineTuneSeed, int sourceTrainExamples, TrainingRecipe sourceRecipe) {
    /** The official fine-tuning seeds. */
    public static final long SOURCE_SEED = 777;
    /** The official fine-tuning seeds. */
    public static final long TARGET_SEED = 888;

    public Pretraining {
        if (dataset == null || recipe == null || trainExamples < 0 || sourceTrainExamples < 0) {
            throw new IllegalArgumentException("pre-training needs a dataset, a recipe and examples >= 0 (0: all), got "
                    + dataset + ", " + recipe + ", " + trainExamples);
        }
        if (sourceFineTuneSeed == targetFineTuneSeed) {
            throw new IllegalArgumentException("source and target fine-tuning seeds must differ, both are "
                    + sourceFineTuneSeed);
        }
    }

    /** Pre-training on {@code dataset} with {@code recipe} and the official fine-tuning seeds 777 / 888. */
    public static Pretraining official(DatasetKind dataset, int trainExamples, TrainingRecipe recipe) {
        return new Pretraining(dataset, trainExamples, recipe, SOURCE_SEED, TARGET_SEED, 0, null);
    }

    /** This stage with the sources pre-trained on the first {@code n} examples only, with {@code r} (null: as targets). */
    public Pretraining withSources(int n, TrainingRecipe r) {
        return new Pretraining(dataset, trainExamples, recipe, sourceFineTuneSeed, targetFineTuneSeed, n, r);
    }

    /** The pre-training recipe of a source ({@code source}) or target seed. */
    public TrainingRecipe recipe(boolean source) {
        return source && sourceRecipe != null ? sourceRecipe : recipe;
    }

    /** Pre-training examples of a source ({@code source}) or target seed (0: all). */
    public int examples(boolean source) {
        return source && sourceTrainExamples > 0 ? sourceTrainExamples : trainExamples;
    }

    /** One line for the summary. */
    public String describe() {
        return String.format(Locale.ROOT, "pre-trained on %s%s (%s); fine-tuned with fresh heads, seeds %d (sources) and"
                        + " %d (targets)", dataset.cliName(),
                (trainExamples > 0 ? " (first " + trainExamples + " training examples)" : "")
                        + (sourceTrainExamples > 0 ? " (sources: first " + sourceTrainExamples + " only"
                        + (sourceRecipe != null ? ", " + sourceRecipe.describe() : "") + ")" : ""),
                recipe.describe(),
                sourceFineTuneSeed, targetFineTuneSeed);
    }
}

/**
 * The reproduction suite: experiments as data. An {@link dev.ltx.transfer.experiments.ExperimentDefinition}
 * (scenario, model and width, dataset, training recipe, seed pairs, transfer seeds, transfer
 * settings, fine-tuning recipe, analyses, {@link dev.ltx.transfer.experiments.Claim claims}) is run by
 * the one {@link dev.ltx.transfer.experiments.ExperimentRunner} and reported by the one
 * {@link dev.ltx.transfer.experiments.ExperimentReport}; the
 * {@link dev.ltx.transfer.experiments.ExperimentRegistry} names the paper's experiments
 * ({@code mnist-mlp}, {@code mnist-mlp-linear}, {@code fmnist-conv8}, {@code fmnist-resnet18}, and the
 * pre-trained scenario's {@code pretrained-conv8}, {@code pretrained-resnet18}), each with a full and a
 * quick size. A user's own definition, built in Java, runs the same way. The
 * {@link dev.ltx.transfer.experiments.BasinStudy basin study} (Figure 7) is an opt-in analysis.
 *
 * <p>Results aggregate over pairs × transfer seeds and always show spread; claim checks state the
 * paper's claims with numbers and inform rather than decide the exit code. Work is resumable:
 * finished training runs and finished transfers are found on disk and reused.
 */
package dev.ltx.transfer.experiments;

/**
 * Learning transfer (Chijiwa, ICLR 2024): the public API. {@link dev.ltx.transfer.LearningTransfer}
 * loads a source trajectory and a target initialization (from {@code ltx train} run folders, from
 * memory, or from plain safetensors files such as PyTorch saves:
 * {@link dev.ltx.transfer.CheckpointFiles}), runs a {@link dev.ltx.transfer.Method} (Naive, Oracle,
 * GMT, FGMT) configured by a {@link dev.ltx.transfer.TransferConfig}, fine-tunes from the best step
 * or trains the standard baseline ({@link dev.ltx.transfer.FineTuneConfig}), and
 * {@link dev.ltx.transfer.TransferResults} saves the plain result records. Subpackages: {@code lap}
 * (assignment solver), {@code perm} (permutation specs), {@code match} (weight matching),
 * {@code trajectory}, {@code method}.
 */
package dev.ltx.transfer;

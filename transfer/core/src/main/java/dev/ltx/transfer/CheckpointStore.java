package dev.ltx.transfer;

import dev.ltx.engine.Backend;
import dev.ltx.engine.Tensor;
import dev.ltx.nn.train.RunFolder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.SortedMap;
import java.util.TreeMap;

/** The checkpoints of one training run by epoch (−1 = the initialization), read on demand. */
public interface CheckpointStore {
    /** The epochs that have a checkpoint, ascending. */
    List<Integer> epochs();

    /** The state dict saved after {@code epoch}. */
    Map<String, Tensor> load(int epoch);

    /** The last epoch with a checkpoint (the final model). */
    default int lastEpoch() {
        List<Integer> e = epochs();
        if (e.isEmpty()) throw new NoSuchElementException("the run has no checkpoints");
        return e.get(e.size() - 1);
    }

    /** The checkpoints of {@code epochs}, in ascending order. */
    default SortedMap<Integer, Map<String, Tensor>> loadAll(List<Integer> epochs) {
        SortedMap<Integer, Map<String, Tensor>> out = new TreeMap<>();
        for (int e : epochs) out.put(e, load(e));
        return out;
    }

    /** Checkpoints held in memory. */
    static CheckpointStore of(SortedMap<Integer, Map<String, Tensor>> checkpoints) {
        SortedMap<Integer, Map<String, Tensor>> copy = new TreeMap<>(checkpoints);
        return new CheckpointStore() {
            @Override
            public List<Integer> epochs() {
                return new ArrayList<>(copy.keySet());
            }

            @Override
            public Map<String, Tensor> load(int epoch) {
                Map<String, Tensor> s = copy.get(epoch);
                if (s == null) throw new NoSuchElementException("no checkpoint for epoch " + epoch + "; have " + copy.keySet());
                return s;
            }
        };
    }

    /** The checkpoints of a training run folder ({@code ltx train}), read into {@code backend}. */
    static CheckpointStore of(RunFolder run, Backend backend) {
        return new CheckpointStore() {
            @Override
            public List<Integer> epochs() {
                try {
                    return run.checkpointEpochs();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }

            @Override
            public Map<String, Tensor> load(int epoch) {
                try {
                    return run.loadCheckpoint(epoch, backend);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        };
    }
}

package dev.ltx.transfer;

import dev.ltx.engine.Backend;
import dev.ltx.engine.DType;
import dev.ltx.engine.Shape;
import dev.ltx.engine.Tensor;
import dev.ltx.nn.Module;
import dev.ltx.nn.NamedBuffer;
import dev.ltx.nn.NamedParameter;
import dev.ltx.nn.io.CheckpointCheck;
import dev.ltx.nn.io.SafetensorsReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A trajectory (or a target initialization) given as plain safetensors files, such as PyTorch's
 * {@code save_file(model.state_dict(), path)} writes: the files in order are θ_0, θ_1, …, θ_T, so
 * file k is "epoch" k − 1 of a {@link CheckpointStore} (the first file is the initialization,
 * epoch −1). Names are PyTorch state-dict names; F32, F16, BF16 and F64 tensors are accepted and
 * held as the model's floating dtype; batch-norm buffers may be present or not (see
 * {@link CheckpointCheck} for the exact rules).
 */
public final class CheckpointFiles {
    private CheckpointFiles() {
    }

    /**
     * Checks every file's header against {@code model} before any tensor data is read.
     *
     * @throws dev.ltx.nn.io.CheckpointMismatchException naming the first file and tensor that do not fit
     * @throws dev.ltx.nn.io.SafetensorsException       when a file is not valid safetensors
     * @throws IOException                                when a file cannot be read
     */
    public static void validate(Module model, List<Path> files) throws IOException {
        Map<String, Shape> parameters = new LinkedHashMap<>();
        for (NamedParameter p : model.namedParameters()) {
            parameters.put(p.name(), p.param().shape());
        }
        Map<String, Shape> buffers = new LinkedHashMap<>();
        for (NamedBuffer b : model.namedBuffers()) {
            buffers.put(b.name(), b.tensor().shape());
        }
        for (Path f : files) {
            CheckpointCheck.check(f, parameters, buffers);
        }
    }

    /**
     * Reads one (already validated) file, floating tensors converted to {@code dtype}; a NaN or infinity in
     * any floating tensor is refused ({@link SafetensorsReader#readFinite}: a poisoned input, exit 2 on the CLI).
     */
    public static Map<String, Tensor> read(Path file, DType dtype, Backend backend) throws IOException {
        Map<String, Tensor> out = new LinkedHashMap<>();
        SafetensorsReader.readFinite(file, backend).forEach((name, t) -> {
            if (t.dtype().isFloating() && t.dtype() != dtype) {
                out.put(name, backend.cast(t, dtype));
                t.close();
            } else {
                out.put(name, t);
            }
        });
        return Collections.unmodifiableMap(out);
    }

    /**
     * The files as a {@link CheckpointStore} (file k is epoch k − 1), read on demand with floating
     * tensors converted to {@code dtype}. Validate them first ({@link #validate}).
     */
    public static CheckpointStore store(List<Path> files, DType dtype, Backend backend) {
        if (files.size() < 2) {
            throw new IllegalArgumentException("a trajectory needs at least 2 checkpoint files (θ_0 and a later one), got "
                    + files.size());
        }
        List<Path> copy = List.copyOf(files);
        return new CheckpointStore() {
            @Override
            public List<Integer> epochs() {
                List<Integer> e = new ArrayList<>();
                for (int k = 0; k < copy.size(); k++) {
                    e.add(k - 1);
                }
                return e;
            }

            @Override
            public Map<String, Tensor> load(int epoch) {
                if (epoch < -1 || epoch + 1 >= copy.size()) {
                    throw new IllegalArgumentException("no checkpoint file for position " + (epoch + 1) + " (epoch "
                            + epoch + "): " + copy.size() + " files were given");
                }
                try {
                    return read(copy.get(epoch + 1), dtype, backend);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        };
    }
}

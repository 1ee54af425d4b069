package dev.ltx.nn.train;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.ltx.engine.Backend;
import dev.ltx.engine.Tensor;
import dev.ltx.nn.io.SafetensorsReader;
import dev.ltx.nn.io.SafetensorsWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The on-disk form of one training run, written by {@link Trainer} and read back by later stages
 * (trajectory transfer, evaluation).
 *
 * <pre>
 * RUN_DIR/
 *   config.json                    the {@link TrainConfig} ({@link TrainConfigJson}); written first
 *   metadata.json                  {@link RunMetadata}: versions, backend, dataset digest, times,
 *                                  status "running" / "finished", final test loss and accuracy
 *   metrics.json                   array of {@link EpochMetrics}, one per finished epoch
 *   metrics.csv                    the same table as CSV ({@link EpochMetrics#CSV_HEADER})
 *   checkpoints/epoch_&lt;e&gt;.safetensors
 *                                  the model's state dict (PyTorch names, parameters and buffers)
 *                                  after epoch e; e = -1 is the initial model, e = epochs-1 the final
 * </pre>
 *
 * <p>Every file is replaced atomically (written to a temporary file in the same folder, then
 * renamed), so a reader never sees a half-written file; a run that died keeps status
 * {@code running}. A run is complete exactly when {@link #isFinished()}.
 */
public final class RunFolder {
    /** The config file name. */
    public static final String CONFIG = "config.json";
    /** The metadata file name. */
    public static final String METADATA = "metadata.json";
    /** The per-epoch metrics as JSON. */
    public static final String METRICS_JSON = "metrics.json";
    /** The per-epoch metrics as CSV. */
    public static final String METRICS_CSV = "metrics.csv";
    /** The checkpoint folder name. */
    public static final String CHECKPOINTS = "checkpoints";
    private static final Pattern CHECKPOINT_NAME = Pattern.compile("epoch_(-1|0|[1-9][0-9]*)\\.safetensors");
    static final ObjectMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    private final Path dir;

    private RunFolder(Path dir) {
        this.dir = dir.toAbsolutePath().normalize();
    }

    /** An existing run folder (it must hold {@value #CONFIG}). */
    public static RunFolder open(Path dir) throws IOException {
        RunFolder f = new RunFolder(dir);
        if (!Files.isRegularFile(f.dir.resolve(CONFIG))) {
            throw new NoSuchFileException(f.dir + " is not a run folder: " + CONFIG + " is missing");
        }
        return f;
    }

    /** A run folder at {@code dir}, created (with its checkpoint folder) when absent. */
    static RunFolder create(Path dir) throws IOException {
        RunFolder f = new RunFolder(dir);
        Files.createDirectories(f.dir.resolve(CHECKPOINTS));
        return f;
    }

    /** Whether {@code dir} holds a run's config. */
    public static boolean exists(Path dir) {
        return Files.isRegularFile(dir.resolve(CONFIG));
    }

    /** The folder. */
    public Path path() {
        return dir;
    }

    /** The run's config. */
    public TrainConfig config() throws IOException {
        JsonNode node = JSON.readTree(dir.resolve(CONFIG).toFile());
        try {
            return TrainConfigJson.fromJson(node);
        } catch (IllegalArgumentException e) {
            throw new IOException(dir.resolve(CONFIG) + ": " + e.getMessage(), e);
        }
    }

    /** The run's metadata, empty when the run has not started writing it. */
    public Optional<RunMetadata> metadata() throws IOException {
        Path p = dir.resolve(METADATA);
        return Files.isRegularFile(p) ? Optional.of(JSON.readValue(p.toFile(), RunMetadata.class)) : Optional.empty();
    }

    /** Whether the run completed (metadata status {@code finished}). */
    public boolean isFinished() throws IOException {
        return metadata().map(RunMetadata::finished).orElse(false);
    }

    /** The per-epoch metrics written so far (empty before the first epoch ends). */
    public List<EpochMetrics> metrics() throws IOException {
        Path p = dir.resolve(METRICS_JSON);
        return Files.isRegularFile(p) ? JSON.readValue(p.toFile(), new TypeReference<List<EpochMetrics>>() { })
                : List.of();
    }

    /** The epochs that have a checkpoint file, ascending. */
    public List<Integer> checkpointEpochs() throws IOException {
        Path ckpt = dir.resolve(CHECKPOINTS);
        List<Integer> out = new ArrayList<>();
        if (!Files.isDirectory(ckpt)) {
            return out;
        }
        try (Stream<Path> s = Files.list(ckpt)) {
            s.forEach(p -> {
                Matcher m = CHECKPOINT_NAME.matcher(p.getFileName().toString());
                if (m.matches()) {
                    out.add(Integer.parseInt(m.group(1)));
                }
            });
        }
        out.sort(null);
        return out;
    }

    /** The checkpoint file of {@code epoch} (which may not exist). */
    public Path checkpointFile(int epoch) {
        return dir.resolve(CHECKPOINTS).resolve("epoch_" + epoch + ".safetensors");
    }

    /** The state dict saved after {@code epoch} (-1: initial), read into {@code backend}, in file order. */
    public Map<String, Tensor> loadCheckpoint(int epoch, Backend backend) throws IOException {
        Path p = checkpointFile(epoch);
        if (!Files.isRegularFile(p)) {
            throw new NoSuchFileException(dir + " has no checkpoint for epoch " + epoch + "; it has "
                    + checkpointEpochs());
        }
        return SafetensorsReader.read(p, backend).tensors();
    }

    // ---------------------------------------------------------------- writing (the trainer's side)

    void writeConfig(TrainConfig config) throws IOException {
        writeAtomically(dir.resolve(CONFIG), JSON.writeValueAsString(TrainConfigJson.toJson(config)) + "\n");
    }

    void writeMetadata(RunMetadata metadata) throws IOException {
        writeAtomically(dir.resolve(METADATA), JSON.writeValueAsString(metadata) + "\n");
    }

    void writeMetrics(List<EpochMetrics> metrics) throws IOException {
        writeAtomically(dir.resolve(METRICS_JSON), JSON.writeValueAsString(metrics) + "\n");
        StringBuilder csv = new StringBuilder(EpochMetrics.CSV_HEADER).append('\n');
        for (EpochMetrics m : metrics) {
            csv.append(m.csvRow()).append('\n');
        }
        writeAtomically(dir.resolve(METRICS_CSV), csv.toString());
    }

    void saveCheckpoint(int epoch, Map<String, Tensor> state, Map<String, String> metadata) throws IOException {
        SafetensorsWriter.write(checkpointFile(epoch), state, metadata);
    }

    /** Deletes what an unfinished earlier attempt left (metrics, metadata, checkpoints) before starting over. */
    void clearPartialRun() throws IOException {
        for (int e : checkpointEpochs()) {
            Files.deleteIfExists(checkpointFile(e));
        }
        Files.deleteIfExists(dir.resolve(METRICS_JSON));
        Files.deleteIfExists(dir.resolve(METRICS_CSV));
        Files.deleteIfExists(dir.resolve(METADATA));
    }

    /** Writes {@code text} to a temporary file beside {@code target} (made rw-r--r-- where POSIX applies), then renames it. */
    private static void writeAtomically(Path target, String text) throws IOException {
        Path tmp = Files.createTempFile(target.getParent(), "." + target.getFileName(), ".tmp");
        try {
            Files.writeString(tmp, text, StandardCharsets.UTF_8);
            try {
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-r--r--"));
            } catch (UnsupportedOperationException e) {
                // not a POSIX file system: keep the default permissions
            }
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    @Override
    public String toString() {
        return "RunFolder[" + dir + "]";
    }
}

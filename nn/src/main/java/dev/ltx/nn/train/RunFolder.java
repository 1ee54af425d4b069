package dev.ltx.nn.train;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.ltx.engine.Backend;
import dev.ltx.engine.Tensor;
import dev.ltx.nn.DivergenceException;
import dev.ltx.nn.FiniteCheck;
import dev.ltx.nn.io.AtomicText;
import dev.ltx.nn.io.SafetensorsReader;
import dev.ltx.nn.io.SafetensorsWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
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
 *   resume.safetensors             while the run is unfinished: its {@link ResumePoint} (model and
 *                                  optimizer state after the last complete epoch); deleted at the end
 *   .ltx.lock                      while a writer runs: its {@link dev.ltx.nn.io.FolderLock}
 * </pre>
 *
 * <p>Every file is replaced atomically (written to a temporary file in the same folder, then
 * renamed; JSON files are forced to disk before the rename, as checkpoints are), so a reader never
 * sees a half-written file and a temporary file is never taken for a finished one; a run that
 * died keeps status {@code running}. A run is complete exactly when {@link #isFinished()}.
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
    /** The resume point of an unfinished run. */
    public static final String RESUME = "resume.safetensors";
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

    /**
     * The state dict saved after {@code epoch} (-1: initial), read into {@code backend}, in file
     * order.
     *
     * @throws dev.ltx.nn.DivergenceException (of kind {@code INPUT}) when a tensor holds a NaN or
     *                                        infinity, naming the file and tensor
     */
    public Map<String, Tensor> loadCheckpoint(int epoch, Backend backend) throws IOException {
        Path p = checkpointFile(epoch);
        if (!Files.isRegularFile(p)) {
            throw new NoSuchFileException(dir + " has no checkpoint for epoch " + epoch + "; it has "
                    + checkpointEpochs());
        }
        Map<String, Tensor> tensors = SafetensorsReader.read(p, backend).tensors();
        FiniteCheck.require(tensors, DivergenceException.Where.INPUT, p.toString());
        return tensors;
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

    /** The resume point file of an unfinished run (see {@link ResumePoint}). */
    public Path resumeFile() {
        return dir.resolve(RESUME);
    }

    /**
     * Null when {@code p} can resume this folder's run of {@code config}: the metrics hold epochs 0
     * to {@code p.epoch()} in order with {@code p.step()} steps in all, and every checkpoint the run
     * saves up to that epoch exists; else why not.
     */
    String resumeProblem(ResumePoint p, TrainConfig config) throws IOException {
        if (p.epoch() >= config.epochs()) {
            return "resume point after epoch " + p.epoch() + " but the run has " + config.epochs() + " epochs";
        }
        List<EpochMetrics> m = metrics();
        if (m.size() < p.epoch() + 1) {
            return "metrics end before epoch " + p.epoch();
        }
        long steps = 0;
        for (int e = 0; e <= p.epoch(); e++) {
            if (m.get(e).epoch() != e) {
                return "metrics entry " + e + " is for epoch " + m.get(e).epoch();
            }
            steps += m.get(e).steps();
        }
        if (steps != p.step()) {
            return "metrics count " + steps + " steps but the resume point " + p.step();
        }
        List<Integer> have = checkpointEpochs();
        for (int e : config.savedEpochs()) {
            if (e <= p.epoch() && !have.contains(e)) {
                return "checkpoint of epoch " + e + " is missing";
            }
        }
        if (config.checkpointEpochs().contains(-1) && !have.contains(-1)) {
            return "checkpoint of epoch -1 is missing";
        }
        return null;
    }

    /**
     * Deletes temporary files ({@code .<name>.<random>.tmp}) that a writer killed during an atomic
     * write left in the folder or its checkpoint folder; call only while holding the folder's lock.
     */
    void removeTemporaryFiles() throws IOException {
        for (Path d : List.of(dir, dir.resolve(CHECKPOINTS))) {
            if (!Files.isDirectory(d)) {
                continue;
            }
            try (Stream<Path> s = Files.list(d)) {
                for (Path p : (Iterable<Path>) s::iterator) {
                    String n = p.getFileName().toString();
                    if (n.startsWith(".") && n.endsWith(".tmp") && Files.isRegularFile(p)) {
                        Files.deleteIfExists(p);
                    }
                }
            }
        }
    }

    /** Deletes checkpoints after {@code epoch} and truncates the metrics to epochs up to it (resuming after it). */
    void dropAfter(int epoch) throws IOException {
        for (int e : checkpointEpochs()) {
            if (e > epoch) {
                Files.deleteIfExists(checkpointFile(e));
            }
        }
        List<EpochMetrics> m = metrics();
        if (m.size() > epoch + 1) {
            writeMetrics(m.subList(0, epoch + 1));
        }
    }

    /** Deletes what an unfinished earlier attempt left (metrics, metadata, checkpoints, resume point) before starting over. */
    void clearPartialRun() throws IOException {
        for (int e : checkpointEpochs()) {
            Files.deleteIfExists(checkpointFile(e));
        }
        Files.deleteIfExists(resumeFile());
        Files.deleteIfExists(dir.resolve(METRICS_JSON));
        Files.deleteIfExists(dir.resolve(METRICS_CSV));
        Files.deleteIfExists(dir.resolve(METADATA));
    }

    private static void writeAtomically(Path target, String text) throws IOException {
        AtomicText.write(target, text);
    }

    @Override
    public String toString() {
        return "RunFolder[" + dir + "]";
    }
}

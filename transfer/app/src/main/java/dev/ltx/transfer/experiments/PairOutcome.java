package dev.ltx.transfer.experiments;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.ltx.transfer.FineTuneResult;
import dev.ltx.transfer.Method;
import dev.ltx.transfer.TransferResult;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

/**
 * What one (pair, method) transfer and its fine-tuning produced, in the compact form the report
 * needs. Saved as {@value #FILE} in the transfer's folder after everything else there is written,
 * so its presence (with the same {@code key}) marks the transfer complete and reusable.
 *
 * @param key                  fingerprint of the settings that produced it (reuse only on equality)
 * @param method               the transfer method
 * @param sourceSeed           seed of the source run
 * @param targetSeed           seed of the target run
 * @param transferSeed         seed of the transfer and its fine-tuning (1..N)
 * @param stepAccuracies       validation accuracy (%) at steps 1..T
 * @param bestStep             the best step (1-based)
 * @param bestAccuracy         validation accuracy (%) at the best step
 * @param finalAccuracy        validation accuracy (%) at step T
 * @param gradientSeconds      time computing gradient pairs
 * @param matchingSeconds      time solving matchings
 * @param transferSeconds      wall time of the whole transfer (gradients, matching, evaluation)
 * @param finetuneAccuracies   validation accuracy (%) after each fine-tuning epoch
 * @param finetuneTestAccuracy test accuracy (%) after fine-tuning (NaN when not measured)
 * @param finetuneSeconds      wall time of the fine-tuning
 */
public record PairOutcome(String key, Method method, long sourceSeed, long targetSeed, long transferSeed,
                          double[] stepAccuracies,
                          int bestStep, double bestAccuracy, double finalAccuracy, double gradientSeconds,
                          double matchingSeconds, double transferSeconds, double[] finetuneAccuracies,
                          double finetuneTestAccuracy, double finetuneSeconds) {
    /** The completion marker's file name. */
    public static final String FILE = "outcome.json";
    private static final ObjectMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    /** Copies the arrays. */
    public PairOutcome {
        stepAccuracies = stepAccuracies.clone();
        finetuneAccuracies = finetuneAccuracies.clone();
    }

    /** The outcome of a finished transfer and fine-tuning. */
    public static PairOutcome of(String key, long sourceSeed, long targetSeed, TransferResult r, FineTuneResult ft,
                                 double finetuneSeconds) {
        double[] acc = r.validationAccuracies();
        return new PairOutcome(key, r.method(), sourceSeed, targetSeed, r.config().seed(), acc, r.bestStep(), r.bestAccuracy(),
                acc[acc.length - 1], r.gradientSeconds(), r.matchingSeconds(), r.seconds(), ft.validationAccuracies(),
                ft.testAccuracy(), finetuneSeconds);
    }

    @Override
    public double[] stepAccuracies() {
        return stepAccuracies.clone();
    }

    @Override
    public double[] finetuneAccuracies() {
        return finetuneAccuracies.clone();
    }

    /** "101→102". */
    public String pairLabel() {
        return sourceSeed + "→" + targetSeed;
    }

    /** Writes {@value #FILE} into {@code dir} atomically (temporary file, then rename). */
    public void write(Path dir) throws IOException {
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "." + FILE, ".tmp");
        try {
            Files.writeString(tmp, JSON.writeValueAsString(this) + "\n", StandardCharsets.UTF_8);
            Files.move(tmp, dir.resolve(FILE), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /**
     * The outcome saved in {@code dir} when there is one with this {@code key}; empty when there is
     * none, it is unreadable, or it came from other settings.
     */
    public static Optional<PairOutcome> read(Path dir, String key) {
        Path f = dir.resolve(FILE);
        if (!Files.isRegularFile(f)) return Optional.empty();
        try {
            PairOutcome o = JSON.readValue(f.toFile(), PairOutcome.class);
            return key.equals(o.key()) ? Optional.of(o) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}

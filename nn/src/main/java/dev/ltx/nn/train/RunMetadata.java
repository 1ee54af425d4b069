package dev.ltx.nn.train;

/**
 * Facts about a training run beyond its {@link TrainConfig} ({@code metadata.json}): software,
 * backend, the data actually used, timing and the final result. Written when the run starts
 * ({@code status} {@value #RUNNING}) and rewritten when it ends ({@value #FINISHED}, with the
 * end time and the test figures, which are null before).
 *
 * @param ltxVersion      the ltx version (from the jar's Maven descriptor; {@code dev} when unpackaged)
 * @param javaVersion     {@code java.version} and VM name
 * @param backend         the backend's {@link dev.ltx.engine.Backend#name()}
 * @param dataset         dataset name, e.g. {@code mnist}
 * @param datasetSha256   digest of the official training set (see {@link TrainingData#sha256()})
 * @param trainSize       training examples after the split
 * @param validationSize  validation examples
 * @param testSize        test examples
 * @param parameterCount  trainable scalars of the model
 * @param startTime       ISO-8601 instant the run started
 * @param endTime         ISO-8601 instant it finished, or null
 * @param status          {@value #RUNNING} or {@value #FINISHED}
 * @param testLoss        final mean test loss, or null
 * @param testAccuracy    final test top-1 accuracy in percent, or null
 */
public record RunMetadata(String ltxVersion, String javaVersion, String backend, String dataset, String datasetSha256,
                          int trainSize, int validationSize, int testSize, long parameterCount, String startTime,
                          String endTime, String status, Double testLoss, Double testAccuracy) {
    /** Status of a run in progress (or one that died). */
    public static final String RUNNING = "running";
    /** Status of a run that completed and wrote its final checkpoint and test result. */
    public static final String FINISHED = "finished";

    /** Whether the run completed. */
    public boolean finished() {
        return FINISHED.equals(status);
    }

    /** This metadata marked finished at {@code end} with the test result. */
    public RunMetadata finish(String end, double loss, double accuracy) {
        return new RunMetadata(ltxVersion, javaVersion, backend, dataset, datasetSha256, trainSize, validationSize,
                testSize, parameterCount, startTime, end, FINISHED, loss, accuracy);
    }
}

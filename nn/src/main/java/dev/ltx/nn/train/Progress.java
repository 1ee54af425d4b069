package dev.ltx.nn.train;

import java.io.PrintStream;
import java.util.Locale;

/**
 * Progress lines of a training run: one every {@code every} steps within an epoch (step, running
 * loss and accuracy, learning rate, samples/s, ETA of the whole run) and one per finished epoch.
 * The ETA extrapolates the mean training time per step so far to the remaining steps (validation
 * time is not included).
 */
final class Progress {
    private final PrintStream out;
    private final int every;
    private final int epochs;
    private final long totalSteps;
    private final long startNanos = System.nanoTime();
    private long trainNanos;
    private long stepsDone;

    Progress(PrintStream out, int every, int epochs, int stepsPerEpoch) {
        this.out = out;
        this.every = every;
        this.epochs = epochs;
        this.totalSteps = (long) epochs * stepsPerEpoch;
    }

    /** Records that a step ended, with the epoch's time so far and running figures. */
    void step(int epoch, int stepInEpoch, int stepsPerEpoch, long epochNanos, long epochSamples, double loss,
              double accuracy, double lr) {
        stepsDone++;
        if (every > 0 && stepInEpoch % every == 0 && stepInEpoch < stepsPerEpoch) {
            long trained = trainNanos + epochNanos;
            double eta = trained / 1e9 / stepsDone * (totalSteps - stepsDone);
            out.printf(Locale.ROOT, "epoch %d/%d step %d/%d loss %.4f acc %.2f%% lr %.4g %.0f samples/s ETA %s%n",
                    epoch + 1, epochs, stepInEpoch, stepsPerEpoch, loss, accuracy, lr,
                    epochSamples / (epochNanos / 1e9), duration(eta));
        }
    }

    /** Records a finished epoch and prints its summary line. */
    void epoch(EpochMetrics m, long epochNanos) {
        trainNanos += epochNanos;
        double eta = stepsDone == 0 ? 0 : trainNanos / 1e9 / stepsDone * (totalSteps - stepsDone);
        out.printf(Locale.ROOT, "epoch %d/%d done: train loss %.4f acc %.2f%% | val loss %.4f acc %.2f%% | lr %.4g"
                        + " | %.1f s, %.0f samples/s | ETA %s%n",
                m.epoch() + 1, epochs, m.trainLoss(), m.trainAccuracy(), m.valLoss(), m.valAccuracy(), m.lr(),
                m.seconds(), m.samplesPerSecond(), duration(eta));
    }

    /** Seconds since the run started. */
    double elapsedSeconds() {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    /** {@code h:mm:ss}. */
    static String duration(double seconds) {
        long s = Math.round(Math.max(0, seconds));
        return String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60);
    }
}

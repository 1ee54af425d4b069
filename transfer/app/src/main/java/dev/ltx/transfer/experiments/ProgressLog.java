package dev.ltx.transfer.experiments;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.function.LongSupplier;

/**
 * Progress lines of a long experiment: every line starts with the elapsed time and, once some work
 * has been done, an ETA. Work is counted in abstract units (e.g. one per training or fine-tuning
 * epoch); the ETA extrapolates the time per unit of the work actually done in this invocation, so
 * reused work neither counts as done nor as remaining.
 */
public final class ProgressLog {
    private final PrintStream out;
    private final LongSupplier clock;
    private final long start;
    private double totalUnits;
    private double doneUnits;
    private long workNanos;

    /** A log to {@code out} with the given total work. */
    public ProgressLog(PrintStream out, double totalUnits) {
        this(out, totalUnits, System::nanoTime);
    }

    ProgressLog(PrintStream out, double totalUnits, LongSupplier clock) {
        this.out = out;
        this.clock = clock;
        this.start = clock.getAsLong();
        this.totalUnits = totalUnits;
    }

    /** Prints one progress line. */
    public synchronized void line(String message) {
        out.println(header() + message);
    }

    /** Records {@code units} of work done that took {@code nanos}. */
    public synchronized void done(double units, long nanos) {
        doneUnits += units;
        workNanos += nanos;
    }

    /** Records {@code units} of work that were reused from disk (removed from what remains). */
    public synchronized void skipped(double units) {
        totalUnits -= units;
    }

    /** Seconds since the log started. */
    public double elapsedSeconds() {
        return (clock.getAsLong() - start) / 1e9;
    }

    /** A stream whose every line is printed through {@link #line} after {@code tag}. */
    public PrintStream tagged(String tag) {
        return new PrintStream(new LineSplitter(tag), true, StandardCharsets.UTF_8);
    }

    private String header() {
        StringBuilder sb = new StringBuilder("[").append(clockText(elapsedSeconds()));
        if (doneUnits > 0) {
            double remaining = Math.max(0, totalUnits - doneUnits);
            sb.append(" | ETA ").append(clockText(workNanos / 1e9 / doneUnits * remaining));
        }
        return sb.append("] ").toString();
    }

    /** h:mm:ss or m:ss. */
    static String clockText(double seconds) {
        long s = Math.round(seconds);
        long h = s / 3600;
        long m = s / 60 % 60;
        return h > 0 ? String.format("%d:%02d:%02d", h, m, s % 60) : String.format("%d:%02d", m, s % 60);
    }

    /** Buffers bytes until a newline, then prints the line with its tag. */
    private final class LineSplitter extends OutputStream {
        private final String tag;
        private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();

        LineSplitter(String tag) {
            this.tag = tag;
        }

        @Override
        public synchronized void write(int b) {
            if (b == '\n') {
                String text = buffer.toString(StandardCharsets.UTF_8);
                buffer.reset();
                line(tag + " " + text.stripTrailing());
            } else {
                buffer.write(b);
            }
        }

        @Override
        public synchronized void flush() {
            // lines are printed when complete
        }
    }
}

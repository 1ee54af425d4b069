package dev.ltx.transfer.experiments;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ProgressLogTest {
    private static final long SECOND = 1_000_000_000L;

    @Test
    void clockText() {
        assertEquals("0:00", ProgressLog.clockText(0.2));
        assertEquals("1:05", ProgressLog.clockText(65));
        assertEquals("1:00:01", ProgressLog.clockText(3601));
    }

    @Test
    void etaExtrapolatesOnlyTheWorkDoneHere() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        AtomicLong now = new AtomicLong(0);
        ProgressLog log = new ProgressLog(new PrintStream(bytes, true, StandardCharsets.UTF_8), 10, now::get);
        log.line("start");
        log.skipped(4);                      // 6 units left to do
        now.set(30 * SECOND);
        log.done(2, 20 * SECOND);            // 10 s per unit, 4 units left
        log.line("two done");
        PrintStream tagged = log.tagged("pair 1->2 GMT:");
        tagged.print("step 1/10");
        tagged.println(": val acc 50%");
        String[] lines = bytes.toString(StandardCharsets.UTF_8).split("\n");
        assertEquals(3, lines.length, String.join("|", lines));
        assertEquals("[0:00] start", lines[0]);
        assertEquals("[0:30 | ETA 0:40] two done", lines[1]);
        assertEquals("[0:30 | ETA 0:40] pair 1->2 GMT: step 1/10: val acc 50%", lines[2]);
    }
}

package dev.ltx.transfer.lap;

import java.util.concurrent.atomic.AtomicLong;

/**
 * A second thread for {@link AuctionWarmStart}'s candidate lists: while the auction's thread bids,
 * one row at a time, this one walks a little ahead of it in the auction's queue of unassigned rows
 * and rebuilds the lists that could no longer vouch for a bid at the current prices
 * ({@link CandidateLists#prefetch}), so that more of the bidder's bids read a list instead of first
 * passing over a row of the n×n matrix. The auction is sequential (each bid lowers a price the
 * next one reads); the rebuilds it waited for are what the second core takes.
 *
 * <p>Results do not depend on it: every bid still gives exactly the full row scan's answer (a list
 * is valid while prices only fall, whoever built it; a row the prefetcher holds at that moment is
 * scanned whole), so the prices, the assignment and everything after them are those of the
 * auction alone; only the time differs.
 *
 * <p>Protocol: the bidder publishes, every few bids, how many rows it has taken from the queue
 * in the current ε phase and how many were put in ({@link #moved}); queue position {@code a} (from
 * the phase's start) is slot {@code a mod n}. The prefetcher reads the queue and the prices without
 * synchronization (any row index it reads is a real row; any price it reads is one the row's
 * later bids cannot exceed), and stops when told ({@link #stop}).
 */
final class ListPrefetcher implements Runnable {
    /** How far past the bidder's position in the queue the prefetcher works. */
    private static final int AHEAD = 128;
    /** Rows past the bidder's position left to it (caught up with, the prefetcher skips ahead). */
    private static final int GAP = 16;

    private final CandidateLists lists;
    private final int[] queue;
    private final float[] prices;
    private final int n;
    /** Rows taken (high 32 bits) and put in (low 32 bits) in the current phase; written opaque. */
    private final AtomicLong cursor = new AtomicLong();
    private volatile int phase;
    private volatile boolean stopped;

    /**
     * @param lists  the auction's lists, built {@code shared}
     * @param queue  the auction's ring of unassigned rows (length n)
     * @param prices the auction's prices (length n)
     */
    ListPrefetcher(CandidateLists lists, int[] queue, float[] prices, int n) {
        this.lists = lists;
        this.queue = queue;
        this.prices = prices;
        this.n = n;
    }

    /** The bidder: a new ε phase starts with every row queued in slots {@code 0..n}. */
    void startPhase() {
        cursor.setOpaque(n);
        phase = phase + 1; // only the bidder writes it; the volatile write publishes the refilled queue
    }

    /** The bidder: {@code taken} rows dequeued and {@code added} enqueued in this phase so far. */
    void moved(int taken, int added) {
        cursor.setOpaque(((long) taken << 32) | (added & 0xffffffffL));
    }

    /** The bidder, when the auction ends: the prefetcher returns at its next check. */
    void stop() {
        stopped = true;
    }

    @Override
    public void run() {
        float[] out = new float[2];
        float margin = 0;
        int seen = -1;
        long next = 0;
        while (!stopped) {
            int ph = phase;
            long c = cursor.getOpaque();
            long taken = c >>> 32;
            long added = c & 0xffffffffL;
            if (ph != seen) {
                seen = ph;
                next = 0;
            }
            if (next < taken + GAP) {
                next = taken + GAP; // the rows just behind the head are the bidder's
            }
            if (next < added && next <= taken + AHEAD) {
                margin = lists.prefetch(queue[(int) (next % n)], prices, out, margin);
                next++;
            } else {
                Thread.onSpinWait();
            }
        }
    }
}

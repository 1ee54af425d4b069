package dev.ltx.engine.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ltx.engine.Backend;
import dev.ltx.engine.BinaryOp;
import dev.ltx.engine.Conv2dParams;
import dev.ltx.engine.DType;
import dev.ltx.engine.Rng;
import dev.ltx.engine.Shape;
import dev.ltx.engine.Tensor;
import dev.ltx.engine.UnaryOp;
import org.junit.jupiter.api.Test;

/**
 * {@link CpuScope} and {@link CpuArrayPool}: what a closed scope does not keep is recycled, stale
 * tensors fail loudly, kept tensors and tensors made outside survive, and results do not depend on
 * whether memory was recycled (bit-identical to a run without scopes).
 */
class CpuScopeTest {
    private final CpuBackend cpu = new CpuBackend(CpuBackend.Mode.FAST, 2);

    @Test
    void aClosedScopeRecyclesWhatItDoesNotKeepAndStaleTensorsThrow() {
        Tensor before = cpu.fromFloats(new float[] {1, -2, 3}, Shape.of(3));
        Tensor kept;
        Tensor dropped;
        Tensor view;
        try (Backend.Scope s = cpu.openScope()) {
            kept = cpu.unary(UnaryOp.RELU, before);
            dropped = cpu.unary(UnaryOp.NEG, before);
            view = cpu.reshape(dropped, Shape.of(1, 3));
            assertSame(s, s.keep(kept, null, before));
        }
        assertArrayEquals(new float[] {1, 0, 3}, kept.toFloats());
        assertArrayEquals(new float[] {1, -2, 3}, before.toFloats());
        IllegalStateException e = assertThrows(IllegalStateException.class, dropped::toFloats);
        assertTrue(e.getMessage().contains("used after"), e.getMessage());
        assertThrows(IllegalStateException.class, () -> cpu.unary(UnaryOp.NEG, view));
        long reused = cpu.arrays().reused();
        try (Backend.Scope s = cpu.openScope()) {
            Tensor again = cpu.empty(Shape.of(3), DType.F32);
            assertEquals(reused + 1, cpu.arrays().reused(), "the dropped array was handed out again");
            assertArrayEquals(new float[3], again.toFloats(), "recycled arrays come back zeroed");
        }
    }

    @Test
    void keptTensorsPassToTheEnclosingScopeAndScopesCloseInnermostFirst() {
        Tensor x = cpu.fromFloats(new float[] {4, 5}, Shape.of(2));
        Tensor inner;
        try (Backend.Scope outer = cpu.openScope()) {
            Backend.Scope in = cpu.openScope();
            inner = cpu.scale(x, 2);
            assertThrows(IllegalStateException.class, outer::close);
            in.keep(inner);
            in.close();
            assertArrayEquals(new float[] {8, 10}, inner.toFloats(), "kept out of the inner scope");
        }
        assertThrows(IllegalStateException.class, inner::toFloats, "released with the outer scope");
    }

    @Test
    void closingATensorInsideAScopeRecyclesItAtOnceAndOutsideDoesNothing() {
        Tensor outside = cpu.zeros(Shape.of(4), DType.F32);
        outside.close();
        assertEquals(4, outside.toFloats().length, "no scope: the collector owns it, close is a no-op");
        try (Backend.Scope s = cpu.openScope()) {
            Tensor t = cpu.zeros(Shape.of(5), DType.F32);
            t.close();
            assertThrows(IllegalStateException.class, t::toFloats);
            assertTrue(cpu.arrays().pooledBytes() >= 20);
            for (int i = 0; i < 1000; i++) {
                cpu.zeros(Shape.of(5), DType.F32).close(); // entries compacted, array reused
            }
        }
    }

    @Test
    void resultsAreBitIdenticalWithAndWithoutRecycling() {
        Rng rng = new Rng(7);
        float[] xs = new float[2 * 3 * 9 * 9];
        float[] ws = new float[4 * 3 * 3 * 3];
        for (int i = 0; i < xs.length; i++) xs[i] = rng.nextFloat() - 0.5f;
        for (int i = 0; i < ws.length; i++) ws[i] = rng.nextFloat() - 0.5f;
        float[] plain = step(xs, ws);
        float[][] scoped = new float[3][];
        for (int round = 0; round < 3; round++) {
            try (Backend.Scope s = cpu.openScope()) {
                scoped[round] = step(xs, ws);
            }
        }
        for (float[] r : scoped) assertArrayEquals(plain, r);
        assertTrue(cpu.arrays().reused() > 0, "later rounds ran on recycled arrays");
    }

    /** A small conv forward and both gradients, pooling, softmax and a reduction; all results concatenated. */
    private float[] step(float[] xs, float[] ws) {
        Tensor x = cpu.fromFloats(xs, Shape.of(2, 3, 9, 9));
        Tensor w = cpu.fromFloats(ws, Shape.of(4, 3, 3, 3));
        Conv2dParams p = Conv2dParams.of(1, 1);
        Tensor y = cpu.unary(UnaryOp.RELU, cpu.conv2d(x, w, null, p));
        Tensor gx = cpu.conv2dBackwardInput(y, w, x.shape(), p);
        Tensor gw = cpu.conv2dBackwardWeight(y, x, w.shape(), p);
        Tensor s = cpu.softmax(cpu.reshape(y, Shape.of(8, 81)), 1);
        Tensor r = cpu.reduce(dev.ltx.engine.ReduceOp.SUM, cpu.binary(BinaryOp.MUL, y, y), new int[] {0, 2}, false);
        float[][] parts = {y.toFloats(), gx.toFloats(), gw.toFloats(), s.toFloats(), r.toFloats()};
        int n = 0;
        for (float[] q : parts) n += q.length;
        float[] all = new float[n];
        int at = 0;
        for (float[] q : parts) {
            System.arraycopy(q, 0, all, at, q.length);
            at += q.length;
        }
        return all;
    }
}

package dev.ltx.engine.cuda;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ltx.engine.Backend;
import dev.ltx.engine.DType;
import dev.ltx.engine.Shape;
import dev.ltx.engine.Tensor;
import dev.ltx.engine.UnaryOp;
import dev.ltx.engine.cpu.CpuBackend;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link Backend#openScope()} through the interface, as backend-neutral code (the trainer) uses it:
 * kept tensors survive on the CPU (whose scopes recycle the rest, see {@code CpuScopeTest}), the
 * device scope on CUDA (over a {@link FakeDevice}); and the fake device's
 * own check that launches only touch live memory.
 */
class BackendScopeTest {
    @Test
    void onTheCpuAKeptTensorSurvivesItsScope() {
        Backend cpu = CpuBackend.reference();
        Tensor t;
        try (Backend.Scope s = cpu.openScope()) {
            t = cpu.full(Shape.of(3), DType.F32, 1.5);
            assertSame(s, s.keep(t, null));
        }
        assertArrayEquals(new float[] {1.5f, 1.5f, 1.5f}, t.toFloats());
    }

    @Test
    void onCudaTheInterfaceScopeIsTheDeviceScope() {
        Backend gpu = FakeDevice.backend(Long.MAX_VALUE);
        Tensor before = gpu.zeros(Shape.of(8), DType.F32);
        Tensor kept;
        Tensor dropped;
        try (Backend.Scope s = gpu.openScope()) {
            assertTrue(s instanceof DeviceScope, s.getClass().getName());
            kept = gpu.unary(UnaryOp.EXP, before);
            dropped = gpu.unary(UnaryOp.EXP, kept);
            s.keep(kept, CpuBackend.reference().zeros(Shape.of(1), DType.F32));
            gpu.fill(before, 2.0);
        }
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> gpu.unary(UnaryOp.NEG, dropped));
        assertTrue(e.getMessage().contains("used after its device memory was closed"), e.getMessage());
        assertEquals(8, kept.toFloats().length);
        assertArrayEquals(new float[] {2, 2, 2, 2, 2, 2, 2, 2}, before.toFloats(), "created before: untouched");
    }

    @Test
    void aLaunchWithAPointerToFreedMemoryFails() {
        FakeDevice d = new FakeDevice(1 << 20);
        long fn = d.function(7, "relu_f32");
        long live = d.malloc(1024);
        long gone = d.malloc(1024);
        d.free(gone);
        d.launch(fn, new int[] {1, 1, 1}, new int[] {32, 1, 1}, 0, List.of(new long[] {live}, new int[] {256}));
        AssertionError e = assertThrows(AssertionError.class, () -> d.launch(fn, new int[] {1, 1, 1},
                new int[] {32, 1, 1}, 0, List.of(new long[] {live}, new long[] {gone}, new int[] {256})));
        assertTrue(e.getMessage().contains("relu_f32 argument 1"), e.getMessage());
        assertEquals(1, d.launches.size());
    }
}

package dev.ltx.engine.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.ltx.engine.cpu.CpuBackend;
import dev.ltx.engine.cuda.parity.CudaParitySuite;
import dev.ltx.engine.cuda.parity.ParityCheck;
import dev.ltx.kernels.Kernel;
import dev.ltx.kernels.KernelImage;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Runs the whole parity suite through the real {@link CudaBackend} over a {@link FakeDevice}
 * (kernels do not execute, so results are not compared) and checks every launch against the
 * kernel's parameter list in the compiled PTX: the number and byte size of the arguments, the
 * launch geometry, and that pointer arguments point into device memory. This catches the bugs of
 * the Java/CUDA boundary (a missing, extra or mis-typed argument, a wrong struct size) without a
 * GPU. Needs the kernel image, i.e. nvcc at build time.
 */
class CudaLaunchArgsTest {
    private static final Pattern ENTRY = Pattern.compile("\\.entry\\s+(\\w+)\\s*\\(([^)]*)\\)");
    private static final Pattern PARAM =
            Pattern.compile("\\.param\\s+(?:\\.align\\s+\\d+\\s+)?\\.([a-z]+)(\\d+)\\s+\\w+(?:\\[(\\d+)\\])?");

    /** Kernel name → byte size of each parameter, from the PTX inside the fatbin. */
    static Map<String, List<Integer>> signatures(byte[] image) {
        String text = new String(image, StandardCharsets.ISO_8859_1);
        Map<String, List<Integer>> out = new HashMap<>();
        Matcher m = ENTRY.matcher(text);
        while (m.find()) {
            List<Integer> sizes = new ArrayList<>();
            Matcher p = PARAM.matcher(m.group(2));
            while (p.find()) {
                int bits = Integer.parseInt(p.group(2));
                int count = p.group(3) == null ? 1 : Integer.parseInt(p.group(3));
                sizes.add(bits / 8 * count);
            }
            out.put(m.group(1), sizes);
        }
        return out;
    }

    private static int bytes(Object arg) {
        if (arg instanceof long[] a) return 8 * a.length;
        if (arg instanceof int[] a) return 4 * a.length;
        if (arg instanceof float[] a) return 4 * a.length;
        if (arg instanceof double[] a) return 8 * a.length;
        throw new AssertionError("unexpected kernel argument " + arg);
    }

    @Test
    void ptxSignaturesAreReadCorrectly() {
        String ptx = ".visible .entry add_f32(\n\t.param .u64 add_f32_param_0,\n\t.param .u32 add_f32_param_3,\n"
                + "\t.param .align 4 .b8 add_f32_param_4[124]\n)\n{";
        assertEquals(Map.of("add_f32", List.of(8, 4, 124)), signatures(ptx.getBytes(StandardCharsets.ISO_8859_1)));
    }

    @Test
    void everyLaunchOfTheParitySuiteMatchesItsKernelSignature() {
        byte[] image = KernelImage.load().orElse(null);
        assumeTrue(image != null, "the kernel image was not built (no nvcc)");
        Map<String, List<Integer>> sig = signatures(image);
        FakeDevice dev = new FakeDevice(Long.MAX_VALUE);
        CudaBackend gpu = CudaBackend.on(CudaRuntime.open(0, dev, image), CudaBackend.GemmPath.TILED);
        List<String> thrown = new ArrayList<>();
        try (CpuBackend ref = CpuBackend.reference()) {
            for (ParityCheck c : CudaParitySuite.checks(3)) {
                try (DeviceScope scope = gpu.openScope()) {
                    c.run(ref, gpu).again().run();
                } catch (RuntimeException e) {
                    thrown.add(c.name() + ": " + e);
                }
            }
        }
        assertEquals(List.of(), thrown, "the Java side of every check runs through");
        assertEquals(0, gpu.liveBytes(), "every device buffer was released");

        Set<String> launched = new TreeSet<>();
        for (FakeDevice.Launch l : dev.launches) {
            launched.add(l.kernel());
            List<Integer> want = sig.get(l.kernel());
            List<Integer> got = l.args().stream().map(CudaLaunchArgsTest::bytes).toList();
            assertEquals(want, got, "argument sizes of " + l.kernel());
            int threads = l.block()[0] * l.block()[1] * l.block()[2];
            assertTrue(threads >= 32 && threads <= 1024 && threads % 32 == 0, l.kernel() + " block " + threads);
            assertTrue(l.grid()[0] >= 1 && l.grid()[1] >= 1 && l.grid()[1] <= 65535 && l.grid()[2] >= 1
                    && l.grid()[2] <= 65535, l.kernel() + " grid");
            for (Object a : l.args()) {
                if (a instanceof long[] v && v.length == 1 && v[0] >= FakeDevice.BASE) {
                    assertTrue(dev.inside(v[0], 1), l.kernel() + " gets a pointer outside device memory");
                }
            }
        }
        Set<String> all = new TreeSet<>();
        for (Kernel k : Kernel.values()) all.add(k.symbol());
        assertEquals(all, launched, "kernels launched by the parity suite");
    }
}

package dev.ltx.engine.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.ltx.engine.cpu.CpuBackend;
import dev.ltx.engine.cuda.parity.CudaParitySuite;
import dev.ltx.engine.cuda.parity.ParityCheck;
import dev.ltx.kernels.Kernel;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every kernel against the CPU REFERENCE backend ({@link CudaParitySuite}: seeded random inputs,
 * odd sizes, tolerances derived in each check class). Skipped, not failed, where the probe finds
 * no device.
 */
@Tag("cuda")
class CudaParityTest {
    private static final long SEED = 20240511L;
    private static CpuBackend ref;
    private static CudaBackend gpu;

    @BeforeAll
    static void open() {
        if (CudaProbe.available()) {
            ref = CpuBackend.reference();
            gpu = CudaBackend.create();
        }
    }

    @AfterAll
    static void close() {
        if (gpu != null) gpu.close();
        if (ref != null) ref.close();
    }

    /** Runs without a GPU: building the suite touches no CUDA, and it must launch every catalog kernel. */
    @Test
    void theSuiteCoversEveryKernel() {
        List<ParityCheck> checks = CudaParitySuite.checks(SEED);
        Set<Kernel> left = CudaParitySuite.uncovered(checks);
        assertEquals(Set.of(), left, "kernels without a parity check");
        assertTrue(checks.stream().map(ParityCheck::name).distinct().count() == checks.size(), "check names are unique");
    }

    static Stream<ParityCheck> checks() {
        return CudaParitySuite.checks(SEED).stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("checks")
    void matchesTheReference(ParityCheck c) {
        assumeTrue(CudaProbe.available(), () -> CudaProbe.status().toString());
        long liveBefore = gpu.liveBytes();
        try (DeviceScope scope = gpu.openScope()) {
            ParityCheck.Outcome o = c.run(ref, gpu);
            assertTrue(o.ok(), () -> c.name() + ": " + o.result() + " (atol " + o.atol() + ", rtol " + o.rtol() + ")");
        }
        assertEquals(0, gpu.liveBytes() - liveBefore, "the scope released every tensor of the check");
    }
}

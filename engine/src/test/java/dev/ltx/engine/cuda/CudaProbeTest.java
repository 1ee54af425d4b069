package dev.ltx.engine.cuda;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The probe on whatever machine runs the tests: it answers without throwing, caches its answer,
 * and backend creation agrees with it (on a machine without a GPU, creation fails with the probe's
 * reason). Not tagged: it must pass everywhere.
 */
class CudaProbeTest {
    @Test
    void answersWithoutThrowingAndCaches() {
        CudaProbe.Status s = assertDoesNotThrow(CudaProbe::status);
        assertSame(s, CudaProbe.status(), "the answer is computed once");
        assertEquals(s.available(), CudaProbe.available());
        if (s.available()) {
            assertEquals("", s.reason());
            assertTrue(s.deviceCount() > 0);
            assertFalse(s.deviceName().isEmpty());
        } else {
            assertFalse(s.reason().isBlank(), "an unavailable probe says why");
            assertEquals(0, s.deviceCount());
            assertTrue(s.toString().startsWith("CUDA unavailable: "), s.toString());
        }
    }

    @Test
    void backendCreationAgreesWithTheProbe() {
        CudaProbe.Status s = CudaProbe.status();
        if (s.available()) {
            try (CudaBackend b = CudaBackend.create()) {
                assertEquals("cuda:0", b.device().toString());
            }
        } else {
            IllegalStateException e = assertThrows(IllegalStateException.class, CudaBackend::create);
            assertTrue(e.getMessage().contains(s.reason()), e.getMessage());
            assertTrue(e.getMessage().startsWith("cannot create the CUDA backend"), e.getMessage());
            // asking again gives the same clean answer (nothing half-initialised was left behind)
            assertThrows(IllegalStateException.class, () -> CudaBackend.create(0, CudaBackend.GemmPath.TILED));
        }
    }

    @Test
    void aBadGemmPathPropertyIsRejectedByName() {
        String before = System.getProperty("ltx.cuda.gemm");
        System.setProperty("ltx.cuda.gemm", "fast");
        try {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, CudaBackend::create);
            assertTrue(e.getMessage().contains("fast"), e.getMessage());
        } finally {
            if (before == null) System.clearProperty("ltx.cuda.gemm");
            else System.setProperty("ltx.cuda.gemm", before);
        }
    }

    @Test
    void jcudaLoadFailuresAreSummarisedToTheLinkerMessage() {
        String jcuda = "Error while loading native library \"JCudaDriver-12.6.0-linux-x86_64\"\n"
                + "Operating system name: Linux\n"
                + "java.lang.UnsatisfiedLinkError: /tmp/libJCudaDriver-12.6.0-linux-x86_64.so: libcuda.so.1: "
                + "cannot open shared object file: No such file or directory\n\tat x.y(Z.java:1)";
        assertEquals("libcuda.so.1: cannot open shared object file: No such file or directory", CudaProbe.essence(jcuda));
        assertEquals("first line", CudaProbe.essence("first line\nsecond"));
        assertEquals("no message", CudaProbe.essence(null));
    }
}

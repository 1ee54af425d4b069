package dev.ltx.engine.cuda;

import dev.ltx.kernels.KernelImage;
import org.junit.jupiter.api.BeforeAll;

/** The backend contract over a {@link FakeDevice}: runs on every machine (kernels do not execute there). */
class CudaBackendFakeTest extends CudaBackendContract {
    private static CudaBackend gpu;

    @BeforeAll
    static void open() {
        // without nvcc there is no image; the fake device does not read it anyway
        byte[] image = KernelImage.load().orElse(new byte[0]);
        gpu = CudaBackend.on(CudaRuntime.open(0, new FakeDevice(Long.MAX_VALUE), image), CudaBackend.GemmPath.TILED);
    }

    @Override
    CudaBackend gpu() {
        return gpu;
    }
}

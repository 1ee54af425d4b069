package dev.ltx.engine.cuda;

import dev.ltx.kernels.KernelImage;

/**
 * Decides, once per process, whether the CUDA backend can run here: the kernel image was built,
 * JCuda's driver binding loads (it needs {@code libcuda.so.1}), {@code cuInit} succeeds and there
 * is at least one device. Nothing else touches JCuda before this says yes; every failure becomes
 * a reason string, never an exception. {@code -Dltx.cuda=false} switches the backend off.
 */
public final class CudaProbe {
    /**
     * The probe's answer.
     *
     * @param available    whether CUDA tensors can be created
     * @param reason       why not (empty when available)
     * @param deviceCount  number of CUDA devices (0 when unavailable)
     * @param deviceName   name of device 0 (empty when unavailable)
     * @param computeMajor compute capability major version of device 0 (0 when unavailable)
     * @param computeMinor compute capability minor version of device 0
     */
    public record Status(boolean available, String reason, int deviceCount, String deviceName,
                         int computeMajor, int computeMinor) {
        static Status no(String reason) {
            return new Status(false, reason, 0, "", 0, 0);
        }

        @Override
        public String toString() {
            return available ? "CUDA available: " + deviceCount + " device(s), 0 = " + deviceName + " (sm_"
                    + computeMajor + computeMinor + ")" : "CUDA unavailable: " + reason;
        }
    }

    private static Status status;
    private static CudaDriver driver;

    private CudaProbe() {
    }

    /** The cached answer (probing on the first call). */
    public static synchronized Status status() {
        if (status == null) status = probe();
        return status;
    }

    /** Whether CUDA tensors can be created in this process. */
    public static boolean available() {
        return status().available();
    }

    /** The driver the probe initialised; only after a positive answer. */
    static synchronized CudaDriver driver() {
        if (!status().available()) {
            throw new IllegalStateException("the CUDA backend is unavailable: " + status.reason());
        }
        return driver;
    }

    private static Status probe() {
        if ("false".equalsIgnoreCase(System.getProperty("ltx.cuda"))) {
            return Status.no("disabled by -Dltx.cuda=false");
        }
        if (KernelImage.load().isEmpty()) {
            return Status.no("kernel image " + KernelImage.RESOURCE + " was not built (no nvcc when native-kernels was built)");
        }
        try {
            return CudaThread.shared().call(CudaProbe::probeDriver);
        } catch (LinkageError e) {
            return Status.no("the CUDA driver binding cannot load (" + e.getClass().getSimpleName() + ": "
                    + essence(e.getMessage()) + "); is the NVIDIA driver (libcuda.so.1) installed?");
        } catch (jcuda.CudaException | CudaOpException e) {
            return Status.no("CUDA driver error: " + e.getMessage());
        }
    }

    /**
     * The informative line of JCuda's many-line load failure: the dynamic linker's complaint when
     * there is one (e.g. {@code libcuda.so.1: cannot open shared object file}), else the first line.
     */
    static String essence(String message) {
        if (message == null || message.isBlank()) return "no message";
        String[] lines = message.split("\\R");
        for (String line : lines) {
            int at = line.indexOf("cannot open shared object file");
            if (at >= 0) {
                int start = line.lastIndexOf(": ", Math.max(0, at - 3));
                return line.substring(start < 0 ? 0 : start + 2).trim();
            }
        }
        return lines[0].trim();
    }

    /** Runs on the CUDA thread: the first JCuda contact of the process. */
    private static Status probeDriver() {
        CudaDriver d = new JCudaFacade();
        d.init();
        int n = d.deviceCount();
        if (n < 1) return Status.no("cuInit succeeded but there is no CUDA device");
        String name = d.deviceName(0);
        int[] cc = d.computeCapability(0);
        driver = d;
        return new Status(true, "", n, name, cc[0], cc[1]);
    }
}

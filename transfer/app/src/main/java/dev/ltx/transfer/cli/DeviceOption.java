package dev.ltx.transfer.cli;

import dev.ltx.engine.Backend;
import dev.ltx.engine.Device;
import dev.ltx.engine.cpu.CpuBackend;
import dev.ltx.engine.cpu.gemm.SgemmWarmup;
import dev.ltx.engine.cuda.CudaBackend;
import dev.ltx.engine.cuda.CudaProbe;
import picocli.CommandLine.Option;

/**
 * The {@code --device cpu|cuda} option shared by {@code train}, {@code transfer} and
 * {@code reproduce}, and the one place that makes the backend a command runs on. An unknown
 * device is a usage error (exit 2, from picocli); {@code cuda} where the probe says CUDA cannot run
 * is a run failure (exit 1) whose one-line message is the probe's reason and what to do.
 */
final class DeviceOption {
    @Option(names = "--device", paramLabel = "cpu|cuda",
            description = "Where tensors live: cpu (default) or cuda (device 0; needs an NVIDIA GPU and driver and "
                    + "ltx built with nvcc; fails with the reason otherwise).")
    Device.Kind device = Device.Kind.CPU;

    /** The backend of the chosen device: CPU FAST with {@code threads} threads (0: all cores), or CUDA. */
    Backend open(int threads) {
        return create(device, threads);
    }

    /** See {@link #open}. */
    static Backend create(Device.Kind device, int threads) {
        if (device == Device.Kind.CUDA) {
            CudaProbe.Status s = CudaProbe.status();
            if (!s.available()) {
                throw new IllegalStateException("--device cuda: " + unavailable(s.reason()));
            }
            return CudaBackend.create();
        }
        // the GEMM kernels compile while the command loads its data (see SgemmWarmup)
        SgemmWarmup.startInBackground();
        return threads > 0 ? new CpuBackend(CpuBackend.Mode.FAST, threads) : CpuBackend.create();
    }

    /** The probe's reason followed by what to do about it. */
    static String unavailable(String reason) {
        return "CUDA is unavailable: " + reason + "; run on a machine with an NVIDIA GPU and its driver (and ltx "
                + "built where nvcc is installed), or use --device cpu";
    }
}

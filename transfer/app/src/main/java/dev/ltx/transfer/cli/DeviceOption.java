package dev.ltx.transfer.cli;

import dev.ltx.engine.Backend;
import dev.ltx.engine.Device;
import dev.ltx.engine.cpu.CpuBackend;
import dev.ltx.engine.cpu.gemm.SgemmWarmup;
import dev.ltx.engine.cuda.CudaBackend;
import dev.ltx.engine.cuda.CudaProbe;
import dev.ltx.transfer.lap.LinearAssignment;
import picocli.CommandLine;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * The {@code --device cpu|cuda} option shared by {@code train}, {@code transfer} and
 * {@code reproduce}, and the one place that makes the backend a command runs on. An unknown
 * device is a usage error (exit 2, from picocli); {@code cuda} where the probe says CUDA cannot run
 * is a run failure (exit 1) whose one-line message is the probe's reason and what to do;
 * {@code --threads N} with {@code cuda} is a usage error ({@link #checkThreads}).
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

    /**
     * Rejects {@code --threads N} (N &gt; 0) with {@code --device cuda} as a usage error (exit 2):
     * the thread count sizes the CPU backend's pool, and with CUDA the ops run on the GPU while the
     * host side (data loading, the assignment solver) does not take a thread count, so the option
     * would silently mean nothing. Called while validating, before anything starts.
     */
    void checkThreads(CommandLine commandLine, int threads) {
        if (device == Device.Kind.CUDA && threads > 0) {
            throw new ParameterException(commandLine, "Invalid value for option '--threads': " + threads
                    + " (it sets the CPU backend's threads and means nothing with --device cuda, whose ops run on the"
                    + " GPU; drop it or use --device cpu)");
        }
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
        if (threads > 0) {
            LinearAssignment.setMaxThreads(threads); // the matching's passes keep to --threads too
        }
        return threads > 0 ? new CpuBackend(CpuBackend.Mode.FAST, threads) : CpuBackend.create();
    }

    /** The probe's reason followed by what to do about it. */
    static String unavailable(String reason) {
        return "CUDA is unavailable: " + reason + "; run on a machine with an NVIDIA GPU and its driver (and ltx "
                + "built where nvcc is installed), or use --device cpu";
    }
}

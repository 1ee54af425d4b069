package dev.ltx.engine;

/**
 * Where a tensor's memory lives.
 *
 * @param kind  the kind of device
 * @param index the device ordinal (0 for the CPU)
 */
public record Device(Kind kind, int index) {
    /** Kinds of devices a backend can own. */
    public enum Kind { CPU, CUDA }

    /** The host CPU. */
    public static final Device CPU = new Device(Kind.CPU, 0);

    public Device {
        if (kind == null) throw new IllegalArgumentException("device kind must not be null");
        if (index < 0) throw new IllegalArgumentException("device index must be >= 0, got " + index);
    }

    /** The CUDA device with the given ordinal. */
    public static Device cuda(int index) {
        return new Device(Kind.CUDA, index);
    }

    @Override
    public String toString() {
        return kind == Kind.CPU ? "cpu" : "cuda:" + index;
    }
}

package dev.ltx.engine;

/**
 * A dense, contiguous, row-major n-dimensional array owned by a {@link Backend}.
 *
 * <p>A tensor is only metadata (shape, dtype) plus backend storage; all math lives in the
 * backend's ops. Tensors are created only through a backend ({@link Backend#empty},
 * {@link Backend#fromFloats}, ...). Several tensors may share storage (see
 * {@link Backend#reshape}). Closing a tensor releases device memory; on the CPU it recycles the
 * array when a memory scope owns the tensor ({@link Backend#openScope()}) and is a no-op otherwise.
 */
public final class Tensor implements AutoCloseable {
    private final Shape shape;
    private final DType dtype;
    private final Backend backend;
    private final Storage storage;

    /**
     * Wraps backend storage. For backend implementations only: the storage must hold at least
     * {@code shape.numel()} elements of {@code dtype}.
     */
    public Tensor(Shape shape, DType dtype, Backend backend, Storage storage) {
        if (shape == null || dtype == null || backend == null || storage == null) {
            throw new IllegalArgumentException("shape, dtype, backend and storage must not be null");
        }
        this.shape = shape;
        this.dtype = dtype;
        this.backend = backend;
        this.storage = storage;
    }

    public Shape shape() {
        return shape;
    }

    public DType dtype() {
        return dtype;
    }

    public Backend backend() {
        return backend;
    }

    public Device device() {
        return storage.device();
    }

    /** The backend storage (for backend implementations). */
    public Storage storage() {
        return storage;
    }

    public int numel() {
        return shape.numel();
    }

    public int rank() {
        return shape.rank();
    }

    public int dim(int axis) {
        return shape.dim(axis);
    }

    /** Copies the contents to a new host float array (converting if needed). */
    public float[] toFloats() {
        return backend.toFloats(this);
    }

    /** Copies the contents into {@code dst} (converting if needed); see {@link Backend#toFloats(Tensor, float[])}. */
    public void toFloats(float[] dst) {
        backend.toFloats(this, dst);
    }

    /** Copies the contents to a new host double array (converting if needed). */
    public double[] toDoubles() {
        return backend.toDoubles(this);
    }

    /** Copies the contents to a new host long array (integer tensors). */
    public long[] toLongs() {
        return backend.toLongs(this);
    }

    /** The single value of a one-element tensor, as a double. */
    public double item() {
        if (numel() != 1) {
            throw new IllegalArgumentException("item() needs exactly one element, shape is " + shape);
        }
        return dtype.isFloating() ? toDoubles()[0] : toLongs()[0];
    }

    @Override
    public void close() {
        storage.close();
    }

    @Override
    public String toString() {
        return "Tensor[" + dtype.shortName() + ", " + shape + ", " + device() + "]";
    }
}

package dev.ltx.transfer.perm;

/**
 * One axis of one named parameter, as listed among the members of a {@link PermutationGroup}.
 *
 * @param param dotted parameter name, e.g. {@code layer1.0.convnb1.conv.weight}
 * @param axis  axis index within that parameter (0 = output units in PyTorch layout)
 */
public record AxisRef(String param, int axis) {
    public AxisRef {
        if (param == null || axis < 0) {
            throw new IllegalArgumentException("invalid axis reference " + param + "[" + axis + "]");
        }
    }

    @Override
    public String toString() {
        return param + "[axis " + axis + "]";
    }
}

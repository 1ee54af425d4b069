package dev.ltx.transfer.method;

import dev.ltx.engine.Tensor;
import java.util.Map;

/**
 * One target of a transfer: its initialization θ²_0 and, for the Oracle, the real target run's
 * displacement over the first trajectory segment.
 *
 * @param init                     θ²_0 (its parameters are used; buffers are ignored)
 * @param oracleTargetDisplacement θ²_{e1} − θ²_{e0} for the Oracle; null otherwise
 */
public record TransferTarget(Map<String, Tensor> init, Map<String, Tensor> oracleTargetDisplacement) {
    public TransferTarget {
        if (init == null) {
            throw new IllegalArgumentException("a transfer target needs its initialization");
        }
    }
}

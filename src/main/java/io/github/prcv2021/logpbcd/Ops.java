package io.github.prcv2021.logpbcd;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.function.Function;

/**
 * Package-private helpers for native-memory scoping. An NDArray operation's output belongs to the
 * manager of its first operand, so a computation on arrays owned by someone else temporarily
 * attaches them to a fresh sub-manager; every intermediate is freed when it closes, the inputs
 * return to their owners, and only the result is attached to {@code owner}.
 */
final class Ops {

    private Ops() {}

    /**
     * Runs {@code body} in a sub-manager of {@code owner} with {@code inputs} temporarily attached
     * to it; the returned array is attached to {@code owner}.
     */
    static NDArray scoped(NDManager owner, Function<NDManager, NDArray> body, NDArray... inputs) {
        try (NDManager sub = owner.newSubManager()) {
            tempAttachAll(sub, inputs);
            NDArray out = body.apply(sub);
            out.attach(owner);
            return out;
        }
    }

    /**
     * Runs {@code body} like {@link #scoped} and returns its scalar result as a double; nothing is
     * left in any manager.
     */
    static double scalar(NDManager owner, Function<NDManager, NDArray> body, NDArray... inputs) {
        try (NDManager sub = owner.newSubManager()) {
            tempAttachAll(sub, inputs);
            return body.apply(sub).toType(DataType.FLOAT64, false).getDouble();
        }
    }

    /**
     * Temporarily attaches each distinct array (by identity; nulls skipped) to {@code scope}.
     * Attaching the same array twice would make it return to the closed scope, so duplicates are
     * skipped.
     */
    static void tempAttachAll(NDManager scope, NDArray... arrays) {
        java.util.Set<NDArray> seen = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        for (NDArray a : arrays) {
            if (a != null && seen.add(a)) {
                a.tempAttach(scope);
            }
        }
    }

    /** A scalar of the given type on {@code manager}, for broadcasting in {@code where}. */
    static NDArray scalar(NDManager manager, double value, DataType type) {
        return manager.full(new Shape(), (float) value, type);
    }

    /** Sum of squares as a double; the reduction runs in the array's own type. */
    static double sumSquares(NDArray a) {
        return a.square().sum().toType(DataType.FLOAT64, false).getDouble();
    }

    /** Sum as a double. */
    static double sum(NDArray a) {
        return a.sum().toType(DataType.FLOAT64, false).getDouble();
    }
}

package io.github.prcv2021.core;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import java.util.function.Function;

/**
 * Helpers for native-memory ownership. The pattern: do the work in a sub-manager that is closed
 * when the work ends, and attach only the result to the caller's manager.
 */
public final class Scopes {

    private Scopes() {}

    /**
     * Runs {@code body} in a fresh sub-manager of {@code owner}; every array the body creates is freed
     * when it returns, except the returned array, which is re-attached to {@code owner}.
     */
    public static NDArray compute(NDManager owner, Function<NDManager, NDArray> body) {
        try (NDManager sub = owner.newSubManager()) {
            NDArray out = body.apply(sub);
            out.attach(owner);
            return out;
        }
    }

    /** As {@link #compute(NDManager, Function)} for several results. */
    public static NDList computeList(NDManager owner, Function<NDManager, NDList> body) {
        try (NDManager sub = owner.newSubManager()) {
            NDList out = body.apply(sub);
            out.attach(owner);
            return out;
        }
    }
}

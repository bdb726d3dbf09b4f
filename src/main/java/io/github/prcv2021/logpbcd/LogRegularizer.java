package io.github.prcv2021.logpbcd;

import ai.djl.ndarray.NDArray;
import io.github.prcv2021.core.Checks;

/**
 * The log sparsity regulariser of Eq. 4, {@code G(A) = Σ_{c,j} log(1 + |a_cj|/ε)}, and the sparsity
 * measure the paper reports for activations (the fraction of exactly-zero entries).
 */
public final class LogRegularizer {

    private LogRegularizer() {}

    /**
     * {@code G(A) = Σ log(1 + |a|/ε)} (Eq. 4), summed over all entries.
     *
     * @param a the activations (any shape, floating point)
     * @param eps {@code ε > 0}
     * @return {@code G(A)} as a double
     */
    public static double value(NDArray a, double eps) {
        Checks.floating(a, "LogRegularizer.value", "A");
        Checks.positive(eps, "LogRegularizer.value", "epsilon");
        Checks.check(Double.isFinite(eps), "LogRegularizer.value", "a finite epsilon", eps);
        return Ops.scalar(a.getManager(), m -> a.abs().div(eps).add(1).log().sum(), a);
    }

    /**
     * The fraction of entries that are exactly zero, the paper's "sparsity of activations".
     *
     * @param a any array
     * @return zero entries / all entries, in [0, 1]; 0 for an empty array
     */
    public static double zeroFraction(NDArray a) {
        long size = a.size();
        if (size == 0) {
            return 0;
        }
        return (size - Ops.scalar(a.getManager(), m -> a.countNonzero(), a)) / size;
    }
}

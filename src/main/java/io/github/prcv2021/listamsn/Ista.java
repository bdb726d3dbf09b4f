package io.github.prcv2021.listamsn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import io.github.prcv2021.core.Checks;

/**
 * The classic references of the paper's Sect. 2: ISTA, {@code z^{t+1} = h_{λ/L}(z^t − (1/L) Dᵀ(D z^t − x))},
 * and FISTA (Beck &amp; Teboulle, 2009), the same step taken at the extrapolated point
 * {@code y = z_k + ((t_{k−1} − 1)/t_k)(z_k − z_{k−1})}, {@code t_{k+1} = (1 + √(1 + 4t_k²))/2}. Both start from
 * {@code z^0 = 0} and use the step {@code 1/L}, {@code L = ‖D‖₂²} ({@link SparseCoding#lipschitz}).
 * Signals are rows {@code (B, n)}; codes {@code (B, m)}.
 */
public final class Ista {

    private Ista() {}

    /**
     * {@code iterations} ISTA steps from zero.
     *
     * @param d the dictionary {@code (n, m)}
     * @param x signals {@code (B, n)}
     * @param lambda the LASSO weight λ {@code ≥ 0}
     * @param lipschitz L, an upper bound of {@code ‖D‖₂²} ({@code > 0})
     * @param iterations the number of steps, {@code ≥ 0}
     * @return the codes {@code (B, m)}, on {@code x}'s manager
     */
    public static NDArray ista(NDArray d, NDArray x, float lambda, float lipschitz, int iterations) {
        check(d, x, lambda, lipschitz, iterations, "Ista.ista");
        try (NDScope scope = new NDScope()) {
            NDArray dt = d.transpose();
            NDArray z = x.getManager().zeros(new ai.djl.ndarray.types.Shape(x.getShape().get(0), d.getShape().get(1)));
            for (int t = 0; t < iterations; t++) {
                try (NDScope step = new NDScope()) {
                    NDArray next = step(z, d, dt, x, lambda, lipschitz);
                    NDScope.unregister(next);
                    z.close();
                    z = next;
                }
            }
            return SparseCoding.keep(z);
        }
    }

    /**
     * {@code iterations} FISTA steps from zero (Beck &amp; Teboulle's Algorithm, constant step 1/L).
     * Arguments as {@link #ista}.
     */
    public static NDArray fista(NDArray d, NDArray x, float lambda, float lipschitz, int iterations) {
        check(d, x, lambda, lipschitz, iterations, "Ista.fista");
        try (NDScope scope = new NDScope()) {
            NDArray dt = d.transpose();
            NDArray z = x.getManager().zeros(new ai.djl.ndarray.types.Shape(x.getShape().get(0), d.getShape().get(1)));
            NDArray y = z;
            double t = 1;
            for (int k = 0; k < iterations; k++) {
                double tNext = (1 + Math.sqrt(1 + 4 * t * t)) / 2;
                float momentum = (float) ((t - 1) / tNext);
                try (NDScope step = new NDScope()) {
                    NDArray zNext = step(y, d, dt, x, lambda, lipschitz);
                    NDArray yNext = zNext.add(zNext.sub(z).mul(momentum));
                    NDScope.unregister(zNext, yNext);
                    if (y != z) {
                        y.close();
                    }
                    z.close();
                    z = zNext;
                    y = yNext;
                }
                t = tNext;
            }
            if (y != z) {
                y.close();
            }
            return SparseCoding.keep(z);
        }
    }

    /** One proximal-gradient step {@code h_{λ/L}(z − (zDᵀ − x)D/L)} in row form (two n×m products instead of one m×m: cheaper when m &gt; 2n). */
    private static NDArray step(NDArray z, NDArray d, NDArray dt, NDArray x, float lambda, float lipschitz) {
        NDArray grad = z.matMul(dt).sub(x).matMul(d);
        return SparseCoding.softThreshold(z.sub(grad.div(lipschitz)), lambda / lipschitz);
    }

    private static void check(NDArray d, NDArray x, float lambda, float lipschitz, int iterations, String who) {
        SparseCoding.checkPair(d, x, who);
        Checks.nonNegative(lambda, who, "lambda");
        Checks.positive(lipschitz, who, "the Lipschitz constant L");
        Checks.nonNegative(iterations, who, "iterations");
    }
}

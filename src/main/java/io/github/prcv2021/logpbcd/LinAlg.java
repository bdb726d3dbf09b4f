package io.github.prcv2021.logpbcd;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;

/**
 * The small symmetric positive definite (SPD) solves of the BCD and ADMM updates.
 *
 * <p><b>Choice of solver, measured.</b> The W-update of Eq. 7 solves with
 * {@code G = δI + ρ A Aᵀ} of size {@code d_{l−1} × d_{l−1}}. For the first layer on Fashion-MNIST
 * pixels (784 × 784, ρ = δ = 1) G has trace 6e8 at M = 10,000 and is ill conditioned (zero border
 * pixels leave eigenvalues equal to δ). With a right-hand side {@code R = W* G} built from a known
 * {@code W*} (500 × 784), on this 2-core CPU: DJL {@code inverse()} in float32 takes 30-260 ms with
 * relative residual {@code ‖W G − R‖/‖R‖} = 5.6e-5 (M = 10k) and 6.3e-5 (M = 60k), forward error
 * 3.3e-4 and 1.2e-3; DJL {@code inverse()} in float64 takes 50-350 ms with residual 2.5e-8 and
 * forward error 2.9e-5 / 2.6e-5 (the float32 rounding of the result); an EJML double Cholesky solve
 * gives the same 2.5e-8 but takes 460-900 ms (single-threaded, plus copying to the JVM heap). DJL
 * has no Cholesky. So the solves here invert in float64 on the engine and multiply the small
 * right-hand sides in float64; these costs are small beside one iteration's matrix products
 * (seconds).
 */
final class LinAlg {

    private LinAlg() {}

    /** {@code G^{-1}} in float64, for an SPD {@code G} (outputs belong to {@code g}'s manager). */
    static NDArray inverse64(NDArray g) {
        return g.toType(DataType.FLOAT64, false).inverse();
    }

    /** {@code R · G^{-1}} given {@code G^{-1}} in float64; computed in float64, returned in {@code r}'s type. */
    static NDArray rightMultiply64(NDArray r, NDArray gInverse64) {
        return r.toType(DataType.FLOAT64, false).matMul(gInverse64).toType(r.getDataType(), false);
    }

    /** {@code δI + c·A Aᵀ}, the Gram matrix of the W-update, in {@code a}'s type. */
    static NDArray shiftedGram(NDArray a, double c, double delta) {
        long d = a.getShape().get(0);
        NDManager m = a.getManager();
        return a.matMul(a.transpose()).mul(c).add(m.eye((int) d, (int) d, 0, a.getDataType()).mul(delta));
    }

    /**
     * {@code (c WᵀW + k I)^{-1} V} for {@code W} of shape {@code p × d} and {@code V} of shape
     * {@code d × M}. When {@code p < d} it uses the identity
     * {@code (cWᵀW + kI)^{-1} = (1/k)[I − Wᵀ(WWᵀ + (k/c)I)^{-1} W]}, so the product with the wide
     * {@code V} costs {@code 2pdM} instead of {@code d²M}; the small inverse is taken in float64.
     */
    static NDArray solveShiftedNormal(NDArray w, double c, double k, NDArray v) {
        int p = (int) w.getShape().get(0);
        int d = (int) w.getShape().get(1);
        NDManager m = w.getManager();
        DataType type = v.getDataType();
        if (p < d) {
            NDArray small = w.matMul(w.transpose()).add(m.eye(p, p, 0, w.getDataType()).mul(k / c));
            NDArray inner = inverse64(small).toType(type, false);
            NDArray wv = w.matMul(v);
            return v.sub(w.transpose().matMul(inner.matMul(wv))).div(k);
        }
        NDArray g = w.transpose().matMul(w).mul(c).add(m.eye(d, d, 0, w.getDataType()).mul(k));
        return inverse64(g).toType(type, false).matMul(v);
    }

    /**
     * A rigorous upper bound on {@code ‖W‖₂²}, the largest eigenvalue of the Gram matrix
     * {@code G} (the smaller of {@code WWᵀ}, {@code WᵀW}): {@code λ_max ≤ trace(G^{2^p})^{1/2^p}},
     * computed by {@code p = 8} normalised squarings in float64. It overestimates by at most the
     * factor {@code n^{1/256}} (2.5% for n = 500).
     */
    static double spectralNormSquaredUpperBound(NDArray w) {
        long p = w.getShape().get(0);
        long d = w.getShape().get(1);
        NDArray w64 = w.toType(DataType.FLOAT64, false);
        NDArray g = p <= d ? w64.matMul(w64.transpose()) : w64.transpose().matMul(w64);
        double logScale = 0;
        int squarings = 8;
        for (int i = 0; i < squarings; i++) {
            double f = g.norm().getDouble();
            if (f == 0) {
                return 0;
            }
            g = g.div(f);
            g = g.matMul(g);
            logScale = 2 * (logScale + Math.log(f));
        }
        int n = (int) g.getShape().get(0);
        double trace = g.mul(g.getManager().eye(n, n, 0, DataType.FLOAT64)).sum().getDouble(); // no trace() on PyTorch
        return Math.exp((Math.log(trace) + logScale) / Math.pow(2, squarings)) * (1 + 1e-9);
    }
}

package io.github.prcv2021.fpsora;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import io.github.prcv2021.core.Checks;
import io.github.prcv2021.linalg.Linalg;

/**
 * The square root {@code L^{1/2}} of a symmetric positive semi-definite matrix (a graph Laplacian) and
 * the pseudo-inverse of that root {@code (L^{1/2})⁺}, from one eigen-decomposition
 * {@code L = U diag(λ) Uᵀ} (Sect. 3.2 of the paper, below Eq. 10: the paper writes it as an SVD, which
 * for a symmetric PSD matrix is the same thing):
 * <pre>
 *   L^{1/2}    = U diag(√λ) Uᵀ
 *   (L^{1/2})⁺ = U diag(1/√λ where λ &gt; τ, else 0) Uᵀ,      τ = relativeTolerance · max λ
 * </pre>
 * Eigenvalues at or below τ (including rounding noise below zero) count as zero; their number is the
 * {@link #nullity}, which for a graph Laplacian equals the number of connected components. Arrays are
 * float64 and owned by the input's manager.
 *
 * @param root {@code L^{1/2}} (n, n)
 * @param pinvRoot {@code (L^{1/2})⁺} (n, n)
 * @param eigenvalues λ (n), ascending, as decomposed (not clipped)
 * @param nullity how many eigenvalues count as zero
 */
public record PsdRoots(NDArray root, NDArray pinvRoot, NDArray eigenvalues, int nullity) implements AutoCloseable {

    /**
     * Decomposes {@code l}.
     *
     * @param l (n, n), symmetric positive semi-definite
     * @param relativeTolerance τ relative to the largest eigenvalue, in [0, 1)
     * @return the two roots, the eigenvalues and the nullity
     */
    public static PsdRoots of(NDArray l, double relativeTolerance) {
        String who = "PsdRoots.of";
        Checks.rank(l, 2, who, "L of shape (n, n)");
        Checks.check(l.getShape().get(0) == l.getShape().get(1), who, "a square L", l.getShape());
        Checks.check(relativeTolerance >= 0 && relativeTolerance < 1, who, "a relative tolerance in [0, 1)",
                relativeTolerance);
        NDManager owner = l.getManager();
        int n = (int) l.getShape().get(0);
        try (NDManager work = owner.newSubManager()) {
            NDArray l64 = l.toType(DataType.FLOAT64, true);
            l64.attach(work);
            Linalg.Eigen eig = Linalg.symmetricEigen(l64);
            double[] lambda = eig.values().toDoubleArray();
            double max = lambda[n - 1];
            Checks.check(lambda[0] >= -1e-8 * Math.max(Math.abs(max), 1e-300), who, "a positive semi-definite L",
                    "smallest eigenvalue " + lambda[0] + " (largest " + max + ")");
            double tau = relativeTolerance * Math.max(max, 0);
            double[] sqrt = new double[n];
            double[] inv = new double[n];
            int nullity = 0;
            for (int i = 0; i < n; i++) {
                if (lambda[i] > tau) {
                    sqrt[i] = Math.sqrt(lambda[i]);
                    inv[i] = 1 / sqrt[i];
                } else {
                    nullity++;
                }
            }
            NDArray u = eig.vectors();
            NDArray ut = u.transpose();
            NDArray root = u.mul(work.create(sqrt).reshape(1, n)).matMul(ut);
            NDArray pinv = u.mul(work.create(inv).reshape(1, n)).matMul(ut);
            NDArray values = eig.values();
            root.attach(owner);
            pinv.attach(owner);
            values.attach(owner);
            return new PsdRoots(root, pinv, values, nullity);
        }
    }

    @Override
    public void close() {
        root.close();
        pinvRoot.close();
        eigenvalues.close();
    }
}

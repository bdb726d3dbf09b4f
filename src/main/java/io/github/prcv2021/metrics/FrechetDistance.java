package io.github.prcv2021.metrics;

import ai.djl.ndarray.NDArray;
import io.github.prcv2021.core.Checks;
import io.github.prcv2021.linalg.Linalg;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;

/**
 * The Fréchet (2-Wasserstein) distance between Gaussians fitted to two feature sets, the statistic
 * behind FID (Heusel et al., NeurIPS 2017):
 *
 * <pre>
 *   d² = ‖μ₁ − μ₂‖² + tr(Σ₁ + Σ₂ − 2 (Σ₁ Σ₂)^{1/2})
 * </pre>
 *
 * <p>The trace of the matrix square root is computed as {@code tr((Σ₁^{1/2} Σ₂ Σ₁^{1/2})^{1/2})}, which is
 * equal (the two matrices are similar) but symmetric, so two symmetric eigen-decompositions in double
 * precision replace the general {@code sqrtm} and its complex round-off. Covariances are the unbiased
 * sample ones (divisor N − 1), as in the reference FID code. The library has no Inception weights
 * offline, so the generative papers feed this the penultimate features of a classifier trained on the same
 * domain; the number is comparable between runs of this library, not with published FIDs.
 */
public final class FrechetDistance {

    private FrechetDistance() {}

    /** A Gaussian summary of a feature set: mean (d) and covariance (d×d). */
    public record Stats(double[] mean, DMatrixRMaj covariance, long count) {

        /** The dimension d. */
        public int dimension() {
            return mean.length;
        }
    }

    /**
     * Fits the mean and the sample covariance of feature rows.
     *
     * @param features (N, d) with N ≥ 2
     */
    public static Stats stats(NDArray features) {
        String who = "FrechetDistance.stats";
        Checks.rank(features, 2, who, "features (N, d)");
        Checks.check(features.getShape().get(0) >= 2, who, "at least 2 feature rows", features.getShape());
        DMatrixRMaj x = Linalg.toEjml(features);
        int n = x.numRows;
        int d = x.numCols;
        double[] mean = new double[d];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                mean[j] += x.get(i, j);
            }
        }
        for (int j = 0; j < d; j++) {
            mean[j] /= n;
        }
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                x.set(i, j, x.get(i, j) - mean[j]);
            }
        }
        DMatrixRMaj cov = new DMatrixRMaj(d, d);
        CommonOps_DDRM.multTransA(x, x, cov);
        CommonOps_DDRM.scale(1.0 / (n - 1), cov);
        return new Stats(mean, cov, n);
    }

    /** The squared Fréchet distance between the Gaussians fitted to two feature sets. */
    public static double between(NDArray features1, NDArray features2) {
        return between(stats(features1), stats(features2));
    }

    /** The squared Fréchet distance between two Gaussian summaries of the same dimension. */
    public static double between(Stats a, Stats b) {
        Checks.check(a.dimension() == b.dimension(), "FrechetDistance.between", "statistics of the same dimension",
                a.dimension() + " vs " + b.dimension());
        return squared(a.mean(), a.covariance(), b.mean(), b.covariance());
    }

    /**
     * The squared Fréchet distance between {@code N(μ₁, Σ₁)} and {@code N(μ₂, Σ₂)}.
     *
     * @param sigma1 symmetric positive semi-definite, d×d
     * @param sigma2 symmetric positive semi-definite, d×d
     */
    public static double squared(double[] mu1, DMatrixRMaj sigma1, double[] mu2, DMatrixRMaj sigma2) {
        String who = "FrechetDistance";
        int d = mu1.length;
        Checks.check(mu2.length == d, who, "means of the same length", d + " vs " + mu2.length);
        Checks.check(sigma1.numRows == d && sigma1.numCols == d && sigma2.numRows == d && sigma2.numCols == d, who,
                "covariances " + d + "×" + d, sigma1.numRows + "×" + sigma1.numCols + " and " + sigma2.numRows + "×"
                        + sigma2.numCols);
        double meanTerm = 0;
        for (int i = 0; i < d; i++) {
            double diff = mu1[i] - mu2[i];
            meanTerm += diff * diff;
        }
        DMatrixRMaj root1 = sqrtPsd(sigma1);
        DMatrixRMaj tmp = new DMatrixRMaj(d, d);
        DMatrixRMaj inner = new DMatrixRMaj(d, d);
        CommonOps_DDRM.mult(root1, sigma2, tmp);
        CommonOps_DDRM.mult(tmp, root1, inner);
        symmetrise(inner);
        double traceRoot = 0;
        for (double v : eigenvalues(inner)) {
            traceRoot += Math.sqrt(Math.max(v, 0));
        }
        double value = meanTerm + CommonOps_DDRM.trace(sigma1) + CommonOps_DDRM.trace(sigma2) - 2 * traceRoot;
        return Math.max(value, 0);
    }

    /** The symmetric square root of a symmetric PSD matrix, negative round-off eigenvalues clamped to 0. */
    static DMatrixRMaj sqrtPsd(DMatrixRMaj a) {
        int d = a.numRows;
        DMatrixRMaj s = a.copy();
        symmetrise(s);
        EigenDecomposition_F64<DMatrixRMaj> eig = decompose(s);
        DMatrixRMaj out = new DMatrixRMaj(d, d);
        for (int k = 0; k < d; k++) {
            double root = Math.sqrt(Math.max(eig.getEigenvalue(k).getReal(), 0));
            DMatrixRMaj v = eig.getEigenVector(k);
            double norm2 = CommonOps_DDRM.dot(v, v);
            for (int i = 0; i < d; i++) {
                for (int j = 0; j < d; j++) {
                    out.add(i, j, root * v.get(i) * v.get(j) / norm2);
                }
            }
        }
        return out;
    }

    private static double[] eigenvalues(DMatrixRMaj a) {
        EigenDecomposition_F64<DMatrixRMaj> eig = decompose(a);
        double[] out = new double[a.numRows];
        for (int k = 0; k < out.length; k++) {
            out[k] = eig.getEigenvalue(k).getReal();
        }
        return out;
    }

    private static EigenDecomposition_F64<DMatrixRMaj> decompose(DMatrixRMaj a) {
        EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(a.numRows, true, true);
        if (!eig.decompose(a.copy())) {
            throw new IllegalStateException("FrechetDistance: the eigen-decomposition of a " + a.numRows + "x" + a.numCols
                    + " covariance did not converge");
        }
        return eig;
    }

    private static void symmetrise(DMatrixRMaj a) {
        for (int i = 0; i < a.numRows; i++) {
            for (int j = i + 1; j < a.numCols; j++) {
                double m = 0.5 * (a.get(i, j) + a.get(j, i));
                a.set(i, j, m);
                a.set(j, i, m);
            }
        }
    }
}

package io.github.prcv2021.fpsora;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import io.github.prcv2021.core.Checks;
import io.github.prcv2021.graph.Graphs;
import io.github.prcv2021.linalg.Linalg;

/**
 * The linear projections the paper compares with and that can start FPSORA (its P₀, which the paper
 * does not specify): PCA (Jolliffe; Turk and Pentland, refs. 3–4), LPP (He et al.'s Laplacianfaces,
 * ref. 6) and NPE (He et al., ref. 8). Samples are the rows of {@code x} (n, p), the transpose of the paper's X. Both return the
 * projection P (p, d); the embedding of the paper, {@code Y = Pᵀ X}, is here {@code (x − mean) P}
 * ({@link #embed}). Everything is computed in float64 and owned by {@code x}'s manager.
 */
public final class Projections {

    private Projections() {}

    /**
     * PCA: the d leading right singular vectors of the centred rows, i.e. the top-d eigenvectors of the
     * covariance.
     *
     * @param x (n, p) samples as rows
     * @param d target dimension, 1 ≤ d ≤ min(n − 1, p)
     * @return P (p, d), orthonormal columns, variance descending
     */
    public static NDArray pca(NDArray x, int d) {
        String who = "Projections.pca";
        check(x, d, who);
        NDManager owner = x.getManager();
        try (NDManager work = owner.newSubManager()) {
            NDArray xc = centred(x, work);
            Linalg.Svd svd = Linalg.svd(xc);
            NDArray p = svd.v().get(":, 0:" + d).duplicate();
            p.attach(owner);
            return p;
        }
    }

    /**
     * LPP, locality preserving projections: the d generalised eigenvectors of smallest eigenvalue of
     * {@code X L Xᵀ a = λ X D Xᵀ a} (the paper's Eq. 3 with the constraint {@code aᵀ X D Xᵀ a = 1}),
     * solved after a PCA step that keeps {@code energy} of the variance, as He et al. do to make
     * {@code X D Xᵀ} non-singular when n &lt; p ("98 percent information" in Laplacianfaces). The
     * data are centred first (a choice: L's rows sum to zero, so only the constraint sees the mean).
     *
     * @param x (n, p) samples as rows
     * @param w (n, n) symmetric non-negative affinity, e.g. the heat-kernel kNN graph of Eq. 1
     * @param d target dimension
     * @param energy fraction of the variance the PCA step keeps, in (0, 1]; at least d components are kept
     * @return P (p, d), columns ordered by increasing generalised eigenvalue
     */
    public static NDArray lpp(NDArray x, NDArray w, int d, double energy) {
        String who = "Projections.lpp";
        check(x, d, who);
        int n = (int) x.getShape().get(0);
        Checks.shape(w, new ai.djl.ndarray.types.Shape(n, n), who, "W");
        Checks.check(energy > 0 && energy <= 1, who, "energy in (0, 1]", energy);
        NDManager owner = x.getManager();
        try (NDManager work = owner.newSubManager()) {
            NDArray xc = centred(x, work);
            NDArray w64 = w.toType(DataType.FLOAT64, true);
            w64.attach(work);
            Linalg.Svd svd = Linalg.svd(xc);
            int r = pcaRank(svd.s().toDoubleArray(), energy, d);
            Checks.check(r >= d, who, "data of rank at least d = " + d, "rank " + r);
            NDArray v = svd.v().get(":, 0:" + r);
            NDArray y = xc.matMul(v); // (n, r)
            NDArray degree = w64.sum(new int[] {1});
            double minDegree = degree.min().getDouble();
            Checks.check(minDegree > 0, who, "a graph in which every sample has a positive degree", "minimum degree " + minDegree);
            NDArray a = y.transpose().matMul(Graphs.laplacian(w64)).matMul(y);
            NDArray b = y.transpose().mul(degree.reshape(1, n)).matMul(y);
            NDArray proj = v.matMul(smallestGeneralised(a, b, d, work));
            proj.attach(owner);
            return proj;
        }
    }

    /**
     * NPE, neighbourhood preserving embedding (He et al. 2005, the paper's ref. 8): the linear version of
     * LLE. Each sample's reconstruction weights from its k nearest neighbours ({@link #reconstructionWeights})
     * give {@code M = (I − W)ᵀ (I − W)}, and P holds the d generalised eigenvectors of smallest eigenvalue of
     * {@code X M Xᵀ a = λ X Xᵀ a}, after the same PCA step as {@link #lpp} (the data centred).
     *
     * @param x (n, p) samples as rows
     * @param k neighbours per sample, 1 ≤ k &lt; n
     * @param d target dimension
     * @param energy fraction of the variance the PCA step keeps, in (0, 1]
     * @return P (p, d)
     */
    public static NDArray npe(NDArray x, int k, int d, double energy) {
        String who = "Projections.npe";
        check(x, d, who);
        int n = (int) x.getShape().get(0);
        Checks.check(energy > 0 && energy <= 1, who, "energy in (0, 1]", energy);
        NDManager owner = x.getManager();
        try (NDManager work = owner.newSubManager()) {
            NDArray xc = centred(x, work);
            NDArray w = reconstructionWeights(xc, k);
            w.attach(work);
            NDArray iw = work.eye(n, n, 0, DataType.FLOAT64).sub(w);
            NDArray m = iw.transpose().matMul(iw);
            Linalg.Svd svd = Linalg.svd(xc);
            int r = pcaRank(svd.s().toDoubleArray(), energy, d);
            Checks.check(r >= d, who, "data of rank at least d = " + d, "rank " + r);
            NDArray v = svd.v().get(":, 0:" + r);
            NDArray y = xc.matMul(v);
            NDArray proj = v.matMul(smallestGeneralised(y.transpose().matMul(m).matMul(y), y.transpose().matMul(y), d, work));
            proj.attach(owner);
            return proj;
        }
    }

    /**
     * LLE's reconstruction weights (Roweis and Saul): for each sample, {@code min ‖x_i − Σ_j w_ij x_j‖²}
     * over its k nearest neighbours subject to {@code Σ_j w_ij = 1}, i.e. {@code G w = 1} normalised, with
     * the local Gram matrix {@code G_ab = (x_a − x_i)·(x_b − x_i)} regularised by {@code 1e-3 · tr(G)}
     * (scikit-learn's default; needed when k &gt; p or the neighbours are affinely dependent).
     *
     * @param x (n, p) samples as rows
     * @param k neighbours, 1 ≤ k &lt; n
     * @return W (n, n), float64, each row summing to one with support on the row's neighbours
     */
    public static NDArray reconstructionWeights(NDArray x, int k) {
        String who = "Projections.reconstructionWeights";
        Checks.rank(x, 2, who, "x of shape (n, p)");
        int n = (int) x.getShape().get(0);
        int p = (int) x.getShape().get(1);
        int[][] nb = Graphs.nearestNeighbours(x, k);
        double[] xs;
        try (NDManager read = x.getManager().newSubManager()) {
            read.tempAttachAll(x);
            xs = x.toType(DataType.FLOAT64, false).toDoubleArray();
        }
        double[] w = new double[n * n];
        org.ejml.data.DMatrixRMaj g = new org.ejml.data.DMatrixRMaj(k, k);
        org.ejml.data.DMatrixRMaj ones = new org.ejml.data.DMatrixRMaj(k, 1);
        org.ejml.data.DMatrixRMaj sol = new org.ejml.data.DMatrixRMaj(k, 1);
        for (int i = 0; i < n; i++) {
            double trace = 0;
            for (int a = 0; a < k; a++) {
                for (int b = a; b < k; b++) {
                    double dot = 0;
                    for (int f = 0; f < p; f++) {
                        dot += (xs[nb[i][a] * p + f] - xs[i * p + f]) * (xs[nb[i][b] * p + f] - xs[i * p + f]);
                    }
                    g.set(a, b, dot);
                    g.set(b, a, dot);
                }
                trace += g.get(a, a);
                ones.set(a, 0, 1);
            }
            double reg = trace > 0 ? 1e-3 * trace : 1e-3;
            for (int a = 0; a < k; a++) {
                g.add(a, a, reg);
            }
            if (!org.ejml.dense.row.CommonOps_DDRM.solve(g, ones, sol)) {
                throw new IllegalStateException(who + ": the regularised local Gram matrix of sample " + i + " is singular");
            }
            double sum = org.ejml.dense.row.CommonOps_DDRM.elementSum(sol);
            for (int a = 0; a < k; a++) {
                w[i * n + nb[i][a]] += sol.get(a, 0) / sum;
            }
        }
        return x.getManager().create(w, new ai.djl.ndarray.types.Shape(n, n));
    }

    /** The number of leading principal components that keep {@code energy} of the variance (at least d, nonzero only). */
    private static int pcaRank(double[] s, double energy, int d) {
        double total = 0;
        for (double v : s) {
            total += v * v;
        }
        int r = 0;
        double kept = 0;
        while (r < s.length && (kept < energy * total || r < d) && s[r] > 1e-10 * s[0]) {
            kept += s[r] * s[r];
            r++;
        }
        return r;
    }

    /**
     * The d generalised eigenvectors of smallest eigenvalue of {@code A a = λ B a} for symmetric A and
     * positive definite B: {@code B^{−1/2} u} for the eigenvectors u of {@code B^{−1/2} A B^{−1/2}}.
     */
    private static NDArray smallestGeneralised(NDArray a, NDArray b, int d, NDManager work) {
        int r = (int) b.getShape().get(0);
        b = b.add(b.transpose()).div(2);
        Linalg.Eigen eb = Linalg.symmetricEigen(b);
        double[] lb = eb.values().toDoubleArray();
        double[] invSqrt = new double[r];
        for (int i = 0; i < r; i++) {
            invSqrt[i] = lb[i] > 1e-12 * lb[r - 1] ? 1 / Math.sqrt(lb[i]) : 0;
        }
        NDArray bInvSqrt = eb.vectors().mul(work.create(invSqrt).reshape(1, r)).matMul(eb.vectors().transpose());
        NDArray c = bInvSqrt.matMul(a).matMul(bInvSqrt);
        c = c.add(c.transpose()).div(2);
        Linalg.Eigen ec = Linalg.symmetricEigen(c);
        return bInvSqrt.matMul(ec.vectors().get(":, 0:" + d));
    }

    /** The embedding {@code (x − mean(x)) P} (n, d), the paper's {@code Y = Pᵀ X} transposed. */
    public static NDArray embed(NDArray x, NDArray p) {
        NDManager owner = x.getManager();
        try (NDManager work = owner.newSubManager()) {
            NDArray xc = centred(x, work);
            NDArray p64 = p.toType(DataType.FLOAT64, true);
            p64.attach(work);
            NDArray out = xc.matMul(p64);
            out.attach(owner);
            return out;
        }
    }

    private static NDArray centred(NDArray x, NDManager work) {
        NDArray x64 = x.toType(DataType.FLOAT64, true);
        x64.attach(work);
        return x64.sub(x64.mean(new int[] {0}, true));
    }

    private static void check(NDArray x, int d, String who) {
        Checks.rank(x, 2, who, "x of shape (n, p)");
        Checks.floating(x, who, "x");
        long n = x.getShape().get(0);
        long p = x.getShape().get(1);
        Checks.check(d >= 1 && d <= Math.min(n - 1, p), who, "1 <= d <= min(n - 1, p) = " + Math.min(n - 1, p), d);
    }
}

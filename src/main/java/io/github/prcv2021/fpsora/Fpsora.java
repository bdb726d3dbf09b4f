package io.github.prcv2021.fpsora;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.github.prcv2021.core.Checks;
import io.github.prcv2021.graph.Graphs;
import io.github.prcv2021.linalg.Linalg;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * FPSORA, flexible projection search using optimal re-weighted adjacency (Sect. 3 of the paper). The
 * samples are the rows of {@code x} (n, p), the transpose of the paper's X (p × n); the embedding
 * {@code Z} (n, d) is the paper's {@code Y = Pᵀ X} transposed.
 *
 * <ol>
 *   <li>Reference graph (Eq. 1, Sect. 3.2): the heat-kernel kNN weights
 *       {@code w_ij = exp(−‖x_i − x_j‖² / 2σ²)} for the k nearest neighbours j of i in the original
 *       space (fixed for the whole run), each row rescaled so that its square roots sum to one
 *       ({@code w_ij / C_i²}, {@code C_i = Σ_j √w_ij}, Lemma 1), symmetrised, and its Laplacian
 *       {@code L_A = D_A − W_A} (Eq. 2) with the roots {@code L_A^{1/2}} and {@code (L_A^{1/2})⁺}
 *       ({@link PsdRoots}).
 *   <li>Initial projection P₀ (not specified by the paper, whose algorithm box is an image): PCA by
 *       default, LPP as an option ({@link Projections}); only {@code Z₀ = (x − mean) P₀} is used.
 *   <li>Re-weighting (Eqs. 5–9): with {@code d_ij = ‖z_i − z_j‖²} (Eq. 4) each sample's weights solve
 *       {@code min ½ Σ_j μ_ij² d_ij  s.t.  Σ_j μ_ij = 1}, whose KKT system (Eq. 9) has the closed form
 *       {@code μ_ij = (1/d_ij) / Σ_l (1/d_il)} ({@link #optimalWeights}); the re-weighted graph is
 *       {@code W_o = μ²} (Lemma 1), symmetrised, with Laplacian {@code L_o}.
 *   <li>Flexible projection search (Eqs. 10–11): {@code Z_t = (L_A^{1/2})⁺ L_o^{1/2} Z_{t−1}}, which is
 *       Eq. 11 ({@code M_t = Z_t Z_tᵀ}) without forming the n × n Gram matrix; P_t is never formed.
 *   <li>Objective (Eqs. 3, 12): {@code J_t = tr(Z_tᵀ L_A Z_t)}, non-increasing; stop when its relative
 *       decrease falls below the tolerance (the paper gives no rule) or after the iteration cap.
 *   <li>Out-of-sample projection (Eq. 13): {@code P = (Xᵀ)⁺ Z}, here {@code x⁺ Z} (p, d), exact only when
 *       n ≤ p and x has full row rank.
 * </ol>
 *
 * <p>Engineering note (not in the paper): {@code (L_A^{1/2})⁺} zeroes every null direction of L_A. For
 * a disconnected kNN graph these are the component indicators, often exactly the between-cluster
 * information, so a disconnected reference graph is handled by {@link Connectivity}: by default k is
 * raised until the graph is connected. Everything is float64.
 */
public final class Fpsora {

    private static final Logger LOG = LoggerFactory.getLogger(Fpsora.class);

    /** How the samples are scaled before the graph is built (the paper does not say; σ = 1 needs small norms). */
    public enum SampleNormalization {
        /** Each sample divided by its Euclidean norm (default). */
        UNIT_L2,
        /** Used as given. */
        NONE
    }

    /** The initial projection P₀ (not specified by the paper). */
    public enum InitialProjection {
        /** The top-d principal directions (default). */
        PCA,
        /** Locality preserving projections on the heat-kernel graph of Eq. 1. */
        LPP
    }

    /** What to do when the reference kNN graph has more than one connected component. */
    public enum Connectivity {
        /** Raise k by one until the graph is connected, with a warning (default). */
        RAISE_K,
        /** Proceed with a warning; the pseudo-inverse root then discards the component indicators. */
        WARN,
        /** Throw an {@link IllegalArgumentException}. */
        FAIL
    }

    private final int targetDim;
    private final int neighbours;
    private final double sigma;
    private final InitialProjection initial;
    private final SampleNormalization normalization;
    private final int maxIterations;
    private final double tolerance;
    private final double zeroTolerance;
    private final Connectivity connectivity;
    private final double lppEnergy;
    private final boolean computeProjection;

    private Fpsora(Builder b) {
        String who = "Fpsora";
        this.targetDim = Checks.positive(b.targetDim, who, "targetDim (d)");
        this.neighbours = Checks.positive(b.neighbours, who, "neighbours (k)");
        this.sigma = Checks.positive(b.sigma, who, "sigma");
        this.initial = Checks.notNull(b.initial, who, "initialProjection");
        this.normalization = Checks.notNull(b.normalization, who, "sampleNormalization");
        Checks.check(b.maxIterations >= 0, who, "maxIterations >= 0", b.maxIterations);
        this.maxIterations = b.maxIterations;
        this.tolerance = Checks.nonNegative(b.tolerance, who, "tolerance");
        Checks.check(b.zeroTolerance >= 0 && b.zeroTolerance < 1, who, "zeroEigenTolerance in [0, 1)", b.zeroTolerance);
        this.zeroTolerance = b.zeroTolerance;
        this.connectivity = Checks.notNull(b.connectivity, who, "connectivity");
        Checks.check(b.lppEnergy > 0 && b.lppEnergy <= 1, who, "lppEnergy in (0, 1]", b.lppEnergy);
        this.lppEnergy = b.lppEnergy;
        this.computeProjection = b.computeProjection;
    }

    /** A builder; {@code setTargetDim} is required. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The closed-form solution of one sample's re-weighting problem (Eqs. 6–9):
     * {@code min_μ ½ Σ_j μ_j² d_j  s.t.  Σ_j μ_j = 1} gives {@code μ_j = (1/d_j) / Σ_l (1/d_l)} (and the
     * multiplier {@code λ = −1 / Σ_l (1/d_l)}). Distances are guarded by adding
     * {@code 1e-12 · mean(d)} (or 1e-300 when all are zero).
     *
     * @param distances the k squared distances d_j ≥ 0 to the sample's neighbours
     * @return μ (k), positive, summing to one
     */
    public static double[] optimalWeights(double[] distances) {
        String who = "Fpsora.optimalWeights";
        Checks.notNull(distances, who, "distances");
        Checks.check(distances.length >= 1, who, "at least one distance", 0);
        double mean = 0;
        for (double v : distances) {
            Checks.check(v >= 0 && Double.isFinite(v), who, "finite non-negative distances", Arrays.toString(distances));
            mean += v;
        }
        mean /= distances.length;
        double eps = mean > 0 ? 1e-12 * mean : 1e-300;
        double[] mu = new double[distances.length];
        double sum = 0;
        for (int j = 0; j < mu.length; j++) {
            mu[j] = 1 / (distances[j] + eps);
            sum += mu[j];
        }
        for (int j = 0; j < mu.length; j++) {
            mu[j] /= sum;
        }
        return mu;
    }

    /**
     * Runs FPSORA on the rows of {@code x}.
     *
     * @param x (n, p) samples as rows, floating point; d ≤ min(n − 1, p) and k &lt; n
     * @return the embedding, objective history and graphs, owned by {@code x}'s manager
     */
    public Result fit(NDArray x) {
        return fit(x, null);
    }

    /** Observes the iterations of {@link #fit(NDArray, IterationListener)}. */
    @FunctionalInterface
    public interface IterationListener {
        /**
         * Called after iteration t ≥ 1.
         *
         * @param t the iteration
         * @param z Z_t (n, d), valid only during the call (do not close or keep it)
         * @param objective J_t
         */
        void onIteration(int t, NDArray z, double objective);
    }

    /**
     * Runs FPSORA on the rows of {@code x}, reporting every iteration to {@code listener}.
     *
     * @param x (n, p) samples as rows, floating point; d ≤ min(n − 1, p) and k &lt; n
     * @param listener called after each iteration, or null
     * @return the embedding, objective history and graphs, owned by {@code x}'s manager
     */
    public Result fit(NDArray x, IterationListener listener) {
        String who = "Fpsora.fit";
        Checks.rank(x, 2, who, "x of shape (n, p)");
        Checks.floating(x, who, "x");
        int n = (int) x.getShape().get(0);
        int p = (int) x.getShape().get(1);
        Checks.check(neighbours < n, who, "k = " + neighbours + " < n", n);
        Checks.check(targetDim <= Math.min(n - 1, p), who, "d <= min(n - 1, p) = " + Math.min(n - 1, p), targetDim);
        NDManager owner = x.getManager();
        try (NDManager work = owner.newSubManager()) {
            NDArray xs = normalise(x, work);
            Graph graph = referenceGraph(xs, work);
            NDArray lapA = graph.laplacianA();
            NDArray z;
            if (initial == InitialProjection.PCA) {
                NDArray p0 = Projections.pca(xs, targetDim);
                z = Projections.embed(xs, p0);
            } else {
                NDArray p0 = Projections.lpp(xs, graph.heat(), targetDim, lppEnergy);
                z = Projections.embed(xs, p0);
            }
            List<Double> history = new ArrayList<>();
            List<Double> sizes = new ArrayList<>();
            history.add(objective(z, lapA));
            sizes.add(squaredNorm(z));
            double[] wo = null;
            int t = 0;
            PsdRoots rootsA = PsdRoots.of(lapA, zeroTolerance); // owned by work, closed with it
            {
                while (t < maxIterations) {
                    t++;
                    Step step = iterate(z, graph.neighbours(), rootsA.pinvRoot());
                    step.z().attach(work);
                    z.close();
                    z = step.z();
                    wo = step.weights();
                    double j = objective(z, lapA);
                    double previous = history.get(history.size() - 1);
                    history.add(j);
                    sizes.add(squaredNorm(z));
                    if (listener != null) {
                        listener.onIteration(t, z, j);
                    }
                    if (previous <= 0 || (previous - j) <= tolerance * previous) {
                        break;
                    }
                }
                NDArray weights = wo == null ? graph.weightsA() : work.create(wo, new Shape(n, n));
                NDArray projection = null;
                if (computeProjection && n <= p) {
                    NDArray pinv = Linalg.pinv(xs);
                    NDArray candidate = pinv.matMul(z);
                    NDArray back = xs.matMul(candidate);
                    double err = back.sub(z).norm().getDouble() / Math.max(z.norm().getDouble(), 1e-300);
                    if (err < 1e-6) {
                        projection = candidate;
                    } else {
                        LOG.warn("Fpsora: x has rank below n = {}; no out-of-sample projection (residual {})", n, err);
                    }
                }
                z.attach(owner);
                weights.attach(owner);
                NDArray rootValues = rootsA.eigenvalues();
                rootValues.attach(owner);
                if (projection != null) {
                    projection.attach(owner);
                }
                double[] objective = history.stream().mapToDouble(Double::doubleValue).toArray();
                double[] size = sizes.stream().mapToDouble(Double::doubleValue).toArray();
                return new Result(z, objective, size, t, graph.k(), graph.components(), rootsA.nullity(), weights, rootValues,
                        projection, normalization);
            }
        }
    }

    /**
     * One FPSORA iteration (Eqs. 5–11): re-weights the fixed kNN graph in the current embedding and
     * applies the flexible projection update {@code Z ← (L_A^{1/2})⁺ L_o^{1/2} Z}.
     *
     * @param z (n, d) current embedding, float64
     * @param neighbours the fixed k nearest neighbours of every sample in the original space
     * @param pinvRootA {@code (L_A^{1/2})⁺} (n, n), float64
     * @return the new embedding (owned by {@code z}'s manager) and the symmetrised W_o (row-major n × n)
     */
    public static Step iterate(NDArray z, int[][] neighbours, NDArray pinvRootA) {
        int n = (int) z.getShape().get(0);
        int d = (int) z.getShape().get(1);
        Checks.check(neighbours.length == n, "Fpsora.iterate", "neighbour lists for n = " + n + " samples",
                neighbours.length);
        Checks.shape(pinvRootA, new Shape(n, n), "Fpsora.iterate", "(L_A^{1/2})+");
        NDManager owner = z.getManager();
        double[] zh;
        try (NDManager read = owner.newSubManager()) {
            read.tempAttachAll(z);
            zh = z.toType(DataType.FLOAT64, false).toDoubleArray();
        }
        double[] w = new double[n * n];
        for (int i = 0; i < n; i++) {
            int[] nb = neighbours[i];
            double[] dist = new double[nb.length];
            for (int a = 0; a < nb.length; a++) {
                double s = 0;
                int j = nb[a];
                for (int f = 0; f < d; f++) {
                    double diff = zh[i * d + f] - zh[j * d + f];
                    s += diff * diff;
                }
                dist[a] = s;
            }
            double[] mu = optimalWeights(dist);
            for (int a = 0; a < nb.length; a++) {
                w[i * n + nb[a]] += mu[a] * mu[a];
            }
        }
        double[] ws = symmetrise(w, n);
        try (NDManager work = owner.newSubManager()) {
            work.tempAttachAll(z, pinvRootA);
            NDArray z64 = z.toType(DataType.FLOAT64, true);
            NDArray lo = laplacian(ws, n, work);
            Linalg.Eigen eig = Linalg.symmetricEigen(lo);
            NDArray sqrt = eig.values().maximum(0).sqrt().reshape(n, 1);
            NDArray u = eig.vectors();
            NDArray rootLoZ = u.matMul(u.transpose().matMul(z64).mul(sqrt));
            NDArray next = pinvRootA.toType(DataType.FLOAT64, false).matMul(rootLoZ);
            next.attach(owner);
            return new Step(next, ws);
        }
    }

    /** The result of {@link #iterate}: the new embedding and the symmetrised re-weighted adjacency. */
    public record Step(NDArray z, double[] weights) {}

    /** {@code J = tr(Zᵀ L Z) = ½ Σ_ij w_ij ‖z_i − z_j‖²} (Eqs. 2–3). */
    public static double objective(NDArray z, NDArray laplacian) {
        try (NDManager work = z.getManager().newSubManager()) {
            NDArray z64 = z.toType(DataType.FLOAT64, true);
            z64.attach(work);
            NDArray l64 = laplacian.toType(DataType.FLOAT64, true);
            l64.attach(work);
            return z64.mul(l64.matMul(z64)).sum().getDouble();
        }
    }

    private static double squaredNorm(NDArray z) {
        try (NDManager work = z.getManager().newSubManager()) {
            work.tempAttachAll(z);
            return z.square().sum().getDouble();
        }
    }

    /** The number of connected components of the undirected graph with these neighbour lists. */
    public static int components(int[][] neighbours) {
        int n = neighbours.length;
        int[] parent = new int[n];
        for (int i = 0; i < n; i++) {
            parent[i] = i;
        }
        int count = n;
        for (int i = 0; i < n; i++) {
            for (int j : neighbours[i]) {
                int a = find(parent, i);
                int b = find(parent, j);
                if (a != b) {
                    parent[a] = b;
                    count--;
                }
            }
        }
        return count;
    }

    private static int find(int[] parent, int i) {
        while (parent[i] != i) {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        return i;
    }

    private NDArray normalise(NDArray x, NDManager work) {
        NDArray x64 = x.toType(DataType.FLOAT64, true);
        x64.attach(work);
        if (normalization == SampleNormalization.NONE) {
            return x64;
        }
        return x64.div(x64.norm(new int[] {1}, true).maximum(1e-12));
    }

    /** The kNN graph in the original space, its rescaled symmetrised weights W_A and L_A. */
    private record Graph(int[][] neighbours, int k, int components, NDArray heat, NDArray weightsA, NDArray laplacianA) {}

    private Graph referenceGraph(NDArray xs, NDManager work) {
        int n = (int) xs.getShape().get(0);
        int k = neighbours;
        int[][] nb = Graphs.nearestNeighbours(xs, k);
        int comps = components(nb);
        if (comps > 1) {
            String msg = "Fpsora: the " + k + "-NN graph has " + comps + " connected components; the pseudo-inverse root "
                    + "of L_A would discard the component indicators";
            switch (connectivity) {
                case FAIL:
                    throw new IllegalArgumentException("Fpsora.fit expects a connected " + k + "-NN graph, got " + comps
                            + " components (raise k or use Connectivity.RAISE_K)");
                case WARN:
                    LOG.warn(msg);
                    break;
                default:
                    while (comps > 1 && k < n - 1) {
                        k++;
                        nb = Graphs.nearestNeighbours(xs, k);
                        comps = components(nb);
                    }
                    LOG.warn("{}; k raised to {}", msg, k);
                    break;
            }
        }
        double[] sq = Graphs.squaredDistances(xs).toDoubleArray();
        double[] heat = new double[n * n];
        double[] wa = new double[n * n];
        for (int i = 0; i < n; i++) {
            double c = 0;
            for (int j : nb[i]) {
                double w = Math.exp(-sq[i * n + j] / (2 * sigma * sigma));
                heat[i * n + j] = w;
                c += Math.sqrt(w);
            }
            if (!(c > 0)) {
                throw new IllegalArgumentException("Fpsora.fit expects heat-kernel weights above zero, got all weights of "
                        + "sample " + i + " underflowing with sigma = " + sigma + " (scale the data or raise sigma)");
            }
            for (int j : nb[i]) {
                wa[i * n + j] = heat[i * n + j] / (c * c);
            }
        }
        double[] was = symmetrise(wa, n);
        NDArray heatSym = work.create(symmetrise(heat, n), new Shape(n, n));
        NDArray weightsA = work.create(was, new Shape(n, n));
        return new Graph(nb, k, comps, heatSym, weightsA, laplacian(was, n, work));
    }

    private static double[] symmetrise(double[] w, int n) {
        double[] s = new double[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                s[i * n + j] = (w[i * n + j] + w[j * n + i]) / 2;
            }
        }
        return s;
    }

    private static NDArray laplacian(double[] w, int n, NDManager manager) {
        double[] l = new double[n * n];
        for (int i = 0; i < n; i++) {
            double deg = 0;
            for (int j = 0; j < n; j++) {
                deg += w[i * n + j];
                l[i * n + j] = -w[i * n + j];
            }
            l[i * n + i] += deg;
        }
        return manager.create(l, new Shape(n, n));
    }

    /**
     * What {@link #fit} found.
     *
     * @param embedding Z (n, d), the paper's {@code Pᵀ X} transposed
     * @param objective {@code J_0 … J_T}, non-increasing (Eq. 12)
     * @param squaredNorms {@code ‖Z_t‖²_F} for t = 0 … T
     * @param iterations T, the re-weighting / projection steps run
     * @param neighboursUsed k after any raise for connectivity
     * @param components connected components of the kNN graph used
     * @param nullity eigenvalues of L_A counted as zero
     * @param weights the final symmetrised W_o (n, n) (W_A when no iteration ran)
     * @param laplacianEigenvalues the eigenvalues of L_A, ascending
     * @param projectionMatrix P = x⁺ Z (p, d) or null
     * @param normalization the sample scaling applied before P
     */
    public record Result(NDArray embedding, double[] objective, double[] squaredNorms, int iterations, int neighboursUsed, int components,
            int nullity, NDArray weights, NDArray laplacianEigenvalues, NDArray projectionMatrix,
            SampleNormalization normalization) implements AutoCloseable {

        /**
         * The scale-free graph Rayleigh quotient {@code J_t / ‖Z_t‖²_F = tr(Z_tᵀ L_A Z_t) / tr(Z_tᵀ Z_t)} for
         * t = 0 … T (not in the paper). J can fall because Z shrinks; this quotient says whether the
         * embedding became smoother on the graph relative to its spread (every Z_t is centred: Z₀ by PCA or
         * LPP, later ones because {@code (L_A^{1/2})⁺} removes the constant direction).
         */
        public double[] rayleighQuotients() {
            double[] q = new double[objective.length];
            for (int t = 0; t < q.length; t++) {
                q[t] = objective[t] / Math.max(squaredNorms[t], 1e-300);
            }
            return q;
        }

        /** The out-of-sample projection {@code P = (Xᵀ)⁺ Z} (Eq. 13), present when n ≤ p and x has full row rank. */
        public Optional<NDArray> projection() {
            return Optional.ofNullable(projectionMatrix);
        }

        /**
         * Projects new samples: {@code normalise(xNew) P}.
         *
         * @param xNew (m, p)
         * @return (m, d), owned by {@code xNew}'s manager
         * @throws IllegalStateException when no projection exists (n &gt; p)
         */
        public NDArray transform(NDArray xNew) {
            if (projectionMatrix == null) {
                throw new IllegalStateException("Fpsora.Result.transform needs the projection P = (X^T)^+ Z, which exists "
                        + "only when n <= p and X has full rank");
            }
            Checks.rank(xNew, 2, "Fpsora.Result.transform", "xNew of shape (m, p)");
            Checks.check(xNew.getShape().get(1) == projectionMatrix.getShape().get(0), "Fpsora.Result.transform",
                    "p = " + projectionMatrix.getShape().get(0) + " features", xNew.getShape());
            NDManager owner = xNew.getManager();
            try (NDManager work = owner.newSubManager()) {
                NDArray x64 = xNew.toType(DataType.FLOAT64, true);
                x64.attach(work);
                if (normalization == SampleNormalization.UNIT_L2) {
                    x64 = x64.div(x64.norm(new int[] {1}, true).maximum(1e-12));
                }
                NDArray out = x64.matMul(projectionMatrix.toType(DataType.FLOAT64, false));
                out.attach(owner);
                return out;
            }
        }

        @Override
        public void close() {
            embedding.close();
            weights.close();
            laplacianEigenvalues.close();
            if (projectionMatrix != null) {
                projectionMatrix.close();
            }
        }
    }

    /** Builder of {@link Fpsora}. */
    public static final class Builder {
        int targetDim;
        int neighbours = 10;
        double sigma = 1;
        InitialProjection initial = InitialProjection.PCA;
        SampleNormalization normalization = SampleNormalization.UNIT_L2;
        int maxIterations = 50;
        double tolerance = 1e-6;
        double zeroTolerance = 1e-10;
        Connectivity connectivity = Connectivity.RAISE_K;
        double lppEnergy = 0.98;
        boolean computeProjection = true;

        /** d, the reduced dimension (required). */
        public Builder setTargetDim(int d) {
            this.targetDim = d;
            return this;
        }

        /** k, the neighbours of Eq. 1; default 10 (the paper's JAFFE setting). */
        public Builder optNeighbours(int k) {
            this.neighbours = k;
            return this;
        }

        /** σ, the heat-kernel width of Eq. 1; default 1 (the paper's JAFFE setting). */
        public Builder optSigma(double sigma) {
            this.sigma = sigma;
            return this;
        }

        /** P₀; not specified by the paper; default PCA. */
        public Builder optInitialProjection(InitialProjection p) {
            this.initial = p;
            return this;
        }

        /** Sample scaling before everything; not stated by the paper; default unit L2 norm. */
        public Builder optSampleNormalization(SampleNormalization n) {
            this.normalization = n;
            return this;
        }

        /** The iteration cap (the paper gives none); default 50; 0 returns Z₀. */
        public Builder optMaxIterations(int iterations) {
            this.maxIterations = iterations;
            return this;
        }

        /** Stop when {@code (J_{t−1} − J_t) ≤ tolerance · J_{t−1}} (the paper gives none); default 1e-6. */
        public Builder optTolerance(double relTol) {
            this.tolerance = relTol;
            return this;
        }

        /** Eigenvalues of L_A below this times the largest count as zero; default 1e-10. */
        public Builder optZeroEigenTolerance(double tol) {
            this.zeroTolerance = tol;
            return this;
        }

        /** What to do with a disconnected kNN graph; default {@link Connectivity#RAISE_K}. */
        public Builder optConnectivity(Connectivity c) {
            this.connectivity = c;
            return this;
        }

        /** Shorthand: {@code true} for {@link Connectivity#RAISE_K}, {@code false} for {@link Connectivity#WARN}. */
        public Builder optEnsureConnected(boolean ensure) {
            this.connectivity = ensure ? Connectivity.RAISE_K : Connectivity.WARN;
            return this;
        }

        /** The variance share the PCA step of an LPP P₀ keeps; default 0.98 (He et al.). */
        public Builder optLppEnergy(double energy) {
            this.lppEnergy = energy;
            return this;
        }

        /** Whether {@link #fit} computes P = x⁺ Z when n ≤ p (one pseudo-inverse); default true. */
        public Builder optComputeProjection(boolean compute) {
            this.computeProjection = compute;
            return this;
        }

        /** Builds the solver, validating the settings. */
        public Fpsora build() {
            return new Fpsora(this);
        }
    }
}

package io.github.prcv2021.anmmf;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.github.prcv2021.core.Checks;
import io.github.prcv2021.graph.Graphs;
import java.util.ArrayList;
import java.util.List;

/**
 * ANMMF, attributed non-negative matrix multi-factorisation (Sect. 3 of the paper): one non-negative
 * data matrix {@code X} (D×n, samples as columns) factorised P times, {@code X ≈ U_i V_iᵀ}, with an HSIC
 * diversity penalty between every pair of representations and a shared graph regulariser:
 * <pre>
 *   O = Σ_i ‖X − U_i V_iᵀ‖²_F + λ₁ Σ_{i&lt;j} HSIC(V_i, V_j) + λ₂ Σ_i tr(V_iᵀ L V_i)        (Eq. 5)
 *   HSIC(V_i, V_j) = tr(V_i V_iᵀ H V_j V_jᵀ H) = ‖(H V_i)ᵀ (H V_j)‖²_F,   H = I − 11ᵀ/n     (Eq. 6–8)
 * </pre>
 * minimised by the multiplicative updates (Gauss–Seidel over the attributes, each V_j as last updated)
 * <pre>
 *   U_i ← U_i ⊙ (X V_i) ⊘ (U_i V_iᵀ V_i)                                                    (Eq. 11)
 *   V_i ← V_i ⊙ (Xᵀ U_i + λ₁ K⁻ V_i + λ₂ W V_i) ⊘ (V_i U_iᵀ U_i + λ₁ K⁺ V_i + λ₂ D V_i)     (Eq. 14)
 * </pre>
 * with {@code K = Σ_{j≠i} (H V_j)(H V_j)ᵀ} split as {@code K = K⁺ − K⁻} into its positive and negative
 * parts, W the kNN heat-kernel graph, D its degrees and L = D − W. Denominators get 1e-10.
 *
 * <p>Readings (each a builder option or stated here):
 * <ul>
 *   <li>Eq. 5 sums HSIC over ordered pairs i ≠ j; differentiating it gives twice the K terms of Eq. 14.
 *       The updates are used as printed, which are exactly the majorise-minimise steps of the objective
 *       with each unordered pair counted once, so {@link #objective} counts each pair once (equivalently,
 *       the paper's λ₁ is twice ours). Theorem 1's monotonicity is tested for this objective.
 *   <li>The graph: k = c nearest neighbours (the paper), heat-kernel width t = the mean squared distance
 *       over the graph's edges (the paper gives none).
 *   <li>The rank m defaults to the number of clusters (the GNMF convention; the paper gives none).
 *   <li>Each (U_i, V_i) starts from its own Lee–Seung NMF run with its own seed (Algorithm 1, step 2).
 *   <li>Stopping: relative change of O below 1e-6 or the iteration cap (the paper's absolute 1e-5 is
 *       unreachable for objectives of 1e6 and more).
 * </ul>
 * With P = 1 and λ₁ = 0 this is GNMF (Cai et al. 2011); with λ₂ = 0 as well, NMF.
 */
public final class Anmmf {

    private static final double EPS = 1e-10;

    private final int attributes;
    private final int rank;
    private final double lambdaHsic;
    private final double lambdaGraph;
    private final int neighbours;
    private final int iterations;
    private final int initIterations;
    private final double tolerance;
    private final long seed;

    private Anmmf(Builder b) {
        String who = "Anmmf";
        this.attributes = Checks.positive(b.attributes, who, "attributes");
        this.rank = Checks.positive(b.rank, who, "rank");
        this.lambdaHsic = Checks.nonNegative(b.lambdaHsic, who, "lambdaHsic");
        this.lambdaGraph = Checks.nonNegative(b.lambdaGraph, who, "lambdaGraph");
        this.neighbours = Checks.positive(b.neighbours, who, "neighbours");
        this.iterations = Checks.positive(b.iterations, who, "iterations");
        this.initIterations = (int) Checks.nonNegative(b.initIterations, who, "initIterations");
        this.tolerance = Checks.nonNegative(b.tolerance, who, "tolerance");
        this.seed = b.seed;
    }

    /** A builder; {@code setRank} is required. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A factorisation: the P pairs (U_i, V_i) in float64, owned by the input's manager, and the
     * objective after initialisation and after every sweep.
     */
    public record Result(List<NDArray> u, List<NDArray> v, double[] objective) implements AutoCloseable {

        /** The representations side by side (n, P·m), each row scaled to unit length when asked. */
        public NDArray concatenated(boolean rowNormalize) {
            NDArray all = v.size() == 1 ? v.get(0).duplicate() : NDArrays.concat(new NDList(v), 1);
            if (!rowNormalize) {
                return all;
            }
            NDArray norm = all.square().sum(new int[] {1}, true).sqrt().add(1e-12);
            NDArray out = all.div(norm);
            norm.close();
            all.close();
            return out;
        }

        @Override
        public void close() {
            u.forEach(NDArray::close);
            v.forEach(NDArray::close);
        }
    }

    /**
     * The kNN heat-kernel graph of the samples (the columns of X): k neighbours, t the mean squared
     * distance over the edges.
     *
     * @param x (D, n)
     * @return W (n, n), float64, owned by {@code x}'s manager
     */
    public static NDArray heatKernelGraph(NDArray x, int k) {
        try (NDManager sub = x.getManager().newSubManager()) {
            NDArray rows = x.transpose().toType(DataType.FLOAT64, true);
            rows.attach(sub);
            NDArray w = Graphs.knnAffinityMeanEdgeWidth(rows, k);
            w.attach(x.getManager());
            return w;
        }
    }

    /** HSIC with linear kernels, {@code ‖(H A)ᵀ (H B)‖²_F} (the constant (n−1)⁻² dropped). */
    public static double hsic(NDArray a, NDArray b) {
        try (NDManager sub = a.getManager().newSubManager()) {
            sub.tempAttachAll(a, b);
            NDArray ha = a.sub(a.mean(new int[] {0}, true));
            NDArray hb = b.sub(b.mean(new int[] {0}, true));
            return ha.transpose().matMul(hb).square().sum().toType(DataType.FLOAT64, false).getDouble();
        }
    }

    /**
     * The objective of Eq. 5 (each unordered HSIC pair once, see the class comment).
     *
     * @param x (D, n)
     * @param laplacian L = D − W (n, n), or null when λ₂ = 0
     */
    public static double objective(NDArray x, List<NDArray> us, List<NDArray> vs, NDArray laplacian, double lambdaHsic,
            double lambdaGraph) {
        try (NDManager sub = x.getManager().newSubManager()) {
            sub.tempAttachAll(x);
            if (laplacian != null) {
                sub.tempAttachAll(laplacian);
            }
            double o = 0;
            for (int i = 0; i < us.size(); i++) {
                NDArray u = us.get(i);
                NDArray v = vs.get(i);
                sub.tempAttachAll(u, v);
                o += x.toType(DataType.FLOAT64, false).sub(u.matMul(v.transpose())).square().sum()
                        .toType(DataType.FLOAT64, false).getDouble();
                if (lambdaGraph > 0) {
                    // tr(Vᵀ L V) = Σ V ⊙ (L V)
                    o += lambdaGraph * v.mul(laplacian.matMul(v)).sum().toType(DataType.FLOAT64, false).getDouble();
                }
                for (int j = i + 1; j < vs.size() && lambdaHsic > 0; j++) {
                    o += lambdaHsic * hsic(v, vs.get(j));
                }
            }
            return o;
        }
    }

    /**
     * Factorises X.
     *
     * @param x (D, n) non-negative data, samples as columns
     * @return the factors and the objective history
     */
    public Result fit(NDArray x) {
        String who = "Anmmf.fit";
        Checks.rank(x, 2, who, "X of shape (D, n)");
        int n = (int) x.getShape().get(1);
        Checks.check(n > neighbours, who, "more samples than neighbours (" + neighbours + ")", n + " samples");
        NDManager owner = x.getManager();
        try (NDManager work = owner.newSubManager()) {
            NDArray x64 = x.toType(DataType.FLOAT64, true);
            x64.attach(work);
            double min = x64.min().getDouble();
            Checks.check(min >= 0, who, "non-negative X", "a minimum of " + min);
            NDArray w = lambdaGraph > 0 ? heatKernelGraph(x64, neighbours) : work.zeros(new Shape(n, n), DataType.FLOAT64);
            w.attach(work);
            NDArray degree = w.sum(new int[] {1}, true); // (n, 1): D V = degree ⊙ V
            NDArray laplacian = lambdaGraph > 0 ? Graphs.laplacian(w) : null;
            List<NDArray> us = new ArrayList<>();
            List<NDArray> vs = new ArrayList<>();
            for (int i = 0; i < attributes; i++) {
                Nmf.Factors f = Nmf.builder().setRank(rank).optIterations(initIterations)
                        .optSeed(io.github.prcv2021.core.Seeds.derive(seed, "attribute-" + i)).build().fit(x64);
                us.add(f.u());
                vs.add(f.v());
            }
            List<Double> history = new ArrayList<>();
            history.add(objective(x64, us, vs, laplacian, lambdaHsic, lambdaGraph));
            for (int t = 0; t < iterations; t++) {
                for (int i = 0; i < attributes; i++) {
                    NDArray u = us.get(i);
                    NDArray v = vs.get(i);
                    try (NDManager step = work.newSubManager()) {
                        step.tempAttachAll(x64, w, degree, u, v);
                        NDArray uNew = u.mul(x64.matMul(v)).div(u.matMul(v.transpose().matMul(v)).add(EPS));
                        NDArray num = x64.transpose().matMul(uNew);
                        NDArray den = v.matMul(uNew.transpose().matMul(uNew));
                        if (lambdaGraph > 0) {
                            num = num.add(w.matMul(v).mul(lambdaGraph));
                            den = den.add(degree.mul(v).mul(lambdaGraph));
                        }
                        if (lambdaHsic > 0 && attributes > 1) {
                            NDArray k = step.zeros(new Shape(n, n), DataType.FLOAT64);
                            for (int j = 0; j < attributes; j++) {
                                if (j != i) {
                                    NDArray vj = vs.get(j);
                                    step.tempAttachAll(vj);
                                    NDArray hv = vj.sub(vj.mean(new int[] {0}, true));
                                    k = k.add(hv.matMul(hv.transpose()));
                                }
                            }
                            NDArray abs = k.abs();
                            NDArray kPlus = abs.add(k).div(2);
                            NDArray kMinus = abs.sub(k).div(2);
                            num = num.add(kMinus.matMul(v).mul(lambdaHsic));
                            den = den.add(kPlus.matMul(v).mul(lambdaHsic));
                        }
                        NDArray vNew = v.mul(num).div(den.add(EPS));
                        uNew.attach(work);
                        vNew.attach(work);
                        us.set(i, uNew);
                        vs.set(i, vNew);
                    }
                    u.close();
                    v.close();
                }
                double o = objective(x64, us, vs, laplacian, lambdaHsic, lambdaGraph);
                double previous = history.get(history.size() - 1);
                history.add(o);
                if (Math.abs(previous - o) <= tolerance * Math.max(1.0, Math.abs(previous))) {
                    break;
                }
            }
            for (int i = 0; i < attributes; i++) {
                us.get(i).attach(owner);
                vs.get(i).attach(owner);
            }
            double[] h = history.stream().mapToDouble(Double::doubleValue).toArray();
            return new Result(List.copyOf(us), List.copyOf(vs), h);
        }
    }

    /** Builder of {@link Anmmf}; defaults are the paper's where it gives them. */
    public static final class Builder {
        int attributes = 3;
        int rank;
        double lambdaHsic = 0.01;
        double lambdaGraph = 100;
        int neighbours = 10;
        int iterations = 200;
        int initIterations = 100;
        double tolerance = 1e-6;
        long seed;

        /** P, the number of factorisations (the paper: 3). */
        public Builder optAttributes(int attributes) {
            this.attributes = attributes;
            return this;
        }

        /** m, the reduced dimension (required; the number of clusters by convention). */
        public Builder setRank(int rank) {
            this.rank = rank;
            return this;
        }

        /** λ₁, the HSIC weight (0 gives P independent GNMFs); default 0.01. */
        public Builder optHsicWeight(double lambdaHsic) {
            this.lambdaHsic = lambdaHsic;
            return this;
        }

        /** λ₂, the graph weight (0 switches the graph off); default 100. */
        public Builder optGraphWeight(double lambdaGraph) {
            this.lambdaGraph = lambdaGraph;
            return this;
        }

        /** k of the kNN graph (the paper: the number of clusters); default 10. */
        public Builder optNeighbours(int neighbours) {
            this.neighbours = neighbours;
            return this;
        }

        /** Maximum sweeps; default 200. */
        public Builder optIterations(int iterations) {
            this.iterations = iterations;
            return this;
        }

        /** Lee–Seung NMF iterations of each attribute's initialisation; default 100. */
        public Builder optInitIterations(int initIterations) {
            this.initIterations = initIterations;
            return this;
        }

        /** Stop when the objective's relative change is at most this; default 1e-6. */
        public Builder optTolerance(double tolerance) {
            this.tolerance = tolerance;
            return this;
        }

        /** Seed of the initialisations; default 0. */
        public Builder optSeed(long seed) {
            this.seed = seed;
            return this;
        }

        /** Builds the factoriser. */
        public Anmmf build() {
            return new Anmmf(this);
        }
    }
}

package io.github.prcv2021.fpsora;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.dataset.Dataset.Usage;
import io.github.prcv2021.cluster.KMeans;
import io.github.prcv2021.core.Seeds;
import io.github.prcv2021.data.Datasets;
import io.github.prcv2021.data.IdxData;
import io.github.prcv2021.data.TabularData;
import io.github.prcv2021.metrics.Clustering;
import io.github.prcv2021.repro.Plot;
import io.github.prcv2021.repro.Reproduction;
import io.github.prcv2021.repro.Result;
import io.github.prcv2021.repro.RunContext;
import io.github.prcv2021.repro.Scale;
import io.github.prcv2021.repro.Settings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * The paper's Table 2 protocol (k-means repeated on each embedding, mean ± std of ACC and NMI, the best
 * reduced dimension d of a sweep in steps of 10) on offline substitutes for its data sets, which are not
 * available offline (JAFFE, Yale, ETH80): class-balanced subsets of Fashion-MNIST and MNIST (n = 500 &lt;
 * p = 784, the paper's n &lt; p regime) and scikit-learn's digits (n = 500 &gt; p = 64). Every sample is
 * scaled to unit L2 norm (the paper does not say; σ = 1 needs it). Methods: raw k-means, PCA, LPP (same
 * kNN heat graph), NPE (same k), FPSORA from P₀ = PCA, and two ablations: FPSORA stopped after one iteration, and
 * FPSORA from P₀ = LPP. Every method is clustered with the same k-means seeds (k-means++, one start per
 * repeat, as the paper's "k-means 100 times"). NMI is Strehl and Ghosh's geometric form (Eq. 15).
 */
public final class FpsoraReproduction implements Reproduction {

    static final String RAW = "k-means (raw pixels)";
    static final String PCA = "PCA";
    static final String LPP = "LPP";
    static final String NPE = "NPE";
    static final String FPSORA = "FPSORA";
    static final String FPSORA_1 = "FPSORA (1 iteration)";
    static final String FPSORA_LPP = "FPSORA (P0 = LPP)";
    static final String ACC = "ACC %";
    static final String NMI = "NMI %";
    static final String ACC_STD = "ACC std";
    static final String NMI_STD = "NMI std";
    static final String BEST_D = "best d (ACC)";
    static final String INCREASES = "objective increases";
    static final String ITERATIONS = "iterations";
    static final String K_USED = "k used";
    static final String OBJECTIVE_RATIO = "J_T / J_0 at ablationDim";
    static final String QUOTIENT_RATIO = "(J/|Z|^2)_T / (J/|Z|^2)_0";
    static final String SIZE_RATIO = "|Z_T|^2 / |Z_0|^2";

    /** Paper Table 2: {ACC, ACC std, NMI, NMI std} per data set (JAFFE, Yale, ETH80). */
    static final Map<String, double[][]> PAPER = new LinkedHashMap<>();

    static {
        PAPER.put("SC", new double[][] {{76.41, 3.15, 84.87, 1.55}, {44.65, 1.70, 51.42, 1.48}, {59.99, 0.80, 62.65, 0.31}});
        PAPER.put(PCA, new double[][] {{85.34, 4.35, 88.43, 2.09}, {44.83, 2.67, 51.50, 2.23}, {57.04, 2.52, 58.21, 1.85}});
        PAPER.put(LPP, new double[][] {{79.82, 2.69, 86.49, 1.53}, {49.39, 2.96, 54.68, 2.40}, {38.42, 0.27, 35.91, 0.16}});
        PAPER.put(NPE, new double[][] {{86.47, 4.24, 88.28, 3.23}, {45.25, 2.34, 49.13, 2.01}, {59.77, 3.61, 59.32, 2.98}});
        PAPER.put("PUFE", new double[][] {{85.15, 1.86, 90.54, 1.33}, {46.52, 1.32, 51.29, 1.26}, {58.35, 2.23, 58.98, 2.93}});
        PAPER.put("PUFE-OG", new double[][] {{84.98, 0.01, 90.04, 0.02}, {47.25, 1.26, 53.22, 0.96}, {51.62, 2.59, 51.89, 3.14}});
        PAPER.put(FPSORA, new double[][] {{96.55, 1.13, 96.50, 2.16}, {50.86, 3.33, 55.24, 3.07}, {62.71, 0.44, 63.55, 0.56}});
    }

    static final String PAPER_TABLE = "Paper Table 2 (JAFFE, Yale, ETH80: not available offline)";

    @Override
    public String id() {
        return "fpsora";
    }

    @Override
    public Settings defaults(Scale scale) {
        Settings s = new Settings()
                .declare("datasets", List.of("fashion-mnist"), "fashion-mnist, mnist and/or digits")
                .declare("perClass", 50, "samples per class (a seeded class-balanced subset of the test split)")
                .declare("dims", List.of("20"), "reduced dimensions d to sweep (the paper: 10, 20, ..., in steps of 10)")
                .declare("neighbours", 5, "k of the kNN graph (the paper: 10, 2, 5 on its three data sets)")
                .declare("sigma", 1.0, "sigma of the heat kernel, Eq. 1 (the paper: 1 or 10), on unit-norm samples")
                .declare("repeats", 20, "k-means runs per embedding (the paper: 100), each one k-means++ start")
                .declare("maxIterations", 50, "FPSORA iteration cap (the paper gives none)")
                .declare("tolerance", 1e-6, "FPSORA stops when the objective's relative decrease is below this")
                .declare("ablations", true, "also report FPSORA after one iteration and FPSORA from P0 = LPP")
                .declare("ablationDim", 20, "the d at which ACC/NMI are tracked over the iterations (and P0 = LPP is run)")
                .declare("lppInitAllDims", false, "run the P0 = LPP ablation at every d (else at ablationDim only)")
                .declare("checkpoints", List.of("1"), "iterations at which the embedding at ablationDim is clustered");
        switch (scale) {
            case SMOKE:
                s.set("perClass", 12).set("repeats", 3).set("maxIterations", 5).set("dims", List.of("10")).set("ablationDim", 10);
                break;
            case FULL:
                s.set("datasets", List.of("fashion-mnist", "mnist", "digits")).set("repeats", 100)
                        .set("dims", List.of("10", "20", "30", "40", "50", "60", "80", "100", "150", "200", "300", "400", "499"))
                        .set("checkpoints", List.of("1", "2", "3", "5", "10", "20", "30", "50"));
                break;
            default:
                break;
        }
        return s;
    }

    @Override
    public Result run(Settings s, RunContext ctx) {
        Result result = new Result(id(), ctx.scale(), ctx.seed(), s);
        String[] sets = {"JAFFE", "Yale", "ETH80"};
        for (Map.Entry<String, double[][]> e : PAPER.entrySet()) {
            for (int k = 0; k < 3; k++) {
                result.addRow(PAPER_TABLE, e.getKey(), sets[k] + " ACC %", e.getValue()[k][0], null);
                result.addRow(PAPER_TABLE, e.getKey(), sets[k] + " NMI %", e.getValue()[k][2], null);
            }
        }
        for (String dataset : s.getList("datasets")) {
            runDataset(dataset.trim(), s, ctx, result);
        }
        result.addNote("Our tables use different data from the paper's (JAFFE, Yale and ETH80 are not available offline): "
                + "class-balanced subsets of " + s.getInt("perClass") + " images per class, unit-L2 rows, k = "
                + s.getInt("neighbours") + " (raised automatically when the kNN graph is disconnected, see 'k used'), sigma = "
                + s.getDouble("sigma") + ", P0 = PCA, stop at relative objective decrease < " + s.getDouble("tolerance")
                + " or " + s.getInt("maxIterations") + " iterations. Each cell is the mean over " + s.getInt("repeats")
                + " k-means++ runs with the same seeds for every method, at the d of the sweep with the best mean ACC "
                + "(NMI at its own best d, as the paper does). The paper's columns are shown only in its own table.");
        result.addNote("J_T / J_0 is the objective's fall at d = ablationDim; |Z_T|^2 / |Z_0|^2 the embedding's squared "
                + "Frobenius norm over the same run, and the quotient ratio the fall of the scale-free J / |Z|^2 (a value "
                + "above 1 means the embedding got less smooth on the graph relative to its spread: J fell by shrinking Z).");
        result.addNote("'objective increases' counts iterations where J_t exceeded J_{t-1} by more than 1e-9 relative, "
                + "summed over all fits (Eq. 12 says none).");
        return result;
    }

    /** A class-balanced seeded subset as (features row-major, labels, p, classes, name). */
    record Data(float[] x, int[] y, int p, int classes, String name) {}

    static Data load(String dataset, int perClass, long seed) {
        float[] feats;
        int[] labels;
        int p;
        int classes;
        String name;
        if (dataset.equals("digits")) {
            try {
                TabularData d = Datasets.digits();
                feats = d.features();
                labels = d.labels();
                p = d.numFeatures();
                classes = d.numClasses();
                name = "digits";
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        } else {
            IdxData d = Datasets.imageData(dataset, Usage.TEST);
            feats = d.images();
            labels = d.labels();
            p = d.features();
            classes = d.numClasses();
            name = dataset;
        }
        int[] pick = balanced(labels, classes, perClass, seed);
        float[] x = new float[pick.length * p];
        int[] y = new int[pick.length];
        for (int i = 0; i < pick.length; i++) {
            System.arraycopy(feats, pick[i] * p, x, i * p, p);
            y[i] = labels[pick[i]];
        }
        return new Data(x, y, p, classes, name + " (" + pick.length + " x " + p + ")");
    }

    private static int[] balanced(int[] labels, int classes, int perClass, long seed) {
        int[] order = Seeds.permutation(labels.length, new Random(seed));
        int[] taken = new int[classes];
        List<Integer> out = new ArrayList<>();
        for (int i : order) {
            if (taken[labels[i]] < perClass) {
                taken[labels[i]]++;
                out.add(i);
            }
        }
        for (int c = 0; c < classes; c++) {
            if (taken[c] < perClass) {
                throw new IllegalArgumentException("FpsoraReproduction expects " + perClass + " samples of class " + c
                        + ", got " + taken[c]);
            }
        }
        return out.stream().mapToInt(Integer::intValue).sorted().toArray();
    }

    /** Mean and std (sample) of ACC and NMI over the k-means repeats. */
    record Scores(double acc, double accStd, double nmi, double nmiStd) {}

    static Scores evaluate(NDArray z, int[] labels, int classes, int repeats, long seed) {
        double[] acc = new double[repeats];
        double[] nmi = new double[repeats];
        for (int r = 0; r < repeats; r++) {
            try (KMeans.Result km = KMeans.builder().setClusters(classes).optRestarts(1)
                    .optSeed(Seeds.derive(seed, "kmeans-" + r)).build().fit(z)) {
                acc[r] = 100 * Clustering.accuracy(labels, km.labels());
                nmi[r] = 100 * Clustering.nmi(labels, km.labels(), Clustering.Normalization.GEOMETRIC);
            }
        }
        return new Scores(mean(acc), std(acc), mean(nmi), std(nmi));
    }

    private void runDataset(String dataset, Settings s, RunContext ctx, Result result) {
        Data data = load(dataset, s.getInt("perClass"), Seeds.derive(ctx.seed(), "subset-" + dataset));
        int n = data.y().length;
        int p = data.p();
        String table = data.name();
        int repeats = s.getInt("repeats");
        long seed = ctx.seed();
        int rank = rank(data, n, p);
        List<Integer> dims = new ArrayList<>();
        for (String d : s.getList("dims")) {
            int v = Integer.parseInt(d.trim());
            if (v <= rank) {
                dims.add(v);
            }
        }
        if (dims.isEmpty()) {
            throw new IllegalArgumentException("FpsoraReproduction expects some d <= the rank of the centred data (" + rank
                    + "), got " + s.getList("dims"));
        }
        boolean ablations = s.getBoolean("ablations");
        int ablationDim = s.getInt("ablationDim");
        List<Integer> checkpoints = s.getList("checkpoints").stream().map(v -> Integer.parseInt(v.trim())).toList();
        Map<Integer, Scores> byIteration = new java.util.TreeMap<>();
        double[] objectiveRatio = {Double.NaN};
        double[] quotientRatio = {Double.NaN};
        double[] sizeRatio = {Double.NaN};
        List<String> methods = new ArrayList<>(List.of(PCA, LPP, NPE, FPSORA));
        if (ablations) {
            methods.add(FPSORA_1);
            methods.add(FPSORA_LPP);
        }
        Map<String, Map<Integer, Scores>> sweep = new LinkedHashMap<>();
        Map<String, Object> extras = new LinkedHashMap<>();
        Plot objective = Plot.of("fpsora-" + dataset + "-objective.png", table + ": FPSORA objective J_t / J_0 (Fig. 5)",
                "iteration t", "J_t / J_0");
        int increases = 0;
        int iterationsSum = 0;
        int fits = 0;
        int kUsed = s.getInt("neighbours");
        ctx.progress().start(table, dims.size());
        try (NDManager m = NDManager.newBaseManager(ctx.device())) {
            NDArray x = m.create(data.x(), new Shape(n, p)).toType(DataType.FLOAT64, false);
            NDArray xs = x.div(x.norm(new int[] {1}, true).maximum(1e-12));
            Scores raw = evaluate(xs, data.y(), data.classes(), repeats, seed);
            addScores(result, table, RAW, raw, null);
            NDArray heat = heatGraph(xs, s);
            for (int di = 0; di < dims.size(); di++) {
                int d = dims.get(di);
                try (NDManager step = m.newSubManager()) {
                    step.tempAttachAll(xs, heat); // everything of this d lives in step and is freed with it
                    NDArray pPca = Projections.pca(xs, d);
                    sweep.computeIfAbsent(PCA, key -> new LinkedHashMap<>()).put(d,
                            evaluate(Projections.embed(xs, pPca), data.y(), data.classes(), repeats, seed));
                    NDArray pLpp = Projections.lpp(xs, heat, d, 0.98);
                    sweep.computeIfAbsent(LPP, key -> new LinkedHashMap<>()).put(d,
                            evaluate(Projections.embed(xs, pLpp), data.y(), data.classes(), repeats, seed));
                    NDArray pNpe = Projections.npe(xs, s.getInt("neighbours"), d, 0.98);
                    sweep.computeIfAbsent(NPE, key -> new LinkedHashMap<>()).put(d,
                            evaluate(Projections.embed(xs, pNpe), data.y(), data.classes(), repeats, seed));
                    List<String> fpsoraRuns = new ArrayList<>(List.of(FPSORA));
                    if (ablations && (s.getBoolean("lppInitAllDims") || d == ablationDim)) {
                        fpsoraRuns.add(FPSORA_LPP);
                    }
                    for (String method : fpsoraRuns) {
                        Fpsora.Builder b = Fpsora.builder().setTargetDim(d).optNeighbours(s.getInt("neighbours"))
                                .optSigma(s.getDouble("sigma")).optMaxIterations(s.getInt("maxIterations"))
                                .optTolerance(s.getDouble("tolerance")).optComputeProjection(false);
                        if (method.equals(FPSORA_LPP)) {
                            b.optInitialProjection(Fpsora.InitialProjection.LPP);
                        }
                        boolean main = method.equals(FPSORA);
                        Map<Integer, Scores> atT = new LinkedHashMap<>();
                        Fpsora.IterationListener listener = (t, z, j) -> {
                            if (main && ((ablations && t == 1) || (d == ablationDim && checkpoints.contains(t)))) {
                                atT.put(t, evaluate(z, data.y(), data.classes(), repeats, seed));
                            }
                        };
                        try (Fpsora.Result r = b.build().fit(xs, listener)) {
                            double[] j = r.objective();
                            for (int t = 1; t < j.length; t++) {
                                if (j[t] > j[t - 1] * (1 + 1e-9)) {
                                    increases++;
                                }
                            }
                            fits++;
                            kUsed = r.neighboursUsed();
                            Scores last = atT.containsKey(r.iterations()) ? atT.get(r.iterations())
                                    : evaluate(r.embedding(), data.y(), data.classes(), repeats, seed);
                            sweep.computeIfAbsent(method, key -> new LinkedHashMap<>()).put(d, last);
                            if (main) {
                                iterationsSum += r.iterations();
                                double[] ts = new double[j.length];
                                double[] rel = new double[j.length];
                                for (int t = 0; t < j.length; t++) {
                                    ts[t] = t;
                                    rel[t] = j[t] / j[0];
                                }
                                if (di == 0 || di == dims.size() - 1 || d == ablationDim) {
                                    objective.add("d = " + d, ts, rel);
                                }
                                extras.put("objective d=" + d, j);
                                if (d == ablationDim) {
                                    objectiveRatio[0] = j[j.length - 1] / j[0];
                                    double[] q = r.rayleighQuotients();
                                    double[] sz = r.squaredNorms();
                                    quotientRatio[0] = q[q.length - 1] / q[0];
                                    sizeRatio[0] = sz[sz.length - 1] / sz[0];
                                    double[] relQ = new double[q.length];
                                    for (int t = 0; t < q.length; t++) {
                                        relQ[t] = q[t] / q[0];
                                    }
                                    objective.add("d = " + d + ": J_t / |Z_t|^2, over t = 0", ts, relQ);
                                    extras.put("rayleigh quotient d=" + d, q);
                                    extras.put("squared norm d=" + d, sz);
                                }
                                if (ablations && atT.containsKey(1)) {
                                    sweep.computeIfAbsent(FPSORA_1, key -> new LinkedHashMap<>()).put(d, atT.get(1));
                                }
                                if (d == ablationDim) {
                                    for (int t : checkpoints) {
                                        // a run that stopped earlier keeps its final embedding
                                        byIteration.put(t, atT.getOrDefault(t, last));
                                    }
                                    byIteration.put(0, sweep.get(PCA).get(d));
                                }
                            }
                        }
                    }
                }
                ctx.progress().update(di + 1, "d = " + d);
                ctx.log().printf(Locale.ROOT, "  %s d=%d: %s%n", table, d, summary(sweep, d));
            }
        }
        ctx.progress().end("");
        for (String method : methods) {
            Map<Integer, Scores> byD = sweep.get(method);
            int bestAcc = argBest(byD, true);
            int bestNmi = argBest(byD, false);
            Scores a = byD.get(bestAcc);
            Scores b = byD.get(bestNmi);
            addScores(result, table, method, new Scores(a.acc(), a.accStd(), b.nmi(), b.nmiStd()), (double) bestAcc);
        }
        result.addRow(table, FPSORA, ITERATIONS, null, iterationsSum / (double) dims.size());
        result.addRow(table, FPSORA, INCREASES, null, (double) increases);
        result.addRow(table, FPSORA, K_USED, null, (double) kUsed);
        result.addRow(table, FPSORA, OBJECTIVE_RATIO, null, objectiveRatio[0]);
        result.addRow(table, FPSORA, QUOTIENT_RATIO, null, quotientRatio[0]);
        result.addRow(table, FPSORA, SIZE_RATIO, null, sizeRatio[0]);
        for (String method : methods) {
            Map<Integer, Scores> byD = sweep.get(method);
            for (Map.Entry<Integer, Scores> e : byD.entrySet()) {
                result.addRow(table + " by d", method, "d=" + e.getKey() + " ACC %", null, e.getValue().acc());
            }
        }
        for (Map.Entry<Integer, Scores> e : byIteration.entrySet()) {
            String row = e.getKey() == 0 ? "t = 0 (P0 = PCA)" : "t = " + e.getKey();
            result.addRow(table + ", FPSORA over the iterations at d = " + ablationDim, row, ACC, null, e.getValue().acc());
            result.addRow(table + ", FPSORA over the iterations at d = " + ablationDim, row, NMI, null, e.getValue().nmi());
        }
        extras.put("byIteration", byIteration);
        result.addPlot(objective);
        if (dims.size() > 1) {
            Plot accPlot = Plot.of("fpsora-" + dataset + "-acc.png", table + ": ACC against d (Fig. 4)", "d", "ACC %");
            Plot nmiPlot = Plot.of("fpsora-" + dataset + "-nmi.png", table + ": NMI against d (Fig. 4)", "d", "NMI %");
            for (String method : methods) {
                Map<Integer, Scores> byD = sweep.get(method);
                if (byD.size() < 2) {
                    continue;
                }
                double[] ds = byD.keySet().stream().mapToDouble(Integer::doubleValue).toArray();
                accPlot.add(method, ds, byD.values().stream().mapToDouble(Scores::acc).toArray());
                nmiPlot.add(method, ds, byD.values().stream().mapToDouble(Scores::nmi).toArray());
            }
            accPlot.add(RAW, new double[] {ds0(dims), dims.get(dims.size() - 1)}, new double[] {raw0(result, table), raw0(result, table)});
            result.addPlot(accPlot);
            result.addPlot(nmiPlot);
        }
        extras.put("sweep", sweep);
        extras.put("fits", fits);
        result.putExtra(dataset, extras);
    }

    /** The numerical rank of the centred, unit-norm samples (at most min(n − 1, p)): the largest usable d. */
    private static int rank(Data data, int n, int p) {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.create(data.x(), new Shape(n, p)).toType(DataType.FLOAT64, false);
            NDArray xs = x.div(x.norm(new int[] {1}, true).maximum(1e-12));
            double[] sv = io.github.prcv2021.linalg.Linalg.svd(xs.sub(xs.mean(new int[] {0}, true))).s().toDoubleArray();
            int r = 0;
            while (r < sv.length && sv[r] > 1e-10 * sv[0]) {
                r++;
            }
            return Math.min(r, Math.min(n - 1, p));
        }
    }

    private static double ds0(List<Integer> dims) {
        return dims.get(0);
    }

    private static double raw0(Result result, String table) {
        return result.measured(table, RAW, ACC);
    }

    private static NDArray heatGraph(NDArray xs, Settings s) {
        // the same directed heat-kernel kNN graph as FPSORA's (before its row rescaling), symmetrised
        int n = (int) xs.getShape().get(0);
        int k = s.getInt("neighbours");
        int[][] nb = io.github.prcv2021.graph.Graphs.nearestNeighbours(xs, k);
        while (Fpsora.components(nb) > 1 && k < n - 1) {
            k++;
            nb = io.github.prcv2021.graph.Graphs.nearestNeighbours(xs, k);
        }
        double[] sq = io.github.prcv2021.graph.Graphs.squaredDistances(xs).toDoubleArray();
        double sigma = s.getDouble("sigma");
        double[] w = new double[n * n];
        for (int i = 0; i < n; i++) {
            for (int j : nb[i]) {
                double v = Math.exp(-sq[i * n + j] / (2 * sigma * sigma)) / 2;
                w[i * n + j] += v;
                w[j * n + i] += v;
            }
        }
        return xs.getManager().create(w, new Shape(n, n));
    }

    private static String summary(Map<String, Map<Integer, Scores>> sweep, int d) {
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, Map<Integer, Scores>> e : sweep.entrySet()) {
            Scores sc = e.getValue().get(d);
            if (sc != null) {
                sb.append(String.format(Locale.ROOT, "%s ACC %.2f NMI %.2f; ", e.getKey(), sc.acc(), sc.nmi()));
            }
        }
        return sb.toString();
    }

    private static int argBest(Map<Integer, Scores> byD, boolean acc) {
        int best = -1;
        double v = Double.NEGATIVE_INFINITY;
        for (Map.Entry<Integer, Scores> e : byD.entrySet()) {
            double x = acc ? e.getValue().acc() : e.getValue().nmi();
            if (x > v) {
                v = x;
                best = e.getKey();
            }
        }
        return best;
    }

    private static void addScores(Result result, String table, String method, Scores sc, Double d) {
        result.addRow(table, method, ACC, null, sc.acc());
        result.addRow(table, method, ACC_STD, null, sc.accStd());
        result.addRow(table, method, NMI, null, sc.nmi());
        result.addRow(table, method, NMI_STD, null, sc.nmiStd());
        if (d != null) {
            result.addRow(table, method, BEST_D, null, d);
        }
    }

    private static double mean(double[] a) {
        double s = 0;
        for (double v : a) {
            s += v;
        }
        return s / a.length;
    }

    private static double std(double[] a) {
        double m = mean(a);
        double s = 0;
        for (double v : a) {
            s += (v - m) * (v - m);
        }
        return a.length > 1 ? Math.sqrt(s / (a.length - 1)) : 0;
    }
}

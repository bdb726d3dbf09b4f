package io.github.prcv2021.listamsn;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.ParameterStore;
import ai.djl.training.Trainer;
import ai.djl.training.dataset.ArrayDataset;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import io.github.prcv2021.core.Checks;
import io.github.prcv2021.core.Seeds;
import io.github.prcv2021.repro.Plot;
import io.github.prcv2021.repro.Reproduction;
import io.github.prcv2021.repro.Result;
import io.github.prcv2021.repro.RunContext;
import io.github.prcv2021.repro.Scale;
import io.github.prcv2021.repro.Settings;
import io.github.prcv2021.train.ProgressBar;
import io.github.prcv2021.train.StandardStep;
import io.github.prcv2021.train.TrainingLoop;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The paper's Sect. 4: the depth sweep (Figs. 2–9: prediction error and function-value error of ISTA,
 * FISTA, the learned estimators and their MSN versions against the number of iterations or layers) on
 * the synthetic Gaussian dictionary and on the scikit-learn digits dictionary, and Table 1 (the share of
 * zeros in the final codes with and without the shrinkage of the centres). The paper's figures carry no
 * numbers, so the depth tables have no paper column; Table 1 has.
 */
public final class ListaMsnReproduction implements Reproduction {

    /** Column names. */
    static final String PE = "prediction error";
    static final String CODE = "code error";
    static final String FVE = "function value error";
    static final String SPARSITY = "zeros (|z| <= 0.01), %";
    static final String EXACT = "exact zeros, %";

    /** Method names. */
    static final String ISTA = "ISTA";
    static final String FISTA = "FISTA";

    /** Paper Table 1: share of zeros with / without the sparse regulation, per dataset and estimator. */
    static final Map<String, double[]> PAPER_TABLE1 = new LinkedHashMap<>();

    static {
        PAPER_TABLE1.put("synthetic LISTA", new double[] {97.57, 35.67});
        PAPER_TABLE1.put("synthetic ALISTA", new double[] {94.31, 38.52});
        PAPER_TABLE1.put("synthetic Coupled-LISTA", new double[] {95.46, 40.28});
        PAPER_TABLE1.put("digits LISTA", new double[] {94.67, 34.30});
        PAPER_TABLE1.put("digits ALISTA", new double[] {93.69, 33.60});
        PAPER_TABLE1.put("digits Coupled-LISTA", new double[] {93.55, 37.59});
    }

    @Override
    public String id() {
        return "lista-msn";
    }

    @Override
    public Settings defaults(Scale scale) {
        Settings s = new Settings()
                .declare("dictionaries", List.of("synthetic"), "synthetic (Gaussian 64 x 256) and/or digits (256 scikit-learn digits)")
                .declare("estimators", List.of("lista"), "lista, lista-cp, alista: trained at every depth, alone and with the MSN")
                .declare("variants", List.of(), "more estimators trained only at table1Depth (alone, with the MSN, and without sparse regulation)")
                .declare("depths", List.of("10"), "depths K swept (layers of the networks, iterations of ISTA/FISTA)")
                .declare("table1Depth", 10, "the depth at which the MSN without sparse regulation is also trained (Table 1)")
                .declare("signalSize", 64, "n of the synthetic dictionary")
                .declare("codeSize", 256, "m, atoms of both dictionaries")
                .declare("trainSize", 3000, "synthetic training signals (paper: 40000)")
                .declare("testSize", 1000, "synthetic test signals (paper: 10000)")
                .declare("digitsTestSize", 300, "digits test signals, of the 1541 digits left after the atoms (the rest train)")
                .declare("lambda", 0.5, "LASSO weight relative to lambda_max (paper: 0.5)")
                .declare("fistaIterations", 500, "FISTA iterations producing the target codes z*")
                .declare("components", 3, "M, mixture components (not given by the paper)")
                .declare("shrinkEpsilon", 0.01, "epsilon of the centres' soft threshold (paper: 0.01)")
                .declare("epochs", 20, "training epochs of every network")
                .declare("batchSize", 64, "mini-batch")
                .declare("learningRate", 2e-4, "Adam learning rate")
                .declare("untiedLista", false, "LISTA with per-layer weights instead of the paper's shared ones");
        switch (scale) {
            case SMOKE:
                s.set("trainSize", 512).set("testSize", 256).set("epochs", 1).set("depths", List.of("3"))
                        .set("table1Depth", 3).set("fistaIterations", 200);
                break;
            case FULL:
                s.set("dictionaries", List.of("synthetic", "digits")).set("variants", List.of("lista-cp", "alista"))
                        .set("depths", List.of("2", "5", "10", "20")).set("trainSize", 5000).set("testSize", 1000)
                        .set("fistaIterations", 1000);
                break;
            default:
                break;
        }
        return s;
    }

    @Override
    public Result run(Settings s, RunContext ctx) {
        Result result = new Result(id(), ctx.scale(), ctx.seed(), s);
        for (String dict : s.getList("dictionaries")) {
            runDictionary(dict.trim(), s, ctx, result);
        }
        result.addNote("Prediction error: mean ||x - D z||^2 over the test signals (every signal scaled to lambda_max = 1); code "
                + "error: mean ||z - z*||^2; function value error: mean F(z) - F(z*), F the LASSO objective; zeros: share of code "
                + "entries with |z| <= 0.01 (the tolerance Table 1 must have used: a linear readout has no exact zeros), exact zeros "
                + "separately. z* is FISTA after " + s.getInt("fistaIterations") + " iterations.");
        result.addNote("LISTA and its kin are trained on the MSE to z*, their MSN versions jointly by the mixture NLL only (Algorithm 1), "
                + "M = " + s.getInt("components") + ", epsilon = " + s.getDouble("shrinkEpsilon") + ", Adam " + s.getDouble("learningRate")
                + ", batch " + s.getInt("batchSize") + ", " + s.getInt("epochs") + " epochs; the MSN's code is the centre of the most "
                + "probable component (Eq. 12). The paper's depth figures carry no numbers: compare the ordering.");
        return result;
    }

    private void runDictionary(String dict, Settings s, RunContext ctx, Result result) {
        long seed = Seeds.derive(ctx.seed(), "lista-msn:" + dict);
        float lambda = s.getFloat("lambda");
        try (NDManager manager = NDManager.newBaseManager(ctx.device())) {
            long t0 = System.nanoTime();
            SparseCodingData data;
            if (dict.equals("synthetic")) {
                data = SparseCodingData.gaussian(manager, s.getInt("signalSize"), s.getInt("codeSize"), s.getInt("trainSize"),
                        s.getInt("testSize"), lambda, s.getInt("fistaIterations"), seed);
            } else if (dict.equals("digits")) {
                data = SparseCodingData.digits(manager, s.getInt("codeSize"), s.getInt("digitsTestSize"), lambda,
                        s.getInt("fistaIterations"), seed);
            } else {
                throw new IllegalArgumentException("ListaMsnReproduction expects a dictionary synthetic or digits, got " + dict);
            }
            ctx.log().printf(Locale.ROOT, "%s: %d training and %d test signals, L = %.3f, z* sparsity %.1f%% (%.1f s)%n", dict,
                    data.xTrain().getShape().get(0), data.xTest().getShape().get(0), data.lipschitz(),
                    100 * SparseCoding.sparsity(data.zTest(), 0f), (System.nanoTime() - t0) / 1e9);
            List<Integer> depths = new ArrayList<>();
            for (String d : s.getList("depths")) {
                depths.add(Integer.parseInt(d.trim()));
            }
            Map<String, List<double[]>> pe = new LinkedHashMap<>();
            Map<String, List<double[]>> fve = new LinkedHashMap<>();
            int table1Depth = s.getInt("table1Depth");
            for (int di = 0; di < depths.size(); di++) {
                int k = depths.get(di);
                String table = dict + ", depth " + k;
                {
                    record(result, table, ISTA, data, Ista.ista(data.dictionary(), data.xTest(), lambda, data.lipschitz(), k), pe, fve, k);
                    record(result, table, FISTA, data, Ista.fista(data.dictionary(), data.xTest(), lambda, data.lipschitz(), k), pe, fve, k);
                }
                List<String> trained = new ArrayList<>(s.getList("estimators"));
                if (k == table1Depth) {
                    trained.addAll(s.getList("variants"));
                }
                for (String est : trained) {
                    if (est.isBlank()) {
                        continue;
                    }
                    String name = displayName(est.trim());
                    {
                        record(result, table, name, data, trainAndCode(est.trim(), k, false, true, data, s, ctx, seed), pe, fve, k);
                        record(result, table, name + "-MSN", data, trainAndCode(est.trim(), k, true, true, data, s, ctx, seed), pe, fve, k);
                    }
                    if (k == table1Depth) {
                        String t1 = dict + ": Table 1, zeros in the final codes (%), depth " + k;
                        result.setPaperSource(t1, "paper Table 1");
                        double[] paper = PAPER_TABLE1.get(dict + " " + name);
                        result.addRow(t1, name + "-MSN with sparse regulation", SPARSITY, paper == null ? null : paper[0],
                                result.measured(table, name + "-MSN", SPARSITY));
                        result.addRow(t1, name + "-MSN with sparse regulation", EXACT, null, result.measured(table, name + "-MSN", EXACT));
                        {
                            NDArray z = trainAndCode(est.trim(), k, true, false, data, s, ctx, seed);
                            result.addRow(t1, name + "-MSN without", SPARSITY, paper == null ? null : paper[1],
                                    100 * SparseCoding.sparsity(z, 0.01f));
                            result.addRow(t1, name + "-MSN without", EXACT, null, 100 * SparseCoding.sparsity(z, 0f));
                            result.addRow(t1, name + "-MSN without", PE, null,
                                    SparseCoding.predictionError(data.dictionary(), data.xTest(), z));
                            z.close();
                        }
                    }
                }
                ctx.log().printf(Locale.ROOT, "%s: depth %d done (%.1f s)%n", dict, k, (System.nanoTime() - t0) / 1e9);
            }
            if (depths.size() > 1) {
                Plot pePlot = Plot.of("lista-msn-" + dict + "-prediction-error.png", dict + ": test prediction error vs depth",
                        "iterations / layers", "mean ||x - Dz||^2");
                Plot fvePlot = Plot.of("lista-msn-" + dict + "-function-value-error.png", dict
                        + ": test function value error vs depth", "iterations / layers", "mean F(z) - F(z*)");
                pe.forEach((name, points) -> pePlot.add(name, column(points, 0), column(points, 1)));
                fve.forEach((name, points) -> fvePlot.add(name, column(points, 0), column(points, 1)));
                result.addPlot(pePlot);
                result.addPlot(fvePlot);
            }
        }
    }

    /** One column of (depth, value) points. */
    private static double[] column(List<double[]> points, int c) {
        return points.stream().mapToDouble(p -> p[c]).toArray();
    }

    private static void record(Result result, String table, String method, SparseCodingData data, NDArray z,
            Map<String, List<double[]>> pe, Map<String, List<double[]>> fve, int depth) {
        double p = SparseCoding.predictionError(data.dictionary(), data.xTest(), z);
        double f;
        try (NDScope scope = new NDScope()) {
            f = SparseCoding.objective(data.dictionary(), data.xTest(), z, data.lambda())
                    .sub(SparseCoding.objective(data.dictionary(), data.xTest(), data.zTest(), data.lambda())).mean().getFloat();
        }
        result.addRow(table, method, PE, null, p);
        result.addRow(table, method, CODE, null, SparseCoding.codeError(z, data.zTest()));
        result.addRow(table, method, FVE, null, f);
        result.addRow(table, method, SPARSITY, null, 100 * SparseCoding.sparsity(z, 0.01f));
        result.addRow(table, method, EXACT, null, 100 * SparseCoding.sparsity(z, 0f));
        z.close();
        pe.computeIfAbsent(method, key -> new ArrayList<>()).add(new double[] {depth, p});
        fve.computeIfAbsent(method, key -> new ArrayList<>()).add(new double[] {depth, f});
    }

    static String displayName(String estimator) {
        switch (estimator) {
            case "lista":
                return "LISTA";
            case "lista-cp":
                return "Coupled-LISTA";
            case "alista":
                return "ALISTA";
            default:
                throw new IllegalArgumentException("ListaMsnReproduction expects an estimator lista, lista-cp or alista, got " + estimator);
        }
    }

    /** Builds an estimator of depth {@code k} for the data's dictionary. */
    static UnfoldedEstimator estimator(String name, int k, SparseCodingData data, Settings s) {
        switch (name) {
            case "lista":
                return Lista.builder().setDictionary(data.dictionary()).setNumLayers(k).optLambda(data.lambda())
                        .optTiedWeights(!s.getBoolean("untiedLista")).build();
            case "lista-cp":
                return ListaCp.builder().setDictionary(data.dictionary()).setNumLayers(k).optLambda(data.lambda()).build();
            case "alista":
                return Alista.builder().setDictionary(data.dictionary()).setNumLayers(k).optLambda(data.lambda()).build();
            default:
                throw new IllegalArgumentException("ListaMsnReproduction expects an estimator lista, lista-cp or alista, got " + name);
        }
    }

    /**
     * Trains one network on the training signals and returns its codes of the test signals (on the test
     * signals' manager): the estimator alone on the MSE to z*, or with the MSN on the mixture NLL.
     */
    static NDArray trainAndCode(String name, int k, boolean msn, boolean sparseRegulation, SparseCodingData data, Settings s,
            RunContext ctx, long seed) {
        Checks.positive(k, "ListaMsnReproduction", "depth");
        Seeds.seedAll(Seeds.derive(seed, name + ":" + k + ":" + msn + ":" + sparseRegulation));
        UnfoldedEstimator est = estimator(name, k, data, s);
        Block block = msn ? new ListaMsn(est, MixtureSparsityNetwork.builder().setCodeSize(data.codeSize())
                .optNumComponents(s.getInt("components")).optShrinkEpsilon(s.getFloat("shrinkEpsilon"))
                .optSparseRegulation(sparseRegulation).build()) : est;
        Loss loss = msn ? new MixtureNllLoss() : Loss.l2Loss();
        long t0 = System.nanoTime();
        try (Model model = Model.newInstance("lista-msn", ctx.device())) {
            model.setBlock(block);
            ArrayDataset set = new ArrayDataset.Builder().setData(data.xTrain()).optLabels(data.zTrain())
                    .setSampling(s.getInt("batchSize"), true).build();
            DefaultTrainingConfig cfg = new DefaultTrainingConfig(loss)
                    .optOptimizer(Optimizer.adam().optLearningRateTracker(Tracker.fixed(s.getFloat("learningRate"))).build())
                    .optDevices(new ai.djl.Device[] {ctx.device()});
            double lastLoss;
            try (Trainer trainer = model.newTrainer(cfg)) {
                trainer.initialize(new Shape(1, data.signalSize()));
                var h = TrainingLoop.builder().setEpochs(s.getInt("epochs")).optStep(new StandardStep(false))
                        .optProgress(ctx.scale() == Scale.FULL ? new ProgressBar() : ProgressBar.silent()).build().fit(trainer, set, null);
                lastLoss = h.epochs().get(h.epochs().size() - 1).trainLoss();
            }
            NDArray x = data.xTest();
            NDArray z;
            try (NDManager sub = x.getManager().newSubManager(); NDScope scope = new NDScope()) {
                NDList out = block.forward(new ParameterStore(sub, false), new NDList(x), false);
                z = msn ? ListaMsn.mostLikely(out) : out.head().duplicate();
                NDScope.unregister(z);
            }
            ctx.log().printf(Locale.ROOT, "  %s%s K=%d%s: final training loss %.4g (%.1f s)%n", displayName(name), msn ? "-MSN" : "", k,
                    msn && !sparseRegulation ? " without sparse regulation" : "", lastLoss, (System.nanoTime() - t0) / 1e9);
            return z;
        }
    }
}

package io.github.prcv2021.fgsmpr;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.Trainer;
import ai.djl.training.dataset.ArrayDataset;
import ai.djl.training.dataset.Dataset.Usage;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import ai.djl.training.tracker.WarmUpTracker;
import io.github.prcv2021.attacks.AttackLoss;
import io.github.prcv2021.attacks.AttackTarget;
import io.github.prcv2021.attacks.Fgsm;
import io.github.prcv2021.attacks.LinfAttack;
import io.github.prcv2021.attacks.Pgd;
import io.github.prcv2021.attacks.RobustAccuracy;
import io.github.prcv2021.core.Seeds;
import io.github.prcv2021.data.Datasets;
import io.github.prcv2021.data.IdxData;
import io.github.prcv2021.nn.PreActResNet;
import io.github.prcv2021.nn.WongMnistCnn;
import io.github.prcv2021.repro.Plot;
import io.github.prcv2021.repro.Reproduction;
import io.github.prcv2021.repro.Result;
import io.github.prcv2021.repro.RunContext;
import io.github.prcv2021.repro.Scale;
import io.github.prcv2021.repro.Settings;
import io.github.prcv2021.train.EpochRecord;
import io.github.prcv2021.train.History;
import io.github.prcv2021.train.ProgressBar;
import io.github.prcv2021.train.TrainingLoop;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The FGSMPR paper's Table 1 (MNIST, ε = 0.3) on the data that exist offline, and the catastrophic
 * overfitting experiment behind its claim: each method trains the same network with the same optimizer;
 * after every epoch a monitor measures PGD-20 and FGSM accuracy on held-out images (the curves of the
 * paper's Fig. 1/4); at the end, PGD-K-R and CW-K-R accuracy are measured as in the paper's tables (an
 * example is robust only if it survives all R restarts).
 *
 * <p>The paper does not state its optimizer; every choice here is a setting. Quick scale: Fashion-MNIST,
 * 10,000 training images, ε = 0.2, Adam with a one-epoch linear warm-up to 5e-3, 6 epochs, 2 seeds (at
 * ε = 0.2 FGSM AT keeps some PGD robustness; at ε ≥ 0.25 both FGSM AT and FGSMPR lose it within the
 * first epochs at this budget, see docs/papers/03-fgsmpr.md). Full scale: MNIST, ε = 0.3, Wong et al.'s
 * recipe (Adam, one-cycle learning rate peaking at 5e-3, batch 100, 10 epochs), PGD-K-R and CW-K-R with
 * 10 restarts.
 */
public final class FgsmprReproduction implements Reproduction {

    /** Paper Table 1 (MNIST, mean of 3 runs, %): clean, PGD-20-10, PGD-40-10, CW-20-10, CW-40-10, time (s). */
    static final Map<String, double[]> PAPER_MNIST = new LinkedHashMap<>();
    static final String[] PAPER_COLUMNS = {"clean", "PGD-20-10", "PGD-40-10", "CW-20-10", "CW-40-10"};

    static {
        PAPER_MNIST.put("FGSM", new double[] {97.53, 39.31, 12.45, 40.14, 13.46, 481.03});
        PAPER_MNIST.put("FAST_FGSM", new double[] {98.52, 42.60, 11.19, 43.41, 11.85, 491.24});
        PAPER_MNIST.put("PGD", new double[] {99.16, 94.72, 92.52, 94.75, 92.65, 3652.39});
        PAPER_MNIST.put("FGSMPR", new double[] {98.35, 93.77, 90.83, 93.65, 90.56, 626.57});
        PAPER_MNIST.put("FGSMPR-SQ", PAPER_MNIST.get("FGSMPR")); // the paper's one FGSMPR, either reading of Eq. 5
    }

    @Override
    public String id() {
        return "fgsmpr";
    }

    @Override
    public Settings defaults(Scale scale) {
        Settings s = new Settings()
                .declare("dataset", "fashion-mnist", "mnist or fashion-mnist")
                .declare("network", "wong", "wong (the paper's MNIST CNN) or preact18 (PreAct ResNet-18)")
                .declare("methods", List.of("FGSM", "FGSMPR"), "methods: STANDARD, FGSM, FAST_FGSM, PGD, FGSMPR, FGSMPR-SQ (squared norm in Eq. 5)")
                .declare("trainSize", 10000, "training images (a seeded random subset; 60000 = all)")
                .declare("epochs", 6, "training epochs (paper: 50 on MNIST, no early stopping)")
                .declare("batchSize", 128, "mini-batch size")
                .declare("epsilon", 0.2, "L-infinity radius (paper: 0.3 on MNIST)")
                .declare("lambda", 0.1, "FGSMPR's regulariser weight (paper: 0.1 on MNIST, 0.5 on CIFAR-10)")
                .declare("pgdSteps", 3, "FGSMPR's PGD steps K (paper: 3, step epsilon/K, zero init)")
                .declare("pgdExamples", 1, "FGSMPR's m, the examples per batch paired with a PGD example (paper: 1)")
                .declare("squaredPairing", false, "use the squared L2 norm in Eq. 5 (paper: plain L2 norm)")
                .declare("pgdAtSteps", 40, "PGD AT's steps (paper: PGD-40 on MNIST)")
                .declare("pgdAtStep", 0.01, "PGD AT's step size (paper: 0.01 on MNIST)")
                .declare("pgdAtEpochs", 0, "PGD AT's epochs when it must be cut for time (0 = epochs)")
                .declare("pgdAtLearningRate", 0.0, "PGD AT's peak learning rate (0 = learningRate)")
                .declare("optimizer", "adam", "adam or sgd (momentum 0.9); the paper does not say")
                .declare("learningRate", 5e-3, "peak learning rate")
                .declare("schedule", "warmup", "warmup (linear over the first epoch, then constant), constant, cyclic (Wong et al.: 0 -> peak at 40% -> 0)")
                .declare("monitorSize", 500, "test images for the per-epoch PGD-20 / FGSM monitor")
                .declare("monitorStep", 0.05, "the monitor's PGD-20 step size (epsilon/4)")
                .declare("testSize", 500, "test images for the final evaluation")
                .declare("evalSteps", List.of("20"), "final PGD and CW iteration counts (paper: 20 and 40 on MNIST)")
                .declare("evalStep", 0.1, "final attack step size (paper: 0.1 on MNIST)")
                .declare("restarts", 1, "final attack restarts R (paper: 10)")
                .declare("cw", false, "also evaluate the CW margin loss (paper: CW-20-10, CW-40-10)")
                .declare("seeds", 2, "independent runs per method; means are reported");
        switch (scale) {
            case SMOKE:
                s.set("trainSize", 1000).set("epochs", 2).set("monitorSize", 200).set("testSize", 200).set("seeds", 1);
                break;
            case FULL:
                s.set("dataset", "mnist").set("trainSize", 60000).set("epsilon", 0.3).set("batchSize", 100)
                        .set("methods", List.of("FGSM", "FGSMPR", "FGSMPR-SQ", "PGD")).set("epochs", 10)
                        .set("schedule", "cyclic").set("pgdAtSteps", 10).set("pgdAtStep", 0.075).set("pgdAtLearningRate", 1e-3)
                        .set("monitorSize", 1000).set("monitorStep", 0.075).set("testSize", 500)
                        .set("evalSteps", List.of("20", "40"))
                        .set("restarts", 10).set("cw", true).set("seeds", 1);
                break;
            default:
                break;
        }
        return s;
    }

    @Override
    public Result run(Settings s, RunContext ctx) {
        Result result = new Result(id(), ctx.scale(), ctx.seed(), s);
        List<Variant> methods = new ArrayList<>();
        for (String m : s.getList("methods")) {
            methods.add(Variant.parse(m, s.getBoolean("squaredPairing")));
        }
        String dataset = s.getString("dataset");
        String table = dataset.equals("mnist") ? "MNIST" : "Fashion-MNIST";
        result.setPaperSource(table, dataset.equals("mnist")
                ? "paper Table 1 (MNIST, 50 epochs, mean of 3 runs)"
                : "paper Table 1 (MNIST, 50 epochs), a different dataset");
        IdxData train = Datasets.imageData(dataset, Usage.TRAIN);
        IdxData test = Datasets.imageData(dataset, Usage.TEST);
        int seeds = s.getInt("seeds");
        Plot pgdCurves = Plot.of("fgsmpr-" + dataset + "-pgd20.png", table + ": PGD-20 test accuracy after each epoch (seed "
                + ctx.seed() + ")", "epoch", "PGD-20 accuracy (%)");
        Plot fgsmCurves = Plot.of("fgsmpr-" + dataset + "-fgsm.png", table + ": FGSM test accuracy after each epoch (seed "
                + ctx.seed() + ")", "epoch", "FGSM accuracy (%)");
        Plot gapCurves = Plot.of("fgsmpr-" + dataset + "-logit-gap.png", table + ": mean ||f(x_fgsm) - f(x_pgd)|| on test "
                + "images (seed " + ctx.seed() + ")", "epoch", "logit distance");
        Map<String, Object> perSeed = new LinkedHashMap<>();
        ctx.progress().start("fgsmpr runs", (long) methods.size() * seeds);
        int done = 0;
        for (Variant variant : methods) {
            AdversarialTraining.Method method = variant.method();
            Map<String, Double> sums = new LinkedHashMap<>();
            List<Map<String, Object>> runs = new ArrayList<>();
            for (int k = 0; k < seeds; k++) {
                long seed = ctx.seed() + k;
                Map<String, double[]> curves = new LinkedHashMap<>();
                Map<String, Double> r = trainAndEvaluate(variant, train, test, seed, s, ctx,
                        k == 0 ? pgdCurves : null, k == 0 ? fgsmCurves : null, k == 0 ? gapCurves : null, curves);
                Map<String, Object> run = new LinkedHashMap<>(r);
                run.put("seed", seed);
                run.put("curves", curves);
                runs.add(run);
                r.forEach((key, v) -> sums.merge(key, v, Double::sum));
                done++;
                ctx.progress().update(done, String.format(Locale.ROOT, "%s seed %d: final PGD-20 %.1f%%, clean %.1f%%",
                        variant.label(), seed, r.get("final monitor PGD-20"), r.get("clean")));
            }
            perSeed.put(variant.label(), runs);
            double[] paper = PAPER_MNIST.get(variant.label());
            for (Map.Entry<String, Double> e : sums.entrySet()) {
                Double p = null;
                for (int c = 0; c < PAPER_COLUMNS.length && paper != null; c++) {
                    String measuredName = e.getKey().replace("-" + s.getInt("restarts"), "-10");
                    if (PAPER_COLUMNS[c].equals(measuredName) && s.getInt("restarts") == 10) {
                        p = paper[c];
                    }
                }
                if (paper != null && e.getKey().equals("clean")) {
                    p = paper[0];
                }
                if (paper != null && e.getKey().equals("train seconds") && dataset.equals("mnist")) {
                    p = null; // the paper's times are GPU seconds for 50 epochs; not comparable
                }
                result.addRow(table, variant.label(), e.getKey(), p, e.getValue() / seeds);
            }
        }
        ctx.progress().end("");
        result.addPlot(pgdCurves).addPlot(fgsmCurves).addPlot(gapCurves);
        result.putExtra("perSeed", perSeed);
        result.addNote("Accuracies in percent, means over " + seeds + " seed(s). 'monitor' columns are PGD-20 (one random "
                + "start, step " + s.getDouble("monitorStep") + ") on the first " + s.getInt("monitorSize")
                + " test images after each epoch; 'best monitor PGD-20' is the best epoch, 'final' the last: a final value "
                + "far below the best is catastrophic overfitting. The other columns are the final model under PGD-K-R / "
                + "CW-K-R (K steps of " + s.getDouble("evalStep") + ", R restarts, robust only if all restarts fail) on the "
                + "first " + s.getInt("testSize") + " test images.");
        result.addNote("Paper values are shown only where our protocol matches the paper's column (10 restarts); the "
                + "paper's times are for 50 epochs on a GPU and are not compared.");
        if (methods.stream().anyMatch(v -> v.method() == AdversarialTraining.Method.PGD)) {
            int pgdEpochs = s.getInt("pgdAtEpochs") > 0 ? s.getInt("pgdAtEpochs") : s.getInt("epochs");
            double pgdLr = s.getDouble("pgdAtLearningRate") > 0 ? s.getDouble("pgdAtLearningRate") : s.getDouble("learningRate");
            result.addNote("Row PGD is PGD-" + s.getInt("pgdAtSteps") + " AT (step " + s.getDouble("pgdAtStep") + ", random start) for "
                    + pgdEpochs + " epochs with a peak learning rate of " + pgdLr + "; the paper's row is PGD-40 AT (step 0.01) for "
                    + "50 epochs.");
        }
        result.addNote("Training: " + s.getString("optimizer") + ", " + s.getString("schedule") + " learning-rate schedule peaking at "
                + s.getDouble("learningRate") + ", batch " + s.getInt("batchSize") + ", " + s.getInt("epochs") + " epochs, "
                + s.getInt("trainSize") + " training images, epsilon " + s.getDouble("epsilon") + " (the paper does not state its "
                + "optimizer or schedule).");
        return result;
    }

    /** Trains one network with one method and evaluates it; returns the named measurements. */
    static Map<String, Double> trainAndEvaluate(Variant variant, IdxData train, IdxData test,
            long seed, Settings s, RunContext ctx, Plot pgdCurves, Plot fgsmCurves, Plot gapCurves,
            Map<String, double[]> curves) {
        Seeds.seedAll(seed);
        AdversarialTraining.Method method = variant.method();
        float eps = s.getFloat("epsilon");
        Map<String, Double> out = new LinkedHashMap<>();
        try (NDManager manager = NDManager.newBaseManager(ctx.device())) {
            int n = s.getInt("trainSize");
            IdxData tr = n >= train.count() ? train : train.sample(n, Seeds.derive(seed, "subset"));
            int batch = s.getInt("batchSize");
            ArrayDataset trainSet = new ArrayDataset.Builder().setData(tr.imagesArray(manager, false))
                    .optLabels(tr.labelsArray(manager)).setSampling(batch, true).build();
            IdxData mon = test.limit(s.getInt("monitorSize"));
            NDArray monX = mon.imagesArray(manager, false);
            NDArray monY = mon.labelsArray(manager);
            int stepsPerEpoch = (tr.count() + batch - 1) / batch;
            int epochs = method == AdversarialTraining.Method.PGD && s.getInt("pgdAtEpochs") > 0
                    ? s.getInt("pgdAtEpochs") : s.getInt("epochs");
            AdversarialTraining.Builder step = AdversarialTraining.builder().setMethod(method).setEpsilon(eps)
                    .optLambda(s.getDouble("lambda")).optPgdExamples(s.getInt("pgdExamples"))
                    .optSquaredPairing(variant.squared())
                    .optPgdSteps(method == AdversarialTraining.Method.PGD ? s.getInt("pgdAtSteps") : s.getInt("pgdSteps"))
                    .optSeed(Seeds.derive(seed, "pairs"));
            if (method == AdversarialTraining.Method.PGD) {
                step.optPgdStep(s.getFloat("pgdAtStep"));
            }
            AdversarialTraining trainingStep = step.build();
            try (Model model = Model.newInstance("fgsmpr-" + method, ctx.device())) {
                model.setBlock(network(s.getString("network"), tr.numClasses()));
                DefaultTrainingConfig cfg = new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
                        .optOptimizer(optimizer(s, stepsPerEpoch, epochs,
                                method == AdversarialTraining.Method.PGD && s.getDouble("pgdAtLearningRate") > 0
                                        ? s.getFloat("pgdAtLearningRate") : s.getFloat("learningRate"))).optDevices(new ai.djl.Device[] {ctx.device()});
                try (Trainer trainer = model.newTrainer(cfg)) {
                    trainer.initialize(new Shape(1, 1, tr.rows(), tr.cols()));
                    CatastrophicOverfittingMonitor monitor = new CatastrophicOverfittingMonitor(monX, monY, eps,
                            s.getFloat("monitorStep"));
                    TrainingLoop loop = TrainingLoop.builder().setEpochs(epochs).optStep(trainingStep)
                            .optProgress(ctx.scale() == Scale.FULL ? new ProgressBar() : ProgressBar.silent())
                            .addListener(monitor)
                            .addListener((rec, t) -> ctx.log().printf(Locale.ROOT,
                                    "  %s seed %d epoch %d (%.1f s): clean %.1f, FGSM %.1f, PGD-20 %.1f, logit gap %.2f%n",
                                    method, seed, rec.epoch(), rec.seconds(), rec.extra().get("clean"),
                                    rec.extra().get("FGSM"), rec.extra().get("PGD-20"), rec.extra().get("logit gap")))
                            .build();
                    History h = loop.fit(trainer, trainSet, null);
                    double[] x = h.epochs().stream().mapToDouble(EpochRecord::epoch).toArray();
                    double[] pgd = h.epochs().stream().mapToDouble(e -> e.extra().get("PGD-20")).toArray();
                    if (pgdCurves != null) {
                        pgdCurves.add(variant.label(), x, pgd);
                        fgsmCurves.add(variant.label(), x, h.epochs().stream().mapToDouble(e -> e.extra().get("FGSM")).toArray());
                    }
                    curves.put("PGD-20", pgd);
                    curves.put("FGSM", h.epochs().stream().mapToDouble(e -> e.extra().get("FGSM")).toArray());
                    curves.put("clean", h.epochs().stream().mapToDouble(e -> e.extra().get("clean")).toArray());
                    double[] gap = h.epochs().stream().mapToDouble(e -> e.extra().get("logit gap")).toArray();
                    curves.put("logit gap", gap);
                    if (gapCurves != null) {
                        gapCurves.add(variant.label(), x, gap);
                    }
                    double best = java.util.Arrays.stream(pgd).max().orElse(Double.NaN);
                    out.put("best monitor PGD-20", best);
                    out.put("final monitor PGD-20", pgd[pgd.length - 1]);
                    double[] fgsmAcc = curves.get("FGSM");
                    out.put("final monitor FGSM", fgsmAcc[fgsmAcc.length - 1]);
                    out.put("final logit gap", gap[gap.length - 1]);
                    out.put("seconds per epoch", h.epochs().stream().mapToDouble(EpochRecord::seconds).average().orElse(0));
                    Map<String, LinfAttack> finalEval = finalAttacks(s);
                    IdxData te = test.limit(s.getInt("testSize"));
                    Map<String, Double> acc = RobustAccuracy.evaluate(AttackTarget.of(model), te.imagesArray(manager, false),
                            te.labelsArray(manager), 500, finalEval);
                    acc.forEach((k, v) -> out.put(k, v * 100));
                }
            }
        }
        return out;
    }

    /**
     * A method as the reproduction names it: the {@link AdversarialTraining.Method} names, plus
     * {@code FGSMPR-SQ} for FGSMPR with the squared norm in Eq. 5.
     */
    record Variant(String label, AdversarialTraining.Method method, boolean squared) {
        static Variant parse(String name, boolean squaredDefault) {
            String n = name.trim().toUpperCase(java.util.Locale.ROOT).replace('_', '-');
            if (n.equals("FGSMPR-SQ")) {
                return new Variant("FGSMPR-SQ", AdversarialTraining.Method.FGSMPR, true);
            }
            AdversarialTraining.Method m = AdversarialTraining.Method.parse(name);
            return new Variant(m.name(), m, m == AdversarialTraining.Method.FGSMPR && squaredDefault);
        }
    }

    /** Clean, then PGD-K-R (and CW-K-R) for every K of {@code evalSteps}. */
    static Map<String, LinfAttack> finalAttacks(Settings s) {
        float eps = s.getFloat("epsilon");
        int restarts = s.getInt("restarts");
        Map<String, LinfAttack> m = new LinkedHashMap<>();
        m.put("clean", null);
        List<AttackLoss> losses = s.getBoolean("cw") ? List.of(AttackLoss.CROSS_ENTROPY, AttackLoss.CW_MARGIN)
                : List.of(AttackLoss.CROSS_ENTROPY);
        for (AttackLoss loss : losses) {
            for (String k : s.getList("evalSteps")) {
                int steps = Integer.parseInt(k.trim());
                String name = (loss == AttackLoss.CROSS_ENTROPY ? "PGD-" : "CW-") + steps + "-" + restarts;
                m.put(name, Pgd.builder().setEpsilon(eps).setSteps(steps).optStep(s.getFloat("evalStep"))
                        .optRestarts(restarts).optRandomStart(true).optLoss(loss).build());
            }
        }
        return m;
    }

    /** The optimizer and learning-rate schedule named by the settings. */
    static Optimizer optimizer(Settings s, int stepsPerEpoch, int epochs, float lr) {
        int total = epochs * stepsPerEpoch;
        Tracker tracker;
        switch (s.getString("schedule")) {
            case "constant":
                tracker = Tracker.fixed(lr);
                break;
            case "warmup":
                tracker = WarmUpTracker.builder().setMainTracker(Tracker.fixed(lr)).optWarmUpSteps(stepsPerEpoch)
                        .optWarmUpBeginValue(0f).build();
                break;
            case "cyclic":
                tracker = triangular(lr, total);
                break;
            default:
                throw new IllegalArgumentException("schedule expects warmup, constant or cyclic, got "
                        + s.getString("schedule"));
        }
        switch (s.getString("optimizer")) {
            case "adam":
                return Optimizer.adam().optLearningRateTracker(tracker).build();
            case "sgd":
                return Optimizer.sgd().setLearningRateTracker(tracker).optMomentum(0.9f).build();
            default:
                throw new IllegalArgumentException("optimizer expects adam or sgd, got " + s.getString("optimizer"));
        }
    }

    /**
     * Wong et al.'s one-cycle schedule: linear from 0 to {@code peak} over the first 40% of the
     * updates, then linear back to 0 at the last ({@code np.interp([t], [0, 0.4 T, T], [0, peak, 0])}).
     */
    static Tracker triangular(float peak, int totalUpdates) {
        double top = 0.4 * totalUpdates;
        return update -> {
            double t = Math.min(update + 1, totalUpdates);
            return (float) (t <= top ? peak * t / top : peak * (totalUpdates - t) / (totalUpdates - top));
        };
    }

    /** The network named by the {@code network} setting. */
    static Block network(String name, int numClasses) {
        switch (name) {
            case "wong":
                return WongMnistCnn.build(numClasses);
            case "preact18":
                return PreActResNet.resNet18(numClasses);
            default:
                throw new IllegalArgumentException("network expects wong or preact18, got " + name);
        }
    }
}

package io.github.prcv2021.distcam;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.ParameterStore;
import ai.djl.training.Trainer;
import ai.djl.training.dataset.ArrayDataset;
import ai.djl.training.dataset.Dataset.Usage;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import io.github.prcv2021.core.Seeds;
import io.github.prcv2021.data.Datasets;
import io.github.prcv2021.data.IdxData;
import io.github.prcv2021.data.LocalizationCanvas;
import io.github.prcv2021.metrics.Localization;
import io.github.prcv2021.metrics.Localization.Box;
import io.github.prcv2021.repro.Reproduction;
import io.github.prcv2021.repro.Result;
import io.github.prcv2021.repro.RunContext;
import io.github.prcv2021.repro.Scale;
import io.github.prcv2021.repro.Settings;
import io.github.prcv2021.train.History;
import io.github.prcv2021.train.TrainingLoop;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Dist-CAM's Table 1 (top-1 localisation error of CAM and Dist-CAM) on a weakly supervised
 * localisation benchmark that exists offline: Fashion-MNIST (and MNIST) items on larger canvases with
 * known boxes ({@link LocalizationCanvas}).
 *
 * <p>Per dataset and backbone: a softmax model (GAP + FC) is trained on the training canvases with class
 * labels only; CAM uses its FC weights (Eq. 3); Dist-CAM uses the same backbone with the FC dropped,
 * prototypes = mean pooled training features per class (Eq. 7), nearest prototype by L1, weights
 * {@code norm(1/D)} (Eqs. 4-6). As the paper also trains separate "distance-based metric learning models",
 * a second model with a {@link DistanceHead} (learnable prototypes, distance-based cross-entropy) is
 * trained on the same canvases and explained by Dist-CAM alone. Every map: ReLU, min-max normalisation,
 * bilinear upsampling to the canvas, threshold at 20% of the maximum, largest connected component, box;
 * a test canvas is localised when the class is right and IoU >= 0.5 (top-1) or IoU >= 0.5 alone
 * (GT-known).
 */
public final class DistCamReproduction implements Reproduction {

    /** The paper's Table 1 (ILSVRC-2012 val, top-1 localisation error %): {CAM, Dist-CAM} per backbone. */
    static final Map<String, double[]> PAPER_TABLE1 = new LinkedHashMap<>();

    static {
        PAPER_TABLE1.put("ResNet-18", new double[] {59.5, 56.7});
        PAPER_TABLE1.put("ResNet-50", new double[] {56.2, 54.7});
        PAPER_TABLE1.put("ResNet-101", new double[] {56.6, 54.9});
        PAPER_TABLE1.put("DenseNet-161", new double[] {62.4, 57.6});
        PAPER_TABLE1.put("DenseNet-169", new double[] {62.3, 56.6});
        PAPER_TABLE1.put("DenseNet-201", new double[] {62.5, 56.4});
    }

    /** Row names. */
    static final String CAM = "CAM (softmax model)";
    static final String DIST_SOFTMAX = "Dist-CAM (softmax backbone)";
    static final String DIST_METRIC = "Dist-CAM (metric model)";
    /** Column names. */
    static final String TOP1 = "top-1 loc. error";
    static final String GT_KNOWN = "GT-known loc. error";
    static final String CLS = "classification error";
    static final String IOU = "mean IoU (%)";
    static final String MASS = "map mass in GT box (%)";

    /** Training items used for training canvases; the rest of the training split makes the validation canvases. */
    static final int TRAIN_ITEMS = 50000;
    /** Thresholds of the calibration sweep: 0.05, 0.10, ..., 0.95. */
    static final double[] SWEEP = new double[19];
    static final String TOP1_CAL = "top-1 loc. error (calibrated threshold)";
    static final String GT_KNOWN_CAL = "GT-known loc. error (calibrated threshold)";
    static final String THRESHOLD_CAL = "calibrated threshold";

    static {
        for (int i = 0; i < SWEEP.length; i++) {
            SWEEP[i] = Math.round((i + 1) * 5) / 100.0;
        }
    }

    private static int[] range(int from, int to) {
        int[] r = new int[to - from];
        for (int i = 0; i < r.length; i++) {
            r[i] = from + i;
        }
        return r;
    }

    @Override
    public String id() {
        return "dist-cam";
    }

    @Override
    public Settings defaults(Scale scale) {
        Settings s = new Settings()
                .declare("datasets", List.of("fashion-mnist"), "item sources: fashion-mnist, mnist")
                .declare("backbones", List.of("cnn:16-32-64"), "cnn:W1-W2-.. (one conv per stage) or vgg:W1-W2-.. (two)")
                .declare("models", List.of("softmax", "metric"), "softmax (CAM and Dist-CAM on one backbone), metric (a distance-head model, Dist-CAM)")
                .declare("trainCanvases", 6000, "training canvases (items from the training split)")
                .declare("testCanvases", 2000, "test canvases (items from the test split)")
                .declare("valCanvases", 1000, "validation canvases for the calibrated threshold (items 50000-59999 of the training split, never trained on)")
                .declare("canvasSize", 64, "canvas side in pixels")
                .declare("minScale", 1.0, "smallest item scale (1 = 28 px)")
                .declare("maxScale", 1.0, "largest item scale")
                .declare("noise", 0.1, "background noise amplitude (uniform in [0, a])")
                .declare("minDistractors", 1, "fewest random strokes per canvas")
                .declare("maxDistractors", 2, "most random strokes per canvas")
                .declare("epochs", 3, "training epochs")
                .declare("batchSize", 128, "mini-batch size")
                .declare("learningRate", 3e-3, "Adam learning rate")
                .declare("gamma", 1.0, "scale of the squared distances in the metric model's logits")
                .declare("threshold", 0.2, "heatmap threshold as a fraction of the maximum (CAM: 0.2)")
                .declare("calibrate", true, "also report each map at the threshold (0.05..0.95) with the best GT-known accuracy on the validation canvases")
                .declare("distance", "L1", "distance for the nearest prototype: L1 (Eq. 4) or L2")
                .declare("weightNorm", "SUM", "Eq. 5's norm(.): SUM, L2 or MAX")
                .declare("epsilon", 1e-8, "Eq. 5's epsilon")
                .declare("relu", true, "clip negative map values before normalising (CAM practice)")
                .declare("examples", 8, "test canvases drawn in the example figure (0 = none)");
        switch (scale) {
            case SMOKE:
                s.set("trainCanvases", 600).set("testCanvases", 200).set("valCanvases", 200).set("epochs", 1).set("examples", 4);
                break;
            case FULL:
                s.set("datasets", List.of("fashion-mnist", "mnist"))
                        .set("backbones", List.of("cnn:16-32-64", "vgg:8-16-32"))
                        .set("trainCanvases", 8000).set("testCanvases", 4000).set("valCanvases", 1000);
                break;
            case QUICK:
                // the claim test's budget (< 90 s on two cores): half the training canvases in mini-batches of
                // 64 (the same number of steps), half the validation and test canvases
                s.set("trainCanvases", 3000).set("testCanvases", 1000).set("valCanvases", 500).set("batchSize", 64);
                break;
            default:
                break;
        }
        return s;
    }

    @Override
    public Result run(Settings s, RunContext ctx) {
        Result result = new Result(id(), ctx.scale(), ctx.seed(), s);
        DistCam distCam = DistCam.builder()
                .optDistance(DistCam.Distance.valueOf(s.getString("distance").trim().toUpperCase(Locale.ROOT)))
                .optWeightNorm(DistCam.WeightNorm.valueOf(s.getString("weightNorm").trim().toUpperCase(Locale.ROOT)))
                .optEpsilon(s.getFloat("epsilon")).build();
        List<String> models = s.getList("models");
        for (String m : models) {
            if (!m.equals("softmax") && !m.equals("metric")) {
                throw new IllegalArgumentException("models expects softmax and/or metric, got " + m);
            }
        }
        for (String b : s.getList("backbones")) {
            LocalizationNet.parse(b, LocalizationNet.Head.SOFTMAX, 10); // validates before any training
        }
        Map<String, Object> classificationAcc = new LinkedHashMap<>();
        Map<String, Object> timings = new LinkedHashMap<>();
        for (String dataset : s.getList("datasets")) {
            String dname = dataset.equals("mnist") ? "MNIST" : "Fashion-MNIST";
            long t0 = System.nanoTime();
            IdxData trainItems = Datasets.imageData(dataset, Usage.TRAIN);
            LocalizationCanvas train = canvas(s, Seeds.derive(ctx.seed(), dataset + "/train-canvas"))
                    .generate(trainItems.select(range(0, TRAIN_ITEMS)), s.getInt("trainCanvases"));
            LocalizationCanvas val = canvas(s, Seeds.derive(ctx.seed(), dataset + "/val-canvas"))
                    .generate(trainItems.select(range(TRAIN_ITEMS, trainItems.count())), s.getInt("valCanvases"));
            LocalizationCanvas test = canvas(s, Seeds.derive(ctx.seed(), dataset + "/test-canvas"))
                    .generate(Datasets.imageData(dataset, Usage.TEST), s.getInt("testCanvases"));
            ctx.log().printf(Locale.ROOT, "%s: %d + %d canvases in %.1f s%n", dname, train.data().count(),
                    test.data().count(), (System.nanoTime() - t0) / 1e9);
            boolean first = true;
            for (String backbone : s.getList("backbones")) {
                String table = dname + ", " + backbone;
                result.setPaperSource(table, "ILSVRC-2012 val, ResNet-18 (paper Table 1; ResNet-50 56.2 / 54.7, "
                        + "DenseNet-201 62.5 / 56.4), a different dataset and network");
                Examples ex = new Examples(test, Math.min(s.getInt("examples"), test.data().count()),
                        dataset.equals("fashion-mnist") ? Datasets.FASHION_MNIST_CLASSES : null);
                for (String kind : models) {
                    boolean softmax = kind.equals("softmax");
                    long t1 = System.nanoTime();
                    Map<String, Evaluation> counters = evaluateModel(backbone, softmax, train, val, test, s, ctx,
                            distCam, Seeds.derive(ctx.seed(), table + "/" + kind), ex);
                    double secs = (System.nanoTime() - t1) / 1e9;
                    timings.put(table + " | " + kind, Math.round(secs * 10) / 10.0);
                    for (Map.Entry<String, Evaluation> e : counters.entrySet()) {
                        Localization.Counter c = e.getValue().atThreshold;
                        Double paper = null;
                        if (e.getKey().equals(CAM)) {
                            paper = PAPER_TABLE1.get("ResNet-18")[0];
                        } else if (e.getKey().equals(DIST_METRIC)) {
                            paper = PAPER_TABLE1.get("ResNet-18")[1];
                        }
                        result.addRow(table, e.getKey(), TOP1, paper, c.top1LocalizationError());
                        result.addRow(table, e.getKey(), GT_KNOWN, null, c.gtKnownLocalizationError());
                        result.addRow(table, e.getKey(), CLS, null, 100 - c.classificationAccuracy());
                        result.addRow(table, e.getKey(), IOU, null, 100 * c.meanIou());
                        result.addRow(table, e.getKey(), MASS, null, e.getValue().meanMassInside());
                        if (s.getBoolean("calibrate")) {
                            int best = e.getValue().bestOnValidation();
                            Localization.Counter cal = e.getValue().testSweep[best];
                            result.addRow(table, e.getKey(), THRESHOLD_CAL, null, SWEEP[best]);
                            result.addRow(table, e.getKey(), TOP1_CAL, null, cal.top1LocalizationError());
                            result.addRow(table, e.getKey(), GT_KNOWN_CAL, null, cal.gtKnownLocalizationError());
                            ctx.log().printf(Locale.ROOT, "  %s | %s: calibrated threshold %.2f: top-1 loc err %.2f, "
                                    + "GT-known err %.2f%n", table, e.getKey(), SWEEP[best], cal.top1LocalizationError(),
                                    cal.gtKnownLocalizationError());
                        }
                        classificationAcc.put(table + " | " + e.getKey(), c.classificationAccuracy());
                        ctx.log().printf(Locale.ROOT, "  %s | %s: top-1 loc err %.2f, GT-known err %.2f, cls err %.2f, "
                                + "mIoU %.3f%n", table, e.getKey(), c.top1LocalizationError(),
                                c.gtKnownLocalizationError(), 100 - c.classificationAccuracy(), c.meanIou());
                    }
                    ctx.log().printf(Locale.ROOT, "  %s | %s model: %.1f s%n", table, kind, secs);
                }
                if (first && ex.count() > 0) {
                    String file = "dist-cam-" + dataset + "-examples.png";
                    result.addFigure(file, dname + ", " + backbone + ": the first " + ex.count()
                            + " test canvases. Green: ground-truth box; red: the box of the map (20% threshold, "
                            + "largest component); the tile's caption gives the predicted class and the IoU.",
                            ex.render());
                    first = false;
                }
            }
        }
        result.putExtra("classificationAccuracy", classificationAcc);
        result.putExtra("secondsPerModel", timings);
        result.addNote("Errors in percent over the test canvases: top-1 localisation error (class right and IoU >= 0.5 "
                + "counts as correct; the paper's Table 1 measure), GT-known localisation error (IoU >= 0.5 alone), "
                + "classification error of the prediction the map explains (CAM: argmax of the FC logits; Dist-CAM: "
                + "nearest class prototype by " + s.getString("distance") + "), the mean IoU of the boxes, and the mean "
                + "share of the post-processed map's mass inside the ground-truth box (threshold-free). Boxes: the map "
                + "after ReLU, min-max normalisation and bilinear upsampling, thresholded at " + s.getDouble("threshold")
                + " of its maximum (CAM's protocol; the paper does not state its threshold), largest 8-connected component.");
        if (s.getBoolean("calibrate")) {
            result.addNote("Calibrated threshold: for each map kind separately, the threshold in 0.05, 0.10, ..., 0.95 with "
                    + "the best GT-known localisation on " + s.getInt("valCanvases") + " validation canvases (items "
                    + TRAIN_ITEMS + " onwards of the training split, never trained on); the test errors at that "
                    + "threshold are the calibrated columns. This removes the advantage a fixed threshold gives to "
                    + "whichever map happens to suit it (Choe et al., CVPR 2020).");
        }
        result.addNote("Paper's column: ILSVRC-2012 val with ResNet-18 (CAM 59.5, Dist-CAM 56.7); a 1000-class, "
                + "natural-image benchmark, shown for reference only. The paper's Dist-CAM is computed on separately "
                + "trained metric-learning models, hence its number sits on the metric-model row.");
        result.addNote("Dist-CAM (softmax backbone) drops the FC of the CAM model and uses prototypes of its pooled "
                + "features, so it compares the two maps on identical features; Dist-CAM (metric model) is a network "
                + "with a distance-based head (learnable prototypes, logits -gamma ||q - m_c||^2), explained with the "
                + "class-mean prototypes of Eq. 7.");
        return result;
    }

    private static LocalizationCanvas canvas(Settings s, long seed) {
        return LocalizationCanvas.builder().setCanvasSize(s.getInt("canvasSize"))
                .optScale(s.getDouble("minScale"), s.getDouble("maxScale")).optNoise(s.getDouble("noise"))
                .optDistractors(s.getInt("minDistractors"), s.getInt("maxDistractors")).optSeed(seed).build();
    }

    /**
     * Trains one model, builds its prototype bank from the training canvases, and scores its maps on the
     * validation canvases (threshold sweep) and the test canvases; evaluations by row name.
     */
    private static Map<String, Evaluation> evaluateModel(String backbone, boolean softmax,
            LocalizationCanvas train, LocalizationCanvas val, LocalizationCanvas test, Settings s, RunContext ctx,
            DistCam distCam, long seed, Examples ex) {
        Seeds.seedAll(seed);
        IdxData tr = train.data();
        IdxData te = test.data();
        int size = train.size();
        Map<String, Evaluation> counters = new LinkedHashMap<>();
        try (NDManager manager = NDManager.newBaseManager(ctx.device())) {
            LocalizationNet net = LocalizationNet.parse(backbone,
                    softmax ? LocalizationNet.Head.SOFTMAX : LocalizationNet.Head.DISTANCE, tr.numClasses(),
                    s.getFloat("gamma"));
            try (Model model = Model.newInstance("dist-cam-" + (softmax ? "softmax" : "metric"), ctx.device())) {
                model.setBlock(net.block());
                NDArray x = tr.imagesArray(manager, false);
                NDArray y = manager.create(tr.labels()).toType(DataType.INT32, false);
                ArrayDataset trainSet = new ArrayDataset.Builder().setData(x).optLabels(y)
                        .setSampling(s.getInt("batchSize"), true).build();
                DefaultTrainingConfig cfg = new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
                        .optOptimizer(Optimizer.adam().optLearningRateTracker(Tracker.fixed(s.getFloat("learningRate"))).build())
                        .optDevices(new ai.djl.Device[] {ctx.device()});
                long tTrain = System.nanoTime();
                try (Trainer trainer = model.newTrainer(cfg)) {
                    trainer.initialize(new Shape(1, 1, size, size));
                    History h = TrainingLoop.builder().setEpochs(s.getInt("epochs")).optProgress(ctx.progress()).build()
                            .fit(trainer, trainSet, null);
                    ctx.log().printf(Locale.ROOT, "  %s %s: final training loss %.4f, accuracy %.4f%n", backbone,
                            softmax ? "softmax" : "metric", h.last().trainLoss(), h.last().trainAccuracy());
                }
                double trainSecs = (System.nanoTime() - tTrain) / 1e9;
                long tEval = System.nanoTime();
                ParameterStore store = new ParameterStore(manager, false);
                int batch = 100; // activations of 500 canvases exceed glibc's mmap threshold: page faults
                // prototypes: mean pooled feature per class over all training canvases (Eq. 7)
                PrototypeBank.Accumulator acc = null;
                for (int from = 0; from < tr.count(); from += batch) {
                    int to = Math.min(tr.count(), from + batch);
                    try (NDManager b = manager.newSubManager()) {
                        NDArray q = net.featureMaps(store, slice(b, tr, from, to));
                        NDArray pooled = DistCam.globalAveragePool(q);
                        if (acc == null) {
                            acc = PrototypeBank.accumulator(tr.numClasses(), (int) pooled.getShape().get(1));
                        }
                        acc.add(pooled, java.util.Arrays.copyOfRange(tr.labels(), from, to));
                    }
                }
                PrototypeBank bank = acc.build();
                NDArray fc = softmax ? ClassActivationMap.fcWeight(net.head()) : null;
                List<String> rows = softmax ? List.of(CAM, DIST_SOFTMAX) : List.of(DIST_METRIC);
                for (String row : rows) {
                    counters.put(row, new Evaluation());
                }
                double threshold = s.getDouble("threshold");
                boolean relu = s.getBoolean("relu");
                boolean calibrate = s.getBoolean("calibrate");
                long scoreNanos = 0;
                for (LocalizationCanvas set : calibrate ? List.of(val, test) : List.of(test)) {
                    boolean isTest = set == test;
                    IdxData d = set.data();
                    for (int from = 0; from < d.count(); from += batch) {
                        int to = Math.min(d.count(), from + batch);
                        try (NDManager b = manager.newSubManager()) {
                            NDArray q = net.featureMaps(store, slice(b, d, from, to));
                            Map<String, int[]> classes = new LinkedHashMap<>();
                            Map<String, NDArray> maps = new LinkedHashMap<>();
                            if (softmax) {
                                NDArray logits = net.logits(store, DistCam.globalAveragePool(q));
                                int[] camClass = PrototypeBank.argmin(logits.neg());
                                classes.put(CAM, camClass);
                                maps.put(CAM, ClassActivationMap.heatmaps(q, fc, camClass));
                            }
                            DistCam.Explanation e = distCam.explain(q, bank);
                            String row = softmax ? DIST_SOFTMAX : DIST_METRIC;
                            classes.put(row, e.classes());
                            maps.put(row, e.heatmaps());
                            long tScore = System.nanoTime();
                            for (String r : rows) {
                                counters.get(r).score(classes.get(r), maps.get(r), set, from, threshold, relu,
                                        isTest, calibrate, isTest ? ex : null, r);
                            }
                            scoreNanos += System.nanoTime() - tScore;
                        }
                    }
                }
                ctx.log().printf(Locale.ROOT, "  %s %s: training %.1f s, maps and scoring %.1f s (of which post-processing and boxes %.1f s)%n",
                        backbone, softmax ? "softmax" : "metric", trainSecs, (System.nanoTime() - tEval) / 1e9,
                        scoreNanos / 1e9);
            }
        }
        return counters;
    }

    /** The counters of one map kind: at the fixed threshold on test, and per sweep threshold on validation and test. */
    static final class Evaluation {
        final Localization.Counter atThreshold = new Localization.Counter();
        final Localization.Counter[] valSweep = new Localization.Counter[SWEEP.length];
        final Localization.Counter[] testSweep = new Localization.Counter[SWEEP.length];
        private double massSum;
        private long massCount;

        Evaluation() {
            for (int i = 0; i < SWEEP.length; i++) {
                valSweep[i] = new Localization.Counter();
                testSweep[i] = new Localization.Counter();
            }
        }

        /** Mean share of the post-processed map's mass inside the ground-truth box on test, percent. */
        double meanMassInside() {
            return massCount == 0 ? Double.NaN : 100 * massSum / massCount;
        }

        /** The sweep index with the best GT-known accuracy on validation (ties: the lower threshold). */
        int bestOnValidation() {
            int best = 0;
            for (int i = 1; i < SWEEP.length; i++) {
                if (valSweep[i].gtKnownLocalizationAccuracy() > valSweep[best].gtKnownLocalizationAccuracy()) {
                    best = i;
                }
            }
            return best;
        }

        void score(int[] classes, NDArray maps, LocalizationCanvas set, int from, double threshold, boolean relu,
                boolean isTest, boolean calibrate, Examples ex, String row) {
            int size = set.size();
            float[][] up = Heatmaps.postprocess(maps, size, size, relu);
            for (int i = 0; i < up.length; i++) {
                int idx = from + i;
                Box truth = set.box(idx);
                int label = set.data().label(idx);
                if (isTest) {
                    Box box = Localization.thresholdToBox(up[i], size, size, threshold);
                    atThreshold.add(classes[i], label, box, truth);
                    massSum += Localization.massInside(up[i], size, size, truth);
                    massCount++;
                    if (ex != null) {
                        ex.put(row, idx, up[i], box, classes[i]);
                    }
                }
                if (calibrate) {
                    Localization.Counter[] sweep = isTest ? testSweep : valSweep;
                    Box[] boxes = Heatmaps.thresholdSweep(up[i], size, size, SWEEP);
                    for (int t = 0; t < SWEEP.length; t++) {
                        sweep[t].add(classes[i], label, boxes[t], truth);
                    }
                }
            }
        }
    }

    private static NDArray slice(NDManager m, IdxData d, int from, int to) {
        int px = d.rows() * d.cols();
        float[] v = java.util.Arrays.copyOfRange(d.images(), from * px, to * px);
        return m.create(v, new Shape(to - from, 1, d.rows(), d.cols()));
    }

    /** The maps of the first few test canvases, drawn as a grid (rows: canvas, then one row per map). */
    static final class Examples {
        private final LocalizationCanvas test;
        private final int count;
        private final Map<String, float[][]> maps = new LinkedHashMap<>();
        private final Map<String, Box[]> boxes = new LinkedHashMap<>();
        private final Map<String, int[]> classes = new LinkedHashMap<>();

        private final List<String> names;

        Examples(LocalizationCanvas test, int count, List<String> names) {
            this.test = test;
            this.count = count;
            this.names = names;
        }

        int count() {
            return count;
        }

        void put(String row, int idx, float[] map, Box box, int cls) {
            if (idx >= count) {
                return;
            }
            maps.computeIfAbsent(row, k -> new float[count][])[idx] = map;
            boxes.computeIfAbsent(row, k -> new Box[count])[idx] = box;
            classes.computeIfAbsent(row, k -> new int[count])[idx] = cls;
        }

        BufferedImage render() {
            List<String> rows = new ArrayList<>(maps.keySet());
            return ExampleGrid.render(test, count, rows, maps, boxes, classes, names);
        }
    }
}

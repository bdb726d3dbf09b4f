package io.github.prcv2021.fdattention;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.Trainer;
import ai.djl.training.dataset.ArrayDataset;
import ai.djl.training.dataset.Dataset.Usage;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import io.github.prcv2021.core.Checks;
import io.github.prcv2021.core.Seeds;
import io.github.prcv2021.data.Datasets;
import io.github.prcv2021.data.IdxData;
import io.github.prcv2021.repro.Reproduction;
import io.github.prcv2021.repro.Result;
import io.github.prcv2021.repro.RunContext;
import io.github.prcv2021.repro.Scale;
import io.github.prcv2021.repro.Settings;
import io.github.prcv2021.train.History;
import io.github.prcv2021.train.StandardStep;
import io.github.prcv2021.train.TrainingLoop;
import io.github.prcv2021.train.TrainingStep;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The paper's Table 1 (CIFAR ResNets with and without FD) as a depth sweep on the image data that
 * exist offline, MNIST and Fashion-MNIST. For each depth and seed the plain network and the FD network
 * are trained from the same initial weights (they have the same parameters) on the same batches, so
 * the FD − plain difference is paired.
 *
 * <p>Recipe, as in the paper's "same as ResNet" (He et al. 2016, Sect. 4.2) wherever the budget
 * allows: SGD with momentum 0.9, weight decay 1e-4, batch 128, learning rate 0.1 divided by 10 at 50%
 * and 75% of the training steps (He et al.'s 32k and 48k of 64k iterations), per-pixel mean
 * subtraction. Not used: the pad-and-crop/flip augmentation (not in this training loop; flips are also
 * wrong for digits), and the 164 epochs (the per-scale epochs and training-set sizes are settings, and
 * the report states them). Accuracy is the final epoch's test accuracy. The paper's numbers are
 * CIFAR-10 test errors and are shown for reference only.
 */
public final class FdAttentionReproduction implements Reproduction {

    /** Paper Table 1, CIFAR-10 test error (%): depth to {plain, + FD}. */
    static final Map<Integer, double[]> PAPER_CIFAR10 = new LinkedHashMap<>();
    /** Paper Table 1, CIFAR-100 test error (%): depth to {plain, + FD}. */
    static final Map<Integer, double[]> PAPER_CIFAR100 = new LinkedHashMap<>();

    static {
        PAPER_CIFAR10.put(32, new double[] {7.16, 6.77});
        PAPER_CIFAR10.put(44, new double[] {6.55, 6.10});
        PAPER_CIFAR10.put(56, new double[] {6.24, 5.82});
        PAPER_CIFAR10.put(110, new double[] {5.82, 5.60});
        PAPER_CIFAR100.put(32, new double[] {29.13, 28.75});
        PAPER_CIFAR100.put(44, new double[] {28.16, 27.83});
        PAPER_CIFAR100.put(56, new double[] {27.30, 27.11});
        PAPER_CIFAR100.put(110, new double[] {26.26, 25.99});
    }

    static final String ERROR = "test error (%)";
    static final String ACCURACY = "test accuracy (%)";
    static final String SECONDS = "training s/epoch";
    static final String PARAMETERS = "parameters";
    static final String DELTA_ACCURACY = "FD − plain accuracy (points)";
    static final String DELTA_ERROR = "FD − plain error (points)";
    static final String OVERHEAD = "FD time overhead (%)";

    @Override
    public String id() {
        return "fd-attention";
    }

    @Override
    public Settings defaults(Scale scale) {
        Settings s = new Settings()
                .declare("datasets", List.of("fashion-mnist"), "datasets to train on: mnist, fashion-mnist")
                .declare("depths", List.of("8"), "CIFAR ResNet depths 6n+2 (paper: 32, 44, 56, 110)")
                .declare("trainSize", 3000, "training images (a seeded random subset; 60000 = all)")
                .declare("testSize", 2000, "test images (the first N of the test set)")
                .declare("epochs", 2, "training epochs (paper: about 164, 64k iterations)")
                .declare("batchSize", 32, "mini-batch size (paper: 128; smaller at quick scale for more steps)")
                .declare("learningRate", 0.05, "initial SGD learning rate (paper: 0.1 at batch 128)")
                .declare("momentum", 0.9, "SGD momentum (paper: 0.9)")
                .declare("weightDecay", 1e-4, "L2 weight decay (paper: 1e-4)")
                .declare("lrDrops", List.of("0.5", "0.75"),
                        "fractions of the training steps after which the learning rate is divided by 10 (paper: 32k/64k, 48k/64k)")
                .declare("beta", 1.0, "beta of the smooth function, Eq. 3 (paper: 1)")
                .declare("variants", List.of("plain", "fd"), "networks to train: plain, fd (the FD − plain table needs both)")
                .declare("seeds", 2, "seeds per network; plain and FD share each seed's initial weights and batches")
                .declare("centre", true, "subtract the training set's per-pixel mean (He et al.)");
        switch (scale) {
            case SMOKE:
                s.set("trainSize", 256).set("testSize", 256).set("epochs", 1).set("seeds", 1);
                break;
            case FULL:
                s.set("datasets", List.of("fashion-mnist", "mnist")).set("depths", List.of("20", "32"))
                        .set("trainSize", 12000).set("testSize", 10000).set("epochs", 4).set("batchSize", 128).set("learningRate", 0.1).set("seeds", 1);
                break;
            default:
                break;
        }
        return s;
    }

    @Override
    public Result run(Settings s, RunContext ctx) {
        Result result = new Result(id(), ctx.scale(), ctx.seed(), s);
        List<Integer> depths = new ArrayList<>();
        for (String d : s.getList("depths")) {
            int depth = Integer.parseInt(d.trim());
            Checks.check(depth >= 8 && (depth - 2) % 6 == 0, "fd-attention", "depths of the form 6n + 2", d);
            depths.add(depth);
        }
        int seeds = Checks.positive(s.getInt("seeds"), "fd-attention", "seeds");
        List<String> variants = s.getList("variants");
        for (String v : variants) {
            Checks.check(v.equals("plain") || v.equals("fd"), "fd-attention", "variants plain and/or fd", v);
        }
        int runs = s.getList("datasets").size() * depths.size() * seeds * variants.size();
        int done = 0;
        ctx.progress().start("fd-attention runs", runs);
        Map<String, Object> perSeed = new LinkedHashMap<>();
        Map<String, Object> secondsPerEpoch = new LinkedHashMap<>();
        for (String dataset : s.getList("datasets")) {
            String table = dataset.equals("mnist") ? "MNIST" : "Fashion-MNIST";
            String deltaTable = table + ": FD − plain";
            result.setPaperSource(table, "CIFAR-10 test error (paper Table 1), a different dataset and training budget");
            result.setPaperSource(deltaTable, "CIFAR-10 (paper Table 1)");
            IdxData train = Datasets.imageData(dataset, Usage.TRAIN);
            IdxData test = Datasets.imageData(dataset, Usage.TEST);
            for (int depth : depths) {
                double[] meanAcc = new double[2];
                double[] seconds = new double[2];
                long[] params = new long[2];
                for (int v = 0; v < 2; v++) {
                    boolean fd = v == 1;
                    if (!variants.contains(fd ? "fd" : "plain")) {
                        continue;
                    }
                    List<Double> accs = new ArrayList<>();
                    for (int k = 0; k < seeds; k++) {
                        long seed = ctx.seed() + k;
                        Run r = trainOne(train, test, depth, fd, seed, s, ctx);
                        accs.add(r.accuracy * 100);
                        meanAcc[v] += r.accuracy * 100 / seeds;
                        seconds[v] += r.trainSecondsPerEpoch / seeds;
                        params[v] = r.parameters;
                        done++;
                        ctx.progress().update(done, String.format(Locale.ROOT, "%s ResNet-%d%s seed %d: %.2f%% (train %.2f%%, loss %.4g, %.1f s/epoch)",
                                table, depth, fd ? " + FD" : "", seed, r.accuracy * 100,
                                r.history.last().trainAccuracy() * 100, r.history.last().trainLoss(),
                                r.trainSecondsPerEpoch));
                    }
                    String row = name(depth, fd);
                    perSeed.put(table + " | " + row, accs);
                    secondsPerEpoch.put(table + " | " + row, seconds[v]);
                    double[] paper = PAPER_CIFAR10.get(depth);
                    result.addRow(table, row, ERROR, paper == null ? null : paper[v], 100 - meanAcc[v]);
                    result.addRow(table, row, ACCURACY, paper == null ? null : 100 - paper[v], meanAcc[v]);
                    result.addRow(table, row, SECONDS, null, seconds[v]);
                    result.addRow(table, row, PARAMETERS, null, (double) params[v]);
                }
                if (variants.size() < 2) {
                    continue;
                }
                double[] paper = PAPER_CIFAR10.get(depth);
                String row = "ResNet-" + depth;
                result.addRow(deltaTable, row, DELTA_ACCURACY, paper == null ? null : paper[0] - paper[1],
                        meanAcc[1] - meanAcc[0]);
                result.addRow(deltaTable, row, OVERHEAD, null, 100 * (seconds[1] / seconds[0] - 1));
                result.addRow(deltaTable, row, "parameters equal (1 = yes)", 1.0, params[0] == params[1] ? 1.0 : 0.0);
            }
        }
        ctx.progress().end("");
        result.putExtra("perSeedAccuracy", perSeed);
        result.putExtra("trainingSecondsPerEpoch", secondsPerEpoch);
        result.addNote("Accuracy and error are the final epoch's test values in percent, the mean over " + seeds
                + " seed(s); plain and FD networks of a seed start from the same weights and see the same batches.");
        result.addNote("Training s/epoch counts the training steps only (not the evaluation), at the engine's thread "
                + "setting; on a shared machine it is inflated by other work, and the overhead is the ratio of the two.");
        result.addNote("The paper's CIFAR-10/100 ResNets were trained about 164 epochs with crop-and-flip augmentation "
                + "on a GPU; CIFAR cannot be had offline, so its CIFAR-10 numbers are shown for reference only "
                + "(CIFAR-100, Table 1: ResNet-32 29.13 -> 28.75, ResNet-44 28.16 -> 27.83, ResNet-56 27.30 -> 27.11, "
                + "ResNet-110 26.26 -> 25.99).");
        return result;
    }

    static String name(int depth, boolean fd) {
        return "ResNet-" + depth + (fd ? " + FD" : "");
    }

    /** The outcome of one training run. */
    record Run(double accuracy, double trainSecondsPerEpoch, long parameters, History history) {}

    /** Trains the plain (fd = false) or FD CIFAR ResNet of this depth with one seed. */
    static Run trainOne(IdxData train, IdxData test, int depth, boolean fd, long seed, Settings s, RunContext ctx) {
        Seeds.seedAll(seed);
        try (NDManager sub = NDManager.newBaseManager(ctx.device())) {
            int n = s.getInt("trainSize");
            IdxData tr = n >= train.count() ? train : train.sample(n, Seeds.derive(seed, "subset"));
            IdxData te = test.limit(s.getInt("testSize"));
            NDArray trainX = tr.imagesArray(sub, false);
            NDArray testX = te.imagesArray(sub, false);
            if (s.getBoolean("centre")) {
                NDArray mean = trainX.mean(new int[] {0}, true);
                trainX = trainX.sub(mean);
                testX = testX.sub(mean);
            }
            int batch = s.getInt("batchSize");
            ArrayDataset trainSet = new ArrayDataset.Builder().setData(trainX)
                    .optLabels(sub.create(tr.labels()).toType(DataType.INT32, false)).setSampling(batch, true).build();
            ArrayDataset testSet = new ArrayDataset.Builder().setData(testX)
                    .optLabels(sub.create(te.labels()).toType(DataType.INT32, false)).setSampling(500, false).build();
            int epochs = s.getInt("epochs");
            int totalSteps = epochs * ((tr.count() + batch - 1) / batch);
            List<String> drops = s.getList("lrDrops");
            int[] steps = new int[drops.size()];
            for (int i = 0; i < steps.length; i++) {
                steps[i] = Math.max(1, (int) Math.round(Double.parseDouble(drops.get(i)) * totalSteps));
            }
            float base = s.getFloat("learningRate");
            Tracker lr = numUpdate -> { // divided by 10 after each drop step, as He et al.
                float v = base;
                for (int step : steps) {
                    if (numUpdate > step) {
                        v *= 0.1f;
                    }
                }
                return v;
            };
            Optimizer sgd = Optimizer.sgd().setLearningRateTracker(lr).optMomentum(s.getFloat("momentum"))
                    .optWeightDecays(s.getFloat("weightDecay")).build();
            Block net = FdResNet.cifar(depth, tr.numClasses(), fd, s.getFloat("beta"));
            try (Model model = Model.newInstance("fd-resnet-" + depth, ctx.device())) {
                model.setBlock(net);
                DefaultTrainingConfig cfg = new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
                        .optOptimizer(sgd).optDevices(new ai.djl.Device[] {ctx.device()});
                try (Trainer trainer = model.newTrainer(cfg)) {
                    trainer.initialize(new Shape(1, 1, tr.rows(), tr.cols()));
                    long params = 0;
                    for (var p : net.getParameters()) {
                        params += p.getValue().getArray().size();
                    }
                    StandardStep standard = new StandardStep();
                    long[] nanos = {0};
                    TrainingStep timed = (t, b) -> {
                        long t0 = System.nanoTime();
                        TrainingStep.StepResult r = standard.step(t, b);
                        nanos[0] += System.nanoTime() - t0;
                        return r;
                    };
                    History h = TrainingLoop.builder().setEpochs(epochs).optStep(timed).build()
                            .fit(trainer, trainSet, testSet);
                    return new Run(h.last().validationAccuracy(), nanos[0] / 1e9 / epochs, params, h);
                }
            }
        }
    }

}

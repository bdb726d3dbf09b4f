package io.github.prcv2021.invics;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.ParameterStore;
import ai.djl.training.Trainer;
import ai.djl.training.dataset.ArrayDataset;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import io.github.prcv2021.core.Seeds;
import io.github.prcv2021.data.PhotoPatches;
import io.github.prcv2021.linalg.Linalg;
import io.github.prcv2021.metrics.ImageQuality;
import io.github.prcv2021.repro.ImageGrid;
import io.github.prcv2021.repro.Reproduction;
import io.github.prcv2021.repro.Result;
import io.github.prcv2021.repro.RunContext;
import io.github.prcv2021.repro.Scale;
import io.github.prcv2021.repro.Settings;
import io.github.prcv2021.train.History;
import io.github.prcv2021.train.StandardStep;
import io.github.prcv2021.train.TrainingLoop;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * The paper's Table 1 layout (PSNR / SSIM of the reconstruction per CS ratio) and the directions of its
 * Fig. 3 (more phases K help) and Fig. 5 (more state channels z help), on what exists offline: random 33×33
 * grey blocks of the scikit-image sample photos for training, and whole held-out photos (camera, coins) for
 * testing, zero-padded to multiples of 33 and cropped back (Section 4 inference). The paper trains on
 * Train400 with K = 30, z = 32 for 110 epochs and tests on Set11 / BSD68 / Urban100; here the network is
 * small (K, z, the dense block's width and depth are settings) and trained for seconds to minutes, so only
 * directions and the gap to the initial estimate are comparable; the paper's Set11 numbers are shown for
 * reference. Every trained model's recovery subnet is also inverted on a test photo (max |u₀ − inverse(u_K)|).
 */
public final class InvIcsReproduction implements Reproduction {

    static final String PSNR = "PSNR (dB)";
    static final String SSIM = "SSIM";
    static final String INV_ERR = "max inverse error";
    static final String SECONDS = "train seconds";
    static final String STATE_MAX = "max |u0|";
    static final String SKIPPED = "skipped steps";
    static final String GDM_COND = "min |1 - rho lambda(Phi Phi^T)|";
    static final String INITIAL = "initial estimate Phi^T y";

    /** Paper Table 1, Set11, InvICS: CS ratio (%) → {PSNR, SSIM}. */
    static final Map<Integer, double[]> PAPER_SET11 = Map.of(1, new double[] {20.40, 0.550}, 4, new double[] {26.08, 0.803},
            10, new double[] {30.34, 0.899}, 25, new double[] {35.68, 0.958}, 50, new double[] {41.24, 0.983});

    @Override
    public String id() {
        return "invics";
    }

    /** Row label of a trained variant. */
    static String variant(int z, int k) {
        return "InvICS z=" + z + " K=" + k;
    }

    /** Table name of a CS ratio. */
    static String table(int ratio) {
        return "CS ratio " + ratio + "%";
    }

    @Override
    public Settings defaults(Scale scale) {
        Settings s = new Settings()
                .declare("ratios", List.of("25"), "CS ratios in percent (M from OPINE-Net+'s table: 1->10, 4->43, 10->109, "
                        + "25->272, 50->545)")
                .declare("stateChannels", 8, "z of the main model (the paper: 32)")
                .declare("phases", 3, "K of the main model (the paper: 30)")
                .declare("ablations", List.of("2x3", "8x1"), "extra variants zxK trained at ablationRatio (Fig. 5: z, Fig. 3: K)")
                .declare("ablationRatio", 25, "CS ratio of the ablation variants")
                .declare("seeds", 1, "training seeds per model at the ablation ratio (means reported)")
                .declare("denseLayers", 3, "convolutions of each dense block F_k (the standard reading: 5)")
                .declare("denseGrowth", 8, "growth of each dense block (the standard reading: 32)")
                .declare("trainPhotos", List.of("astronaut", "coffee", "chelsea", "moon", "page", "rocket", "brick", "grass", "gravel"),
                        "photos the training blocks are cut from")
                .declare("testPhotos", List.of("camera", "coins"), "held-out photos, reconstructed whole")
                .declare("trainBlocks", 1600, "random 33x33 training blocks (flips and quarter turns)")
                .declare("epochs", 2, "passes over the training blocks")
                .declare("batchSize", 16, "blocks per step")
                .declare("learningRate", 5e-4, "Adam step (the paper: 1e-4 for 100 epochs)")
                .declare("clipGradient", 0.05, "element-wise gradient clipping of Adam (not in the paper; keeps the short, "
                        + "fast-lr training finite)")
                .declare("gamma", 0.01, "weight of the orthogonality loss (Eq. 12)")
                .declare("testCrop", 198, "side of the centre crop of each test photo that is reconstructed (0: the whole photo)")
                .declare("gridCrop", 132, "side of the centre crop shown in the sample grid");
        switch (scale) {
            case SMOKE:
                s.set("trainBlocks", 128).set("epochs", 1).set("ablations", List.of("2x1")).set("phases", 1).set("stateChannels", 4)
                        .set("testPhotos", List.of("coins"));
                break;
            case FULL:
                s.set("ratios", List.of("1", "4", "10", "25", "50")).set("trainBlocks", 3200).set("testCrop", 0);
                break;
            default:
                break;
        }
        return s;
    }

    /** What one trained model measured on the test photos. */
    record Scores(double psnr, double ssim, double initialPsnr, double initialSsim, double inverseError, double stateMax, double gdmMargin,
            double seconds,
            double finalLoss, int skippedSteps) {}

    @Override
    public Result run(Settings s, RunContext ctx) {
        Result result = new Result(id(), ctx.scale(), ctx.seed(), s);
        PhotoPatches train;
        PhotoPatches test;
        try {
            train = PhotoPatches.of(s.getList("trainPhotos"));
            test = PhotoPatches.of(s.getList("testPhotos"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        int z = s.getInt("stateChannels");
        int k = s.getInt("phases");
        int ablationRatio = s.getInt("ablationRatio");
        int seeds = s.getInt("seeds");
        List<Integer> ratios = new ArrayList<>();
        for (String r : s.getList("ratios")) {
            ratios.add(Integer.parseInt(r.trim()));
        }
        ImageGrid grid = new ImageGrid(2);
        Map<String, Object> extra = new LinkedHashMap<>();
        for (int ratio : ratios) {
            String t = table(ratio);
            result.setPaperSource(t, "paper Table 1, Set11 column (different images, K = 30, z = 32)");
            int runs = ratio == ablationRatio ? seeds : 1;
            List<String> specs = new ArrayList<>();
            specs.add(z + "x" + k);
            if (ratio == ablationRatio) {
                specs.addAll(s.getList("ablations"));
            }
            for (String spec : specs) {
                String[] zk = spec.trim().split("x");
                int vz = Integer.parseInt(zk[0]);
                int vk = Integer.parseInt(zk[1]);
                boolean main = vz == z && vk == k;
                List<Scores> all = new ArrayList<>();
                for (int i = 0; i < runs; i++) {
                    long seed = ctx.seed() + i;
                    all.add(trainAndEvaluate(s, ctx, train, test, ratio, vz, vk, seed, main && i == 0 ? grid : null));
                }
                String row = variant(vz, vk);
                double[] paper = main ? PAPER_SET11.get(ratio) : null;
                double psnr = all.stream().mapToDouble(Scores::psnr).average().orElse(Double.NaN);
                double ssim = all.stream().mapToDouble(Scores::ssim).average().orElse(Double.NaN);
                result.addRow(t, row, PSNR, paper == null ? null : paper[0], psnr);
                result.addRow(t, row, SSIM, paper == null ? null : paper[1], ssim);
                result.addRow(t, row, INV_ERR, null, all.stream().mapToDouble(Scores::inverseError).max().orElse(Double.NaN));
                result.addRow(t, row, STATE_MAX, null, all.stream().mapToDouble(Scores::stateMax).max().orElse(Double.NaN));
                result.addRow(t, row, GDM_COND, null, all.stream().mapToDouble(Scores::gdmMargin).min().orElse(Double.NaN));
                result.addRow(t, row, SKIPPED, null, (double) all.stream().mapToInt(Scores::skippedSteps).sum());
                result.addRow(t, row, SECONDS, null, all.stream().mapToDouble(Scores::seconds).average().orElse(Double.NaN));
                if (main) {
                    result.addRow(t, INITIAL, PSNR, null, all.stream().mapToDouble(Scores::initialPsnr).average().orElse(Double.NaN));
                    result.addRow(t, INITIAL, SSIM, null, all.stream().mapToDouble(Scores::initialSsim).average().orElse(Double.NaN));
                }
                extra.put(t + " " + row, all);
                ctx.log().printf(Locale.ROOT, "  %s | %-18s PSNR %.2f dB SSIM %.4f (initial %.2f dB), inverse error %.2e, %.0f s%n",
                        t, row, psnr, ssim, all.get(0).initialPsnr(), all.get(0).inverseError(), all.get(0).seconds());
            }
        }
        if (grid.rows() > 0) {
            result.addFigure("invics-samples.png", "Centre crops of the held-out photos: original, initial estimate Phi^T y, "
                    + "InvICS (z = " + z + ", K = " + k + "), per CS ratio; captions: PSNR of the whole photo", grid.render());
        }
        result.putExtra("scores", extra);
        result.addNote("Training: " + s.getInt("trainBlocks") + " random 33x33 grey blocks of " + s.getList("trainPhotos") + " (flips, "
                + "quarter turns), " + s.getInt("epochs") + " epochs, batch " + s.getInt("batchSize") + ", Adam lr "
                + s.getDouble("learningRate") + ", loss MSE + " + s.getDouble("gamma") + " x mean((Phi Phi^T - I)^2), Phi learned "
                + "(orthonormal start). Dense block F: " + s.getInt("denseLayers") + " layers, growth " + s.getInt("denseGrowth")
                + "; G, H: residual blocks with z/2 hidden channels.");
        result.addNote("Test: " + (s.getInt("testCrop") > 0 ? "centre " + s.getInt("testCrop") + "x" + s.getInt("testCrop")
                + " crops of the photos " : "whole photos ") + s.getList("testPhotos") + ", zero-padded to multiples of 33, reconstructed, "
                + "cropped; PSNR / SSIM (Wang 2004 Gaussian window) on [0, 1], mean over the photos (and over " + seeds
                + " training seeds at " + ablationRatio + "%). The paper's numbers are Set11 at K = 30, z = 32 after 110 epochs "
                + "on Train400: different images and a network and budget orders of magnitude larger.");
        result.addNote("'" + GDM_COND + "' is the smallest |eigenvalue| of the gradient steps' maps I - rho Phi^T Phi on the row "
                + "space of Phi (Eq. 4 divides by it): the paper's 'invertible if rho != 1' holds only while Phi Phi^T = I.");
        result.addNote("'skipped steps' counts training steps whose loss or gradients were not finite; they are skipped (no "
                + "update) instead of poisoning the parameters (not in the paper; some runs at the lower ratios hit them).");
        result.addNote("'max inverse error' is max |u0 - Recovery^-1(Recovery(u0))| over the first test photo after training "
                + "(float32 phases, the gradient-step inverse via Woodbury in float64).");
        return result;
    }

    private Scores trainAndEvaluate(Settings s, RunContext ctx, PhotoPatches train, PhotoPatches test, int ratio, int z, int k,
            long seed, ImageGrid grid) {
        Seeds.seedAll(seed);
        InvIcsNet net = InvIcsNet.builder().setCsRatio(ratio).optPhases(k).optStateChannels(z)
                .optDenseLayers(s.getInt("denseLayers")).optDenseGrowth(s.getInt("denseGrowth")).build();
        try (NDManager manager = NDManager.newBaseManager(ctx.device()); Model model = Model.newInstance("invics", ctx.device())) {
            model.setBlock(net);
            NDArray blocks = train.sample(manager, s.getInt("trainBlocks"), 33, true, new Random(Seeds.derive(seed, "blocks")));
            ArrayDataset data = new ArrayDataset.Builder().setData(blocks).optLabels(blocks)
                    .setSampling(s.getInt("batchSize"), true).build();
            DefaultTrainingConfig cfg = new DefaultTrainingConfig(new InvIcsLoss(s.getFloat("gamma")))
                    .optOptimizer(Optimizer.adam().optLearningRateTracker(Tracker.fixed(s.getFloat("learningRate")))
                            .optClipGrad(s.getFloat("clipGradient")).build())
                    .optDevices(new ai.djl.Device[] {ctx.device()});
            long t0 = System.nanoTime();
            double finalLoss;
            StandardStep step = new StandardStep(false, true); // skips and counts non-finite updates
            try (Trainer trainer = model.newTrainer(cfg)) {
                trainer.initialize(new Shape(s.getInt("batchSize"), 1, 33, 33));
                History h = TrainingLoop.builder().setEpochs(s.getInt("epochs")).optStep(step)
                        .optProgress(ctx.progress()).build().fit(trainer, data, null);
                finalLoss = h.last().trainLoss();
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            ParameterStore ps = new ParameterStore(manager, false);
            double gdmCond = gradientStepMargin(net, ps);
            double psnr = 0;
            double ssim = 0;
            double psnr0 = 0;
            double ssim0 = 0;
            double invErr = Double.NaN;
            double stateMax = Double.NaN;
            int n = test.size();
            List<NDArray> crops = new ArrayList<>();
            List<String> captions = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                try (NDManager sub = manager.newSubManager()) {
                    int crop = s.getInt("testCrop");
                    NDArray x = crop > 0 ? test.centerCrop(sub, i, crop) : test.photo(sub, i);
                    NDList rec = net.reconstructImage(ps, x);
                    NDArray x0 = rec.get(0).clip(0, 1);
                    NDArray xk = rec.get(1).clip(0, 1);
                    double p = ImageQuality.psnr(xk, x, 1.0);
                    double p0 = ImageQuality.psnr(x0, x, 1.0);
                    psnr += p / n;
                    psnr0 += p0 / n;
                    ssim += ImageQuality.ssim(xk, x, 1.0) / n;
                    ssim0 += ImageQuality.ssim(x0, x, 1.0) / n;
                    if (i == 0) {
                        double[] inv = inverseError(net, ps, x);
                        invErr = inv[0];
                        stateMax = inv[1];
                    }
                    if (grid != null) {
                        int c = s.getInt("gridCrop");
                        long top = Math.max(0, (x.getShape().get(2) - c) / 2);
                        long left = Math.max(0, (x.getShape().get(3) - c) / 2);
                        String idx = ":, :, " + top + ":" + (top + c) + ", " + left + ":" + (left + c);
                        for (NDArray a : new NDArray[] {x, x0, xk}) {
                            NDArray tile = a.get(idx);
                            tile.attach(manager);
                            crops.add(tile);
                        }
                        captions.add(test.names().get(i));
                        captions.add(String.format(Locale.ROOT, "%.2f dB", p0));
                        captions.add(String.format(Locale.ROOT, "%.2f dB", p));
                    }
                }
            }
            if (grid != null) {
                NDArray tiles = NDArrays.concat(new NDList(crops), 0);
                grid.addRow(ratio + "%: original / initial / InvICS", tiles, captions);
            }
            return new Scores(psnr, ssim, psnr0, ssim0, invErr, stateMax, gdmCond, seconds, finalLoss, step.skipped());
        }
    }

    /**
     * How far every gradient step is from singular: min over phases k and eigenvalues λ of ΦΦᵀ of |1 − ρ_k λ|
     * (the eigenvalues of I − ρΦᵀΦ on the row space of Φ; Eq. 4 needs them non-zero).
     */
    static double gradientStepMargin(InvIcsNet net, ParameterStore ps) {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray phi = net.phi(ps, m.getDevice(), false);
            phi.attach(m);
            NDArray gram = phi.matMul(phi.transpose());
            if (!gram.isInfinite().logicalOr(gram.isNaN()).any().logicalNot().getBoolean()) {
                return Double.NaN; // a diverged Phi; reported as such
            }
            double[] lambda;
            try (Linalg.Eigen e = Linalg.symmetricEigen(gram)) {
                lambda = e.values().toType(ai.djl.ndarray.types.DataType.FLOAT64, false).toDoubleArray();
            }
            double min = Double.POSITIVE_INFINITY;
            for (InvIcsPhase phase : net.phases()) {
                double rho = phase.gradientStep().rhoValue(ps, m.getDevice());
                for (double l : lambda) {
                    min = Math.min(min, Math.abs(1 - rho * l));
                }
            }
            return min;
        }
    }

    /** {max |u₀ − recoverInverse(recover(u₀))|, max |u₀|} on one test photo. */
    static double[] inverseError(InvIcsNet net, ParameterStore ps, NDArray image) {
        try (NDManager m = image.getManager().newSubManager()) {
            Shape s = image.getShape();
            long hp = s.get(2) / 33 * 33;
            long wp = s.get(3) / 33 * 33;
            NDArray x = image.get(":, :, 0:" + hp + ", 0:" + wp);
            x.attach(m);
            NDArray y = net.measure(ps, x);
            y.attach(m);
            NDArray x0 = net.initialEstimate(ps, y);
            x0.attach(m);
            NDArray u0 = net.initialState(ps, x0, false);
            u0.attach(m);
            NDArray uK = net.recover(ps, u0, y, false);
            uK.attach(m);
            NDArray back = net.recoverInverse(ps, uK, y);
            back.attach(m);
            return new double[] {back.sub(u0).abs().max().getFloat(), u0.abs().max().getFloat()};
        }
    }
}

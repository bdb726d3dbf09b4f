package io.github.prcv2021.mran;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import io.github.prcv2021.core.Seeds;
import io.github.prcv2021.data.PhotoPatches;
import io.github.prcv2021.data.Speckle;
import io.github.prcv2021.metrics.ImageQuality;
import io.github.prcv2021.repro.ImageGrid;
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
 * The paper's Table 1 layout (PSNR and SSIM of despeckled synthetic images at L looks) on the offline sample
 * photos, plus the no-reference measures of Tables 2-5 that are defined well enough to compute (ENL on a flat
 * region, EPD-ROA, ratio-image statistics). A small MRANet (width and depth named in the settings) is trained
 * on speckled patches of the training photos and tested, with the Lee and Frost filters, on central crops of
 * held-out photos. The paper's test image (one unnamed Set12 image), its training set (400 UC Merced images)
 * and its real SAR images are not available offline, so the images differ and only the ordering and rough
 * size of the gaps are comparable.
 */
public final class MranReproduction implements Reproduction {

    static final String NOISY = "noisy";
    static final String LEE = "Lee";
    static final String FROST = "Frost";
    static final String MRAN = "MRANet";
    static final String PSNR = "PSNR";
    static final String SSIM = "SSIM";
    static final String ENL = "ENL (flat)";
    static final String HD = "EPD-ROA HD";
    static final String VD = "EPD-ROA VD";
    static final String RATIO_MEAN = "ratio mean";
    static final String RATIO_ENL = "ratio ENL";

    /** Paper Table 1 (one Set12 image): L -> {Frost PSNR, Frost SSIM, Proposed PSNR, Proposed SSIM}. */
    static final Map<Integer, double[]> PAPER = Map.of(2, new double[] {27.62, 0.4785, 29.67, 0.6643},
            4, new double[] {28.68, 0.5911, 31.59, 0.7927}, 8, new double[] {29.91, 0.6912, 32.92, 0.7956},
            10, new double[] {30.33, 0.7257, 33.08, 0.7984});

    @Override
    public String id() {
        return "mran";
    }

    /** The table name for L looks. */
    static String table(double looks) {
        return String.format(Locale.ROOT, "L = %s", fmt(looks));
    }

    @Override
    public Settings defaults(Scale scale) {
        Settings s = new Settings()
                .declare("trainPhotos", List.of("astronaut", "coffee", "chelsea", "rocket", "horse", "brick", "grass",
                        "gravel", "coins", "page", "hubble_deep_field", "motorcycle_left"), "photos the patches come from")
                .declare("testPhotos", List.of("camera"), "held-out photos (central crops)")
                .declare("crop", 128, "side of the central test crop")
                .declare("looks", List.of("4"), "L of the test speckle (Table 1: 2, 4, 8, 10)")
                .declare("trainLooks", List.of("4"), "L drawn per training patch (not given by the paper)")
                .declare("channels", 16, "C, feature width (the paper: 64)")
                .declare("groups", 2, "m, residual groups (the paper: 3)")
                .declare("blocks", 2, "n, RCBs per group (the paper: 10)")
                .declare("variant", "FFA", "RCB wiring: FFA or RCAN")
                .declare("steps", 600, "training steps (the paper: 40,000)")
                .declare("batch", 8, "patches per step (the paper: 2)")
                .declare("patch", 32, "patch side (the paper: 64)")
                .declare("learningRate", 2e-3, "Adam learning rate (the paper: 1e-4, for 40,000 steps)")
                .declare("window", 7, "Lee and Frost window side")
                .declare("damping", 2.0, "Frost damping factor K")
                .declare("flat", 24, "side of the flattest clean window, where ENL is measured")
                .declare("gridZoom", 2, "zoom of the sample grid");
        switch (scale) {
            case SMOKE:
                s.set("crop", 48).set("channels", 8).set("groups", 1).set("blocks", 1).set("steps", 5).set("batch", 2)
                        .set("patch", 16).set("flat", 12).set("trainPhotos", List.of("brick", "coins"));
                break;
            case FULL:
                s.set("testPhotos", List.of("camera", "moon")).set("crop", 256).set("looks", List.of("1", "2", "4", "8", "10"))
                        .set("trainLooks", List.of("1", "2", "4", "8", "10")).set("channels", 16).set("groups", 3)
                        .set("blocks", 3).set("steps", 1500).set("batch", 8).set("patch", 40)
                        .set("flat", 32).set("gridZoom", 1);
                break;
            default:
                break;
        }
        return s;
    }

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
        double[] trainLooks = s.getList("trainLooks").stream().mapToDouble(v -> Double.parseDouble(v.trim())).toArray();
        double[] looks = s.getList("looks").stream().mapToDouble(v -> Double.parseDouble(v.trim())).toArray();
        int crop = s.getInt("crop");
        int window = s.getInt("window");
        double damping = s.getDouble("damping");
        Mranet net = Mranet.builder().optChannels(s.getInt("channels")).optGroups(s.getInt("groups"))
                .optBlocksPerGroup(s.getInt("blocks")).optVariant(Mranet.Variant.valueOf(s.getString("variant"))).build();
        Map<String, Object> perImage = new LinkedHashMap<>();
        try (Model model = Model.newInstance("mran", ctx.device())) {
            model.setBlock(net);
            MranTrainer trainer = MranTrainer.builder().setSteps(s.getInt("steps")).optBatchSize(s.getInt("batch"))
                    .optPatchSize(s.getInt("patch")).optLearningRate(s.getFloat("learningRate")).optLooks(trainLooks)
                    .optSeed(Seeds.derive(ctx.seed(), "patches")).build();
            long t0 = System.nanoTime();
            double[] losses = trainer.fit(model, train);
            double trainSeconds = (System.nanoTime() - t0) / 1e9;
            ctx.log().printf(Locale.ROOT, "  MRANet C=%d m=%d n=%d: %d steps in %.1f s, last-50 loss %.4f%n", net.channels(),
                    net.groups(), net.blocksPerGroup(), losses.length, trainSeconds, tailMean(losses, 50));
            result.addPlot(lossPlot(losses));
            result.putExtra("trainSeconds", trainSeconds);
            result.putExtra("parameters", Mranet.parameterCount(net.channels(), net.groups(), net.blocksPerGroup(),
                    Math.max(1, net.channels() / 8), 4, false, 1));

            ImageGrid grid = new ImageGrid(s.getInt("gridZoom"));
            for (double l : looks) {
                String table = table(l);
                result.setPaperSource(table, PAPER.containsKey((int) l) && l == Math.rint(l)
                        ? "paper Table 1 (one Set12 image; different image)" : "no paper value at this L");
                Map<String, Map<String, Double>> sums = new LinkedHashMap<>();
                for (int p = 0; p < test.size(); p++) {
                    try (NDManager m = model.getNDManager().newSubManager()) {
                        NDArray clean = test.centerCrop(m, p, crop);
                        Random random = new Random(Seeds.derive(ctx.seed(), "test:" + l + ":" + p));
                        NDArray noisy = Speckle.intensity(l).apply(clean, random);
                        double cu = SpeckleFilters.speckleVariation(l, false);
                        NDArray lee = SpeckleFilters.lee(noisy, window, cu);
                        NDArray frost = SpeckleFilters.frost(noisy, window, damping);
                        NDArray mran = MranTrainer.despeckle(net, noisy);
                        int[] flat = flattest(clean, s.getInt("flat"));
                        Map<String, NDArray> outs = new LinkedHashMap<>();
                        outs.put(NOISY, noisy);
                        outs.put(LEE, lee);
                        outs.put(FROST, frost);
                        outs.put(MRAN, mran);
                        Map<String, Map<String, Double>> here = new LinkedHashMap<>();
                        for (Map.Entry<String, NDArray> e : outs.entrySet()) {
                            NDArray shown = e.getValue().clip(0f, 1f);
                            Map<String, Double> v = new LinkedHashMap<>();
                            v.put(PSNR, ImageQuality.psnr(shown, clean, 1.0));
                            v.put(SSIM, ImageQuality.ssim(shown, clean, 1.0));
                            v.put(ENL, DespecklingMetrics.enl(e.getValue(), flat[0], flat[1], flat[2], flat[2]));
                            double[] epd = DespecklingMetrics.epdRoa(e.getValue(), noisy);
                            v.put(HD, epd[0]);
                            v.put(VD, epd[1]);
                            DespecklingMetrics.RatioStatistics ratio = DespecklingMetrics.ratioImage(noisy, e.getValue());
                            v.put(RATIO_MEAN, ratio.mean());
                            v.put(RATIO_ENL, ratio.enl());
                            here.put(e.getKey(), v);
                            for (Map.Entry<String, Double> x : v.entrySet()) {
                                sums.computeIfAbsent(e.getKey(), k -> new LinkedHashMap<>()).merge(x.getKey(), x.getValue(),
                                        Double::sum);
                            }
                        }
                        perImage.put(table + " / " + test.names().get(p), here);
                        ctx.log().printf(Locale.ROOT, "  %s %s: PSNR noisy %.2f, Lee %.2f, Frost %.2f, MRANet %.2f dB%n", table,
                                test.names().get(p), here.get(NOISY).get(PSNR), here.get(LEE).get(PSNR),
                                here.get(FROST).get(PSNR), here.get(MRAN).get(PSNR));
                        if (p == 0) {
                            NDArray row = NDArrays.concat(new NDList(noisy, lee, frost, mran, clean), 0);
                            grid.addRow(test.names().get(0) + ", " + table, row, List.of("noisy", "Lee", "Frost", "MRANet",
                                    "clean"));
                        }
                    }
                }
                double[] paper = PAPER.get((int) l);
                boolean paperHere = paper != null && l == Math.rint(l);
                for (Map.Entry<String, Map<String, Double>> e : sums.entrySet()) {
                    for (Map.Entry<String, Double> x : e.getValue().entrySet()) {
                        Double pv = null;
                        if (paperHere && (e.getKey().equals(FROST) || e.getKey().equals(MRAN))) {
                            int base = e.getKey().equals(FROST) ? 0 : 2;
                            pv = x.getKey().equals(PSNR) ? Double.valueOf(paper[base])
                                    : x.getKey().equals(SSIM) ? Double.valueOf(paper[base + 1]) : null;
                        }
                        result.addRow(table, e.getKey(), x.getKey(), pv, x.getValue() / test.size());
                    }
                }
            }
            result.addFigure("mran-samples.png", "Samples (" + test.names().get(0) + " " + crop + "x" + crop
                    + " central crop): noisy / Lee / Frost / MRANet / clean", grid.render());
        }
        result.putExtra("perImage", perImage);
        result.addNote(String.format(Locale.ROOT, "MRANet here: C = %d, m = %d groups, n = %d RCBs (%s), %d parameters "
                + "(the paper: C = 64, m = 3, n = 10, about 2.4 M); trained %d steps of %d %dx%d patches, Adam lr %s, L drawn "
                + "from %s per patch (the paper: 40,000 steps of 2 64x64 patches, lr 1e-4, 400 UC Merced images).",
                net.channels(), net.groups(), net.blocksPerGroup(), s.getString("variant"),
                Mranet.parameterCount(net.channels(), net.groups(), net.blocksPerGroup(), Math.max(1, net.channels() / 8), 4,
                        false, 1), s.getInt("steps"), s.getInt("batch"), s.getInt("patch"), s.getInt("patch"),
                s.getString("learningRate"), s.getList("trainLooks")));
        result.addNote("Test: central " + crop + "x" + crop + " crops of " + s.getList("testPhotos") + " (held out of "
                + "training), intensity speckle Gamma(L, 1/L), values averaged over the photos. PSNR and SSIM on [0, 1] "
                + "after clipping every output to [0, 1] (the 8-bit scale of the paper); the filters and MRANet see the "
                + "unclipped speckled intensities. Lee and Frost: " + window + "x" + window + " window, Lee's C_u = 1/sqrt(L), "
                + "Frost's K = " + damping + ".");
        result.addNote("ENL on the flattest " + s.getInt("flat") + "x" + s.getInt("flat") + " window of the clean crop "
                + "(lowest standard deviation); EPD-ROA against the noisy input; ratio = noisy / output over the whole "
                + "crop (ideal: mean 1, ENL = L). The unassisted measure UM is not computed (see the doc page).");
        result.addNote("Paper values are from its Table 1, one unnamed Set12 image; the images here differ, and the "
                + "paper's noisy-input PSNR is not given, so only the ordering and the size of the gaps compare. The "
                + "paper has no Lee filter and no L = 1 column.");
        return result;
    }

    /** {top, left, side} of the window of the given side with the lowest standard deviation (stride side/4). */
    static int[] flattest(NDArray clean, int side) {
        long[] shape = clean.getShape().getShape();
        int h = (int) shape[shape.length - 2];
        int w = (int) shape[shape.length - 1];
        float[] v = clean.toFloatArray();
        int stride = Math.max(1, side / 4);
        double best = Double.POSITIVE_INFINITY;
        int[] at = {0, 0, Math.min(side, Math.min(h, w))};
        for (int top = 0; top + side <= h; top += stride) {
            for (int left = 0; left + side <= w; left += stride) {
                double s = 0;
                double s2 = 0;
                for (int i = top; i < top + side; i++) {
                    for (int j = left; j < left + side; j++) {
                        s += v[i * w + j];
                        s2 += v[i * w + j] * v[i * w + j];
                    }
                }
                double n = (double) side * side;
                double mean = s / n;
                double sd = Math.sqrt(Math.max(0, s2 / n - mean * mean));
                if (mean > 0.05 && sd < best) {
                    best = sd;
                    at = new int[] {top, left, side};
                }
            }
        }
        return at;
    }

    private static Plot lossPlot(double[] losses) {
        int every = Math.max(1, losses.length / 200);
        List<Double> xs = new ArrayList<>();
        List<Double> ys = new ArrayList<>();
        for (int i = 0; i + every <= losses.length; i += every) {
            double m = 0;
            for (int k = i; k < i + every; k++) {
                m += losses[k];
            }
            xs.add((double) (i + every));
            ys.add(m / every);
        }
        return Plot.of("mran-loss.png", "MRANet training loss (Eq. 6, L1)", "step", "L1 loss")
                .add("train", xs.stream().mapToDouble(Double::doubleValue).toArray(),
                        ys.stream().mapToDouble(Double::doubleValue).toArray());
    }

    private static double tailMean(double[] a, int n) {
        int k = Math.min(n, a.length);
        double s = 0;
        for (int i = a.length - k; i < a.length; i++) {
            s += a[i];
        }
        return s / k;
    }

    private static String fmt(double v) {
        return v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(v);
    }
}

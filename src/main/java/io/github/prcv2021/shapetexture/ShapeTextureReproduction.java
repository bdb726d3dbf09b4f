package io.github.prcv2021.shapetexture;

import ai.djl.training.dataset.Dataset.Usage;
import io.github.prcv2021.core.Seeds;
import io.github.prcv2021.data.Datasets;
import io.github.prcv2021.data.IdxData;
import io.github.prcv2021.repro.Plot;
import io.github.prcv2021.repro.Reproduction;
import io.github.prcv2021.repro.Result;
import io.github.prcv2021.repro.RunContext;
import io.github.prcv2021.repro.Scale;
import io.github.prcv2021.repro.Settings;
import io.github.prcv2021.train.EpochRecord;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The paper's Table 1 (learned contribution weights) for the data sets that exist offline, MNIST and
 * Fashion-MNIST, with the accuracies the paper does not report and its "single variable changing" sweep
 * (Fig. 5); and a control the paper does not have: Fashion-MNIST silhouettes filled with procedural
 * textures, labelled by the silhouette's class ({@code cues-shape}) or by the texture ({@code
 * cues-texture}) ({@link TexturedSilhouettes}). If the weights follow the data, as the paper reads them,
 * {@code w_t} must rise when the texture defines the label.
 *
 * <p>Per data set and seed: {@link ShapeTextureBias} pretrains the stand-in backbone on the training
 * subset for {@code pretrainEpochs}, freezes it, trains the multi-view network for {@code epochs} with
 * Eq. 8, and evaluates on the test subset.
 */
public final class ShapeTextureReproduction implements Reproduction {

    /** The paper's Table 1: {w_s, w_t} per data set (MNIST and Fashion-MNIST have no background view). */
    static final Map<String, double[]> PAPER_TABLE1 = new LinkedHashMap<>();

    static {
        PAPER_TABLE1.put("mnist", new double[] {0.813, 0.187});
        PAPER_TABLE1.put("fashion-mnist", new double[] {0.7968, 0.2032});
    }

    /** Row names. */
    static final String W_S = "w_s";
    static final String W_T = "w_t";
    static final String ACC_MIX = "accuracy, mixture (Eq. 5) %";
    static final String ACC_S = "accuracy, shape view alone %";
    static final String ACC_T = "accuracy, texture view alone %";
    static final String ACC_BACKBONE = "accuracy, pretrained backbone %";
    static final String RECON = "reconstruction L1 (Eq. 6)";
    static final String DISC = "discrepancy cos (Eq. 7)";
    /** Column names. */
    static final String MEAN = "mean over seeds";
    static final String SD = "std over seeds";

    @Override
    public String id() {
        return "shape-texture";
    }

    @Override
    public Settings defaults(Scale scale) {
        Settings s = new Settings()
                .declare("datasets", List.of("fashion-mnist", "cues-shape", "cues-texture"),
                        "mnist, fashion-mnist, cues-shape (textured F-MNIST silhouettes labelled by item), cues-texture (labelled by texture)")
                .declare("trainSize", 3000, "training images of mnist and fashion-mnist (a seeded sample of the training split)")
                .declare("cueTrainSize", 3000, "training images of the cue data sets (silhouettes of a seeded sample of the F-MNIST training split)")
                .declare("testSize", 1000, "test images per data set (a seeded sample of the test split)")
                .declare("seeds", 1, "seeds per data set (seed, seed + 1, ...)")
                .declare("backbone", "16-32-64", "stage widths of the stand-in for the frozen VGG-16-BN")
                .declare("shapeTap", 1, "backbone stage (0-based) feeding the shape encoder (the paper: conv4_2)")
                .declare("textureTaps", List.of("0", "1", "2"), "backbone stages feeding the texture encoder")
                .declare("pretrainEpochs", 1, "epochs of backbone pretraining on the data set's labels, before freezing")
                .declare("epochs", 2, "epochs of multi-view training (Eq. 8)")
                .declare("batchSize", 64, "mini-batch size")
                .declare("learningRate", 1e-3, "Adam learning rate (not given by the paper)")
                .declare("eta", 1.0, "eta of Eq. 8, classification")
                .declare("alpha", 1.0, "alpha of Eq. 8, reconstruction L1 (per pixel)")
                .declare("beta", 0.1, "beta of Eq. 8, cosine discrepancy")
                .declare("shapeBlocks", 2, "residual blocks of the shape encoder (the paper: 4)")
                .declare("textureChannels", 64, "channels after the texture encoder's reshape layer")
                .declare("textureCodeDim", 8, "texture code length (MUNIT's style code: 8)")
                .declare("textureRelu", true, "ReLU on the texture encoder's summed maps before pooling (false: linear in channel means)")
                .declare("decoderBlocks", 2, "AdaIN residual blocks of the decoder (MUNIT: 4)")
                .declare("mlpHidden", 64, "hidden units of the decoder's AdaIN MLP (MUNIT: 256)")
                .declare("discrepancyDim", 256, "common code length D of Eq. 7")
                .declare("sweepStep", 0.1, "step of the single-variable sweep over [0, 1] (Fig. 5)");
        switch (scale) {
            case SMOKE:
                s.set("trainSize", 512).set("cueTrainSize", 512).set("testSize", 256).set("epochs", 1).set("datasets", List.of("fashion-mnist", "cues-texture"));
                break;
            case FULL:
                s.set("datasets", List.of("mnist", "fashion-mnist", "cues-shape", "cues-texture"))
                        .set("trainSize", 60000).set("cueTrainSize", 20000).set("testSize", 10000).set("shapeBlocks", 4);
                break;
            default:
                break;
        }
        return s;
    }

    @Override
    public Result run(Settings s, RunContext ctx) {
        Result result = new Result(id(), ctx.scale(), ctx.seed(), s);
        List<String> datasets = s.getList("datasets");
        for (String d : datasets) {
            if (!List.of("mnist", "fashion-mnist", "cues-shape", "cues-texture").contains(d)) {
                throw new IllegalArgumentException("datasets expects mnist, fashion-mnist, cues-shape or cues-texture, got " + d);
            }
        }
        int seeds = s.getInt("seeds");
        if (seeds < 1) {
            throw new IllegalArgumentException("seeds expects >= 1, got " + seeds);
        }
        ShapeTextureBias experiment = experiment(s);
        Plot sweepS = Plot.of("shape-texture-sweep-shape.png", "Single variable changing: w_s varies, w_t fixed (Fig. 5)",
                "w_s", "test accuracy (%)");
        Plot sweepT = Plot.of("shape-texture-sweep-texture.png", "Single variable changing: w_t varies, w_s fixed (Fig. 5)",
                "w_t", "test accuracy (%)");
        Plot curve = Plot.of("shape-texture-weights.png", "Learned shape weight w_s during training (first seed)", "epoch", "w_s");
        Map<String, Object> perSeed = new LinkedHashMap<>();
        Map<String, Object> seconds = new LinkedHashMap<>();
        for (String d : datasets) {
            String table = tableName(d);
            List<ShapeTextureBias.Outcome> outcomes = new ArrayList<>();
            for (int k = 0; k < seeds; k++) {
                long seed = ctx.seed() + k;
                IdxData[] data = data(d, s, seed);
                ShapeTextureBias.Outcome o = experiment.fit(data[0], data[1], ctx.device(), Seeds.derive(seed, d), ctx.progress());
                outcomes.add(o);
                ctx.log().printf(Locale.ROOT, "%s seed %d: w_s %.4f w_t %.4f | accuracy mixture %.2f%%, shape %.2f%%, texture %.2f%%, "
                        + "backbone %.2f%% | L1 %.4f cos %.4f | %.1f s%n", table, seed, o.weights()[0], o.weights()[1],
                        100 * o.mixtureAccuracy(), 100 * o.shapeAccuracy(), 100 * o.textureAccuracy(), 100 * o.backboneAccuracy(),
                        o.terms()[1], o.terms()[2], o.seconds());
                seconds.put(table + " | seed " + seed, Math.round(o.seconds() * 10) / 10.0);
            }
            double[] paper = PAPER_TABLE1.get(d);
            addRows(result, table, W_S, paper == null ? null : paper[0], outcomes, o -> o.weights()[0]);
            addRows(result, table, W_T, paper == null ? null : paper[1], outcomes, o -> o.weights()[1]);
            addRows(result, table, ACC_MIX, null, outcomes, o -> 100 * o.mixtureAccuracy());
            addRows(result, table, ACC_S, null, outcomes, o -> 100 * o.shapeAccuracy());
            addRows(result, table, ACC_T, null, outcomes, o -> 100 * o.textureAccuracy());
            addRows(result, table, ACC_BACKBONE, null, outcomes, o -> 100 * o.backboneAccuracy());
            addRows(result, table, RECON, null, outcomes, o -> o.terms()[1]);
            addRows(result, table, DISC, null, outcomes, o -> o.terms()[2]);
            if (paper == null) {
                result.setPaperSource(table, "not in the paper (a control built for this reproduction)");
            }
            ShapeTextureBias.Outcome first = outcomes.get(0);
            double[] acc = new double[first.grid().length];
            double[] accT = new double[first.grid().length];
            for (ShapeTextureBias.Outcome o : outcomes) {
                for (int g = 0; g < acc.length; g++) {
                    acc[g] += 100 * o.shapeSweep()[g] / outcomes.size();
                    accT[g] += 100 * o.textureSweep()[g] / outcomes.size();
                }
            }
            sweepS.add(table, first.grid(), acc);
            sweepT.add(table, first.grid(), accT);
            List<EpochRecord> epochs = first.history().epochs();
            double[] ex = new double[epochs.size() + 1];
            double[] ey = new double[epochs.size() + 1];
            ey[0] = 0.5;
            for (int e = 0; e < epochs.size(); e++) {
                ex[e + 1] = epochs.get(e).epoch();
                ey[e + 1] = epochs.get(e).extra().get("w_s");
            }
            curve.add(table, ex, ey);
            List<Map<String, Object>> rows = new ArrayList<>();
            for (int k = 0; k < outcomes.size(); k++) {
                ShapeTextureBias.Outcome o = outcomes.get(k);
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("seed", ctx.seed() + k);
                m.put("w_s", o.weights()[0]);
                m.put("w_t", o.weights()[1]);
                m.put("mixtureAccuracy", o.mixtureAccuracy());
                m.put("shapeAccuracy", o.shapeAccuracy());
                m.put("textureAccuracy", o.textureAccuracy());
                m.put("backboneAccuracy", o.backboneAccuracy());
                m.put("lossTerms", o.terms());
                m.put("sweepGrid", o.grid());
                m.put("sweepShape", o.shapeSweep());
                m.put("sweepTexture", o.textureSweep());
                m.put("history", o.history().toCsv());
                rows.add(m);
            }
            perSeed.put(table, rows);
        }
        result.addPlot(sweepS).addPlot(sweepT).addPlot(curve);
        result.putExtra("perSeed", perSeed);
        result.putExtra("secondsPerRun", seconds);
        result.addNote("w_s, w_t: the learned convex weights softmax(a) of Eq. 5 after training (a starts at 0, so both start at 0.5). "
                + "Accuracies on the test subset: of Eq. 5's prediction with the learned weights, of each view's classifier alone, "
                + "and of the backbone's own classifier after its pretraining. L1 and cos: Eq. 6 per pixel and Eq. 7 on 250 test "
                + "images after training.");
        result.addNote("Backbone: a " + s.getString("backbone") + " CNN (conv3x3-BN-ReLU stages, 2x2 max-pools), pretrained for "
                + s.getInt("pretrainEpochs") + " epoch(s) on the data set's own labels and frozen, in place of the paper's ImageNet "
                + "VGG-16-BN (no weights offline). Shape: stage " + s.getInt("shapeTap") + " max-pooled to the last stage's size, "
                + s.getInt("shapeBlocks") + " IN residual blocks and a final IN (the paper: four blocks on conv4_2); texture: stages "
                + String.join(", ", s.getList("textureTaps")) + ", code length " + s.getInt("textureCodeDim") + ".");
        result.addNote("Classification loss: the mixture negative log-likelihood -log(sum_v w_v p_v[y]), the differentiable reading of "
                + "Eq. 4 (the paper writes the cross-entropy of an argmax). Loss weights eta, alpha, beta = " + s.getDouble("eta")
                + ", " + s.getDouble("alpha") + ", " + s.getDouble("beta") + " (not given by the paper).");
        result.addNote("cues-shape and cues-texture: Fashion-MNIST silhouettes (pixels > 0.05) filled with one of 10 procedural "
                + "textures; labelled by the item's class (texture random) or by the texture (item random). Not in the paper.");
        result.addNote("Sweep (Fig. 5): starting from the learned weights, one weight takes the values 0, " + s.getDouble("sweepStep")
                + ", ..., 1 while the other stays; test accuracy of argmax(w_s p_s + w_t p_t), averaged over seeds.");
        return result;
    }

    private static double mean(double[] v) {
        double m = 0;
        for (double x : v) {
            m += x / v.length;
        }
        return m;
    }

    private static double sd(double[] v) {
        if (v.length < 2) {
            return Double.NaN;
        }
        double m = mean(v);
        double ss = 0;
        for (double x : v) {
            ss += (x - m) * (x - m);
        }
        return Math.sqrt(ss / (v.length - 1));
    }

    private static void addRows(Result r, String table, String row, Double paper, List<ShapeTextureBias.Outcome> outcomes,
            java.util.function.ToDoubleFunction<ShapeTextureBias.Outcome> f) {
        double[] v = outcomes.stream().mapToDouble(f).toArray();
        r.addRow(table, row, MEAN, paper, mean(v));
        if (v.length > 1) {
            r.addRow(table, row, SD, null, sd(v));
        }
    }

    static String tableName(String dataset) {
        switch (dataset) {
            case "mnist": return "MNIST";
            case "fashion-mnist": return "Fashion-MNIST";
            case "cues-shape": return "Cues, labelled by shape";
            case "cues-texture": return "Cues, labelled by texture";
            default: throw new IllegalArgumentException("unknown data set " + dataset);
        }
    }

    /** {train, test} for a data set, sampled with the seed. */
    static IdxData[] data(String d, Settings s, long seed) {
        String source = d.equals("mnist") ? "mnist" : "fashion-mnist";
        IdxData train = Datasets.imageData(source, Usage.TRAIN);
        IdxData test = Datasets.imageData(source, Usage.TEST);
        int trainSize = Math.min(s.getInt(d.startsWith("cues-") ? "cueTrainSize" : "trainSize"), train.count());
        int testSize = Math.min(s.getInt("testSize"), test.count());
        train = trainSize < train.count() ? train.sample(trainSize, Seeds.derive(seed, d + "/train")) : train;
        test = testSize < test.count() ? test.sample(testSize, Seeds.derive(seed, d + "/test")) : test;
        if (d.startsWith("cues-")) {
            TexturedSilhouettes.LabelBy by = d.equals("cues-shape") ? TexturedSilhouettes.LabelBy.SHAPE : TexturedSilhouettes.LabelBy.TEXTURE;
            train = TexturedSilhouettes.builder().setLabelBy(by).optSeed(Seeds.derive(seed, d + "/train-textures")).build()
                    .generate(train, train.count());
            test = TexturedSilhouettes.builder().setLabelBy(by).optSeed(Seeds.derive(seed, d + "/test-textures")).build()
                    .generate(test, test.count());
        }
        return new IdxData[] {train, test};
    }

    static ShapeTextureBias experiment(Settings s) {
        int[] widths = java.util.Arrays.stream(s.getString("backbone").split("-")).map(String::trim).mapToInt(Integer::parseInt).toArray();
        int[] taps = s.getList("textureTaps").stream().map(String::trim).mapToInt(Integer::parseInt).toArray();
        double step = s.getDouble("sweepStep");
        if (!(step > 0 && step <= 1)) {
            throw new IllegalArgumentException("sweepStep expects a value in (0, 1], got " + step);
        }
        int n = (int) Math.round(1 / step);
        double[] grid = new double[n + 1];
        for (int i = 0; i <= n; i++) {
            grid[i] = Math.min(1, Math.round(i * step * 1e6) / 1e6);
        }
        return ShapeTextureBias.builder().optBackboneWidths(widths).optTaps(s.getInt("shapeTap"), taps)
                .optPretrainEpochs(s.getInt("pretrainEpochs")).optEpochs(s.getInt("epochs")).optBatchSize(s.getInt("batchSize"))
                .optLearningRate(s.getFloat("learningRate")).optLossWeights(s.getFloat("eta"), s.getFloat("alpha"), s.getFloat("beta"))
                .optShapeBlocks(s.getInt("shapeBlocks")).optTexture(s.getInt("textureChannels"), s.getInt("textureCodeDim")).optTextureRelu(s.getBoolean("textureRelu"))
                .optDecoder(s.getInt("decoderBlocks"), s.getInt("mlpHidden")).optDiscrepancyDim(s.getInt("discrepancyDim"))
                .optSweepGrid(grid).build();
    }
}

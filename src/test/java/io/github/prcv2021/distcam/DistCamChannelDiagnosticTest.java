package io.github.prcv2021.distcam;

import ai.djl.Model;
import ai.djl.ndarray.*;
import ai.djl.ndarray.types.*;
import ai.djl.training.*;
import ai.djl.training.dataset.ArrayDataset;
import ai.djl.training.dataset.Dataset.Usage;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import io.github.prcv2021.core.Seeds;
import io.github.prcv2021.data.*;
import io.github.prcv2021.metrics.Localization.Box;
import io.github.prcv2021.train.TrainingLoop;
import java.util.*;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A diagnostic of why Dist-CAM's maps are diffuse on the canvas benchmark (docs/papers/28-dist-cam.md,
 * "What holds and what does not"): do Eq. 5's weights go to channels whose pooled activation varies
 * little between images, and to channels whose maps lie mostly outside the object? Trains
 * softmax and metric models like the quick scale before its budget cut (Fashion-MNIST, 6,000 canvases of
 * its own seeds in batches of 128, cnn:16-32-64, 3 epochs) and prints, per model:
 * the Spearman correlation over channels of the mean Dist-CAM weight with the between-image standard
 * deviation of the pooled channel and with the channel's share of map mass outside the ground-truth box
 * (at the 16 x 16 map resolution), the weight share of the 25% lowest-deviation channels, and the
 * weight-averaged outside share for Dist-CAM, CAM (positive FC weights of the predicted class) and uniform
 * weights. Tagged {@code full} (about 4 minutes): {@code ./mvnw test -Dsurefire.excludedGroups=none
 * -Dgroups=full -Dtest=DistCamChannelDiagnosticTest}.
 */
@Tag("full")
class DistCamChannelDiagnosticTest {

    @Test
    void softmaxBackbone() throws Exception {
        double[] r = run("cnn:16-32-64", false);
        assertTrue(r[0] < 0, "weights should favour low-variance channels, Spearman " + r[0]);
        assertTrue(r[1] > r[3] && r[3] > r[2], "outside share Dist-CAM " + r[1] + " > uniform " + r[3] + " > CAM " + r[2]);
    }

    @Test
    void metricModel() throws Exception {
        double[] r = run("cnn:16-32-64", true);
        assertTrue(r[0] < 0, "weights should favour low-variance channels, Spearman " + r[0]);
        assertTrue(r[1] > r[3], "outside share Dist-CAM " + r[1] + " > uniform " + r[3]);
    }

    /** Returns {Spearman(weight, std), Dist-CAM outside share, CAM outside share, uniform outside share}. */
    static double[] run(String backbone, boolean metric) throws Exception {
        Seeds.seedAll(1);
        IdxData items = Datasets.fashionMnistData(Usage.TRAIN);
        int[] r = new int[50000]; for (int i = 0; i < r.length; i++) r[i] = i;
        LocalizationCanvas train = LocalizationCanvas.builder().optSeed(11).build().generate(items.select(r), 6000);
        LocalizationCanvas test = LocalizationCanvas.builder().optSeed(12).build().generate(Datasets.fashionMnistData(Usage.TEST), 2000);
        try (NDManager m = NDManager.newBaseManager(); Model model = Model.newInstance("d")) {
            LocalizationNet net = LocalizationNet.parse(backbone, metric ? LocalizationNet.Head.DISTANCE : LocalizationNet.Head.SOFTMAX, 10);
            model.setBlock(net.block());
            IdxData tr = train.data();
            ArrayDataset ds = new ArrayDataset.Builder().setData(tr.imagesArray(m, false))
                    .optLabels(m.create(tr.labels()).toType(DataType.INT32, false)).setSampling(128, true).build();
            try (Trainer t = model.newTrainer(new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
                    .optOptimizer(Optimizer.adam().optLearningRateTracker(Tracker.fixed(3e-3f)).build()))) {
                t.initialize(new Shape(1, 1, 64, 64));
                TrainingLoop.builder().setEpochs(3).build().fit(t, ds, null);
            }
            ParameterStore ps = new ParameterStore(m, false);
            // pooled training features
            int K = -1; List<float[]> pooledRows = new ArrayList<>();
            PrototypeBank.Accumulator acc = null;
            for (int f = 0; f < tr.count(); f += 500) {
                try (NDManager b = m.newSubManager()) {
                    NDArray x = b.create(Arrays.copyOfRange(tr.images(), f * 4096, (f + 500) * 4096), new Shape(500, 1, 64, 64));
                    NDArray p = DistCam.globalAveragePool(net.featureMaps(ps, x));
                    K = (int) p.getShape().get(1);
                    if (acc == null) acc = PrototypeBank.accumulator(10, K);
                    acc.add(p, Arrays.copyOfRange(tr.labels(), f, f + 500));
                    float[] v = p.toFloatArray();
                    for (int i = 0; i < 500; i++) pooledRows.add(Arrays.copyOfRange(v, i * K, (i + 1) * K));
                }
            }
            PrototypeBank bank = acc.build();
            double[] sd = new double[K], mean = new double[K];
            for (float[] row : pooledRows) for (int k = 0; k < K; k++) mean[k] += row[k] / pooledRows.size();
            for (float[] row : pooledRows) for (int k = 0; k < K; k++) sd[k] += Math.pow(row[k] - mean[k], 2) / pooledRows.size();
            for (int k = 0; k < K; k++) sd[k] = Math.sqrt(sd[k]);
            double[] wMean = new double[K], bgShare = new double[K], bgCount = new double[K];
            double distBg = 0, camBg = 0, uniBg = 0, topSdShare = 0; int n = 0;
            NDArray fc = metric ? null : ClassActivationMap.fcWeight(net.head());
            float[] fcW = fc == null ? null : fc.toFloatArray();
            DistCam dc = DistCam.builder().build();
            for (int f = 0; f < 2000; f += 500) {
                try (NDManager b = m.newSubManager()) {
                    NDArray x = b.create(Arrays.copyOfRange(test.data().images(), f * 4096, (f + 500) * 4096), new Shape(500, 1, 64, 64));
                    NDArray q = net.featureMaps(ps, x);
                    int H = (int) q.getShape().get(2);
                    NDArray pooled = DistCam.globalAveragePool(q);
                    int[] cls = bank.nearest(pooled, DistCam.Distance.L1);
                    float[] w = dc.channelWeights(DistCam.channelDistance(pooled, bank.prototypes(b, cls))).toFloatArray();
                    int[] camCls = fc == null ? null : Arrays.stream(net.logits(ps, pooled).argMax(1).toLongArray()).mapToInt(v -> (int) v).toArray();
                    float[] qv = q.toFloatArray();
                    for (int i = 0; i < 500; i++) {
                        Box box = test.box(f + i);
                        int x0 = box.x0() * H / 64, x1 = box.x1() * H / 64, y0 = box.y0() * H / 64, y1 = box.y1() * H / 64;
                        double[] bgk = new double[K];
                        for (int k = 0; k < K; k++) {
                            double in = 0, tot = 0;
                            for (int yy = 0; yy < H; yy++) for (int xx = 0; xx < H; xx++) {
                                double v = qv[((i * K + k) * H + yy) * H + xx];
                                tot += v; if (yy >= y0 && yy <= y1 && xx >= x0 && xx <= x1) in += v;
                            }
                            bgk[k] = tot > 0 ? 1 - in / tot : Double.NaN;
                            if (tot > 0) { bgShare[k] += bgk[k]; bgCount[k]++; }
                            wMean[k] += w[i * K + k];
                        }
                        double db = 0, dw = 0, cb = 0, cw = 0, ub = 0, uw = 0;
                        for (int k = 0; k < K; k++) {
                            if (Double.isNaN(bgk[k])) continue;
                            db += w[i * K + k] * bgk[k]; dw += w[i * K + k];
                            ub += bgk[k]; uw += 1;
                            if (fcW != null) { double c = Math.max(0, fcW[camCls[i] * K + k]); cb += c * bgk[k]; cw += c; }
                        }
                        distBg += db / dw; uniBg += ub / uw; if (cw > 0) camBg += cb / cw;
                        n++;
                    }
                }
            }
            // Spearman rank correlation of mean weight and between-image std
            for (int k = 0; k < K; k++) wMean[k] /= n;
            double rho = spearman(wMean, sd);
            // share of weight on the 25% of channels with the smallest std
            Integer[] idx = new Integer[K]; for (int k = 0; k < K; k++) idx[k] = k;
            Arrays.sort(idx, Comparator.comparingDouble(k -> sd[k]));
            double low = 0, tot = 0; for (int j = 0; j < K; j++) { tot += wMean[idx[j]]; if (j < K / 4) low += wMean[idx[j]]; }
            double[] bgk = new double[K]; for (int k = 0; k < K; k++) bgk[k] = bgCount[k] > 0 ? bgShare[k] / bgCount[k] : Double.NaN;
            System.out.printf(Locale.ROOT, "%s %s: K=%d; Spearman(mean Dist-CAM weight, between-image std of pooled channel) = %.3f%n", backbone, metric ? "metric" : "softmax", K, rho);
            System.out.printf(Locale.ROOT, "  share of Dist-CAM weight on the 25%% lowest-std channels: %.3f (uniform 0.25)%n", low / tot);
            System.out.printf(Locale.ROOT, "  Spearman(mean weight, channel background share) = %.3f%n", spearman(wMean, bgk));
            System.out.printf(Locale.ROOT, "  weighted share of channel mass outside the GT box: Dist-CAM %.3f, CAM (positive FC weights) %.3f, uniform %.3f%n", distBg / n, camBg / n, uniBg / n);
            return new double[] {rho, distBg / n, camBg / n, uniBg / n};
        }
    }
    static double spearman(double[] a, double[] b) {
        List<Integer> ok = new ArrayList<>(); for (int i = 0; i < a.length; i++) if (!Double.isNaN(a[i]) && !Double.isNaN(b[i])) ok.add(i);
        double[] ra = rank(ok.stream().mapToDouble(i -> a[i]).toArray()), rb = rank(ok.stream().mapToDouble(i -> b[i]).toArray());
        double ma = Arrays.stream(ra).average().orElse(0), mb = Arrays.stream(rb).average().orElse(0), sab = 0, saa = 0, sbb = 0;
        for (int i = 0; i < ra.length; i++) { sab += (ra[i] - ma) * (rb[i] - mb); saa += Math.pow(ra[i] - ma, 2); sbb += Math.pow(rb[i] - mb, 2); }
        return sab / Math.sqrt(saa * sbb);
    }
    static double[] rank(double[] v) {
        Integer[] i = new Integer[v.length]; for (int k = 0; k < v.length; k++) i[k] = k;
        Arrays.sort(i, Comparator.comparingDouble(k -> v[k])); double[] r = new double[v.length];
        for (int k = 0; k < v.length; k++) r[i[k]] = k; return r;
    }
}

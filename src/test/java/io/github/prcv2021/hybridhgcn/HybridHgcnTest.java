package io.github.prcv2021.hybridhgcn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import io.github.prcv2021.linalg.Linalg;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Operators, blocks, loss and training of HybridHGCN against hand computations and invariants. */
class HybridHgcnTest {

    /** A 4-vertex incidence with soft entries, square. */
    private static final float[] H4 = {
        1, 0.5f, 0, 0,
        0.5f, 1, 1, 0,
        0, 1, 1, 0.25f,
        0, 0, 0.25f, 1};

    @Test
    void powerIsTheMatrixPowerAndBinarizes() {
        Hypergraph h = Hypergraph.of(H4, 4, 4);
        float[] p2 = h.power(2, false).incidence();
        double[][] ref = matMul(toMatrix(H4, 4, 4), toMatrix(H4, 4, 4));
        for (int i = 0; i < 4; i++) {
            for (int j = 0; j < 4; j++) {
                assertEquals(ref[i][j], p2[i * 4 + j], 1e-6, "H^2[" + i + "][" + j + "]");
            }
        }
        float[] b3 = h.power(3, true).incidence();
        double[][] ref3 = matMul(ref, toMatrix(H4, 4, 4));
        for (int i = 0; i < 16; i++) {
            assertEquals(ref3[i / 4][i % 4] > 0 ? 1f : 0f, b3[i], "binarised H^3 entry " + i);
        }
        assertArrayEquals(H4, h.power(1, false).incidence());
    }

    @Test
    void hopOperatorMatchesTheFormulaByHand() {
        Hypergraph h = Hypergraph.of(H4, 4, 4).withEdgeWeights(new float[] {1, 2, 0.5f, 1});
        double[] w = {1, 2, 0.5, 1};
        double[][] hk = matMul(toMatrix(H4, 4, 4), toMatrix(H4, 4, 4)); // H^2
        double[][] expected = normalised(hk, w);
        try (NDManager m = NDManager.newBaseManager()) {
            float[] got = h.hopOperator(2, HopOperator.INCIDENCE_POWER, m).toFloatArray();
            for (int i = 0; i < 16; i++) {
                assertEquals(expected[i / 4][i % 4], got[i], 1e-5, "Ĥ^(2) entry " + i);
            }
            // operator power: (Ĥ)^2
            double[][] g1 = normalised(toMatrix(H4, 4, 4), w);
            double[][] g2 = matMul(g1, g1);
            float[] op = h.hopOperator(2, HopOperator.OPERATOR_POWER, m).toFloatArray();
            for (int i = 0; i < 16; i++) {
                assertEquals(g2[i / 4][i % 4], op[i], 1e-5, "(Ĥ)^2 entry " + i);
            }
        }
    }

    @Test
    void hopOperatorsAreSymmetricWithSpectrumInUnitInterval() {
        SbmHypergraph g = SbmHypergraph.generate(40, 2, 3, 0.5, 4, 1, 7);
        try (NDManager m = NDManager.newBaseManager()) {
            Hypergraph knn = Hypergraph.knn(g.featuresArray(m), 4, KnnWeighting.HGNN_CODE);
            for (Hypergraph h : new Hypergraph[] {g.hypergraph(), knn}) {
                for (HopOperator reading : HopOperator.values()) {
                    for (int k = 1; k <= 3; k++) {
                        NDArray op = h.hopOperator(k, reading, m);
                        float[] a = op.toFloatArray();
                        int n = h.vertices();
                        for (int i = 0; i < n; i++) {
                            for (int j = 0; j < i; j++) {
                                assertEquals(a[i * n + j], a[j * n + i], 1e-6, reading + " k=" + k + " symmetric");
                            }
                        }
                        try (Linalg.Eigen e = Linalg.symmetricEigen(op)) {
                            double[] ev = e.values().toType(DataType.FLOAT64, false).toDoubleArray();
                            for (double v : ev) {
                                assertTrue(v >= -1e-5 && v <= 1 + 1e-5, reading + " k=" + k + " eigenvalue " + v);
                            }
                            double max = java.util.Arrays.stream(ev).max().orElseThrow();
                            assertEquals(1.0, max, 1e-4, "largest eigenvalue (D_v^{1/2} 1 is an eigenvector)");
                        }
                    }
                }
            }
        }
    }

    @Test
    void knnWeightsFollowHgnnCodeAndEq10() {
        // four points on a line: 0, 1, 3, 7
        float[] xs = {0, 1, 3, 7};
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.create(xs, new Shape(4, 1));
            float[] h = Hypergraph.knn(x, 1, KnnWeighting.HGNN_CODE).incidence();
            // hyperedge 0 = {0, 1}; mean distance from 0 to all (incl. itself) = (0+1+3+7)/4 = 2.75
            assertEquals(1f, h[0 * 4 + 0], 0);
            assertEquals(Math.exp(-1.0 / (2.75 * 2.75)), h[1 * 4 + 0], 1e-6);
            assertEquals(0f, h[2 * 4 + 0], 0);
            // hyperedge 3 = {3, 2}; mean distance from 7 = (7+6+4+0)/4 = 4.25
            assertEquals(Math.exp(-16.0 / (4.25 * 4.25)), h[2 * 4 + 3], 1e-6);
            float[] p = Hypergraph.knn(x, 1, KnnWeighting.PAPER_EQ10).incidence();
            // average pairwise distance over distinct pairs: (1+3+7+2+6+4)/6 = 23/6
            double delta = 23.0 / 6;
            assertEquals(Math.exp(-2 * 1.0 / delta), p[1 * 4 + 0], 1e-6);
            assertEquals(Math.exp(-2 * 16.0 / delta), p[2 * 4 + 3], 1e-6);
            float[] b = Hypergraph.knn(x, 1, KnnWeighting.BINARY).incidence();
            assertEquals(1f, b[1 * 4 + 0], 0);
            assertEquals(1f, b[2 * 4 + 3], 0);
            assertEquals(1f, b[3 * 4 + 3], 0);
        }
    }

    @Test
    void fromGraphIsAdjacencyPlusIdentity() {
        float[] h = Hypergraph.fromGraph(new int[][] {{1}, {}, {1}}).incidence();
        assertArrayEquals(new float[] {1, 1, 0, 1, 1, 1, 0, 1, 1}, h);
    }

    @Test
    void ordersOneIsHgnnComputedByHand() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.randomNormal(new Shape(6, 3));
            NDArray g = Hypergraph.of(H6, 6, 6).propagation(m);
            HybridHgcn hgnn = HybridHgcn.hgnn(4, 2);
            hgnn.initialize(m, DataType.FLOAT32, x.getShape(), g.getShape());
            NDArray out = hgnn.forward(new ParameterStore(m, false), new NDList(x, g), false).head();
            NDArray w1 = hgnn.firstLayer(0).weight().getArray();
            NDArray b1 = hgnn.firstLayer(0).bias().getArray();
            NDArray w2 = hgnn.secondLayer(0).weight().getArray();
            NDArray b2 = hgnn.secondLayer(0).bias().getArray();
            // Eq. 5 with HGNN's biases: Ĥ (ReLU(Ĥ (X Θ1 + b1)) Θ2 + b2)
            NDArray hidden = Activation.relu(g.matMul(x.matMul(w1).add(b1)));
            NDArray expected = g.matMul(hidden.matMul(w2).add(b2));
            assertArrayEquals(expected.toFloatArray(), out.toFloatArray(), 1e-5f);

            // three branches over the same operator with shared weights give HGNN exactly
            HybridHgcn hybrid = HybridHgcn.builder().setOrders(1, 2, 3).setHiddenUnits(4).setNumClasses(2).build();
            hybrid.initialize(m, DataType.FLOAT32, x.getShape(), g.getShape(), g.getShape(), g.getShape());
            hybrid.firstLayer(0).weight().getArray().set(w1.toFloatArray());
            hybrid.firstLayer(0).bias().getArray().set(b1.toFloatArray());
            hybrid.secondLayer(0).weight().getArray().set(w2.toFloatArray());
            hybrid.secondLayer(0).bias().getArray().set(b2.toFloatArray());
            NDArray same = hybrid.forward(new ParameterStore(m, false), new NDList(x, g, g, g), false).head();
            assertArrayEquals(expected.toFloatArray(), same.toFloatArray(), 1e-6f);
        }
    }

    @Test
    void hybridIsTheMaxOfItsBranches() {
        try (NDManager m = NDManager.newBaseManager()) {
            Hypergraph h = Hypergraph.of(H6, 6, 6);
            NDList ops = h.hopOperators(new int[] {1, 2, 3}, HopOperator.INCIDENCE_POWER, m);
            NDArray x = m.randomNormal(new Shape(6, 3));
            HybridHgcn hybrid = HybridHgcn.builder().setOrders(1, 2, 3).setHiddenUnits(4).setNumClasses(2)
                    .optShareWeights(false).build();
            NDList in = new NDList(x);
            in.addAll(ops);
            hybrid.initialize(m, DataType.FLOAT32, in.getShapes());
            assertEquals(12, hybrid.getParameters().size(), "per-branch Θ1, b1, Θ2, b2 for three branches");
            NDArray out = hybrid.forward(new ParameterStore(m, false), in, false).head();
            NDArray max = null;
            for (int i = 0; i < 3; i++) {
                HypergraphConv c1 = hybrid.firstLayer(i);
                HypergraphConv c2 = hybrid.secondLayer(i);
                NDArray z = HypergraphConv.hypergraphConv(Activation.relu(HypergraphConv.hypergraphConv(x, ops.get(i),
                        c1.weight().getArray(), c1.bias().getArray())), ops.get(i), c2.weight().getArray(), c2.bias().getArray());
                max = max == null ? z : max.maximum(z);
            }
            assertArrayEquals(max.toFloatArray(), out.toFloatArray(), 1e-6f);
            HybridHgcn shared = HybridHgcn.builder().setOrders(1, 2, 3).setHiddenUnits(4).setNumClasses(2).build();
            shared.initialize(m, DataType.FLOAT32, in.getShapes());
            assertEquals(4, shared.getParameters().size(), "shared Θ1, b1, Θ2, b2 (Eqs. 6, 8)");
        }
    }

    @Test
    void maxFusionRoutesTheGradientOnlyToTheArgMaxBranch() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray a = m.create(new float[] {1, 5, 3, -2}, new Shape(2, 2));
            NDArray b = m.create(new float[] {4, 2, 2, 0}, new Shape(2, 2));
            NDArray c = m.create(new float[] {0, 6, 1, -1}, new Shape(2, 2));
            NDArray weights = m.create(new float[] {1, 2, 3, 4}, new Shape(2, 2));
            for (NDArray z : new NDArray[] {a, b, c}) {
                z.setRequiresGradient(true);
            }
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray fused = HybridHgcn.fuse(new NDList(a, b, c), Fusion.MAX);
                assertArrayEquals(new float[] {4, 6, 3, 0}, fused.toFloatArray());
                gc.backward(fused.mul(weights).sum());
            }
            assertArrayEquals(new float[] {0, 0, 3, 0}, a.getGradient().toFloatArray());
            assertArrayEquals(new float[] {1, 0, 0, 4}, b.getGradient().toFloatArray());
            assertArrayEquals(new float[] {0, 2, 0, 0}, c.getGradient().toFloatArray());
        }
    }

    @Test
    void maskedLossByHand() {
        try (NDManager m = NDManager.newBaseManager()) {
            float[] z = {2, 0, 1, 1, 3, -1, 0.5f, 0.5f, 0};
            NDArray logits = m.create(z, new Shape(3, 3));
            NDArray labels = m.create(new int[] {0, -1, 2});
            double l0 = -(2 - Math.log(Math.exp(2) + Math.exp(0) + Math.exp(1)));
            double l2 = -(0 - Math.log(2 * Math.exp(0.5) + 1));
            NDArray loss = new MaskedSoftmaxCrossEntropyLoss().evaluate(new NDList(labels), new NDList(logits));
            assertEquals((l0 + l2) / 2, loss.getFloat(), 1e-6);
            // the unlabelled row gets no gradient
            logits.setRequiresGradient(true);
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                gc.backward(MaskedSoftmaxCrossEntropyLoss.maskedCrossEntropy(logits, labels));
            }
            float[] grad = logits.getGradient().toFloatArray();
            assertArrayEquals(new float[] {0, 0, 0}, new float[] {grad[3], grad[4], grad[5]});
            // softmax − one-hot, over 2 labelled rows
            double s = Math.exp(2) + 1 + Math.exp(1);
            assertEquals((Math.exp(2) / s - 1) / 2, grad[0], 1e-6);
        }
    }

    @Test
    void trainingFitsTheLabelsAndIsRepeatable() {
        SbmHypergraph g = SbmHypergraph.generate(120, 3, 4, 0.2, 10, 1.0, 3);
        LabelSplit split = LabelSplit.perClass(g.labels(), 3, 5, 3);
        assertEquals(15, split.count());
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = g.featuresArray(m);
            NDList ops = g.hypergraph().hopOperators(new int[] {1, 2}, HopOperator.INCIDENCE_POWER, m);
            int[] train = split.trainingLabels(g.labels());
            TransductiveTrainer trainer = TransductiveTrainer.builder().optEpochs(60).optSeed(5).build();
            TransductiveTrainer.Fit f1 = trainer.fit(HybridHgcn.builder().setOrders(1, 2).setHiddenUnits(16).setNumClasses(3)
                    .build(), x, ops, train);
            TransductiveTrainer.Fit f2 = trainer.fit(HybridHgcn.builder().setOrders(1, 2).setHiddenUnits(16).setNumClasses(3)
                    .build(), x, ops, train);
            assertArrayEquals(f1.losses(), f2.losses(), "same seed, same run");
            assertArrayEquals(f1.predictions(), f2.predictions());
            assertTrue(f1.losses()[59] < 0.5 * f1.losses()[0], "loss falls: " + f1.losses()[0] + " -> " + f1.losses()[59]);
            assertEquals(1.0, f1.accuracy(g.labels(), split.labelled()), 1e-9, "labelled vertices fitted");
            assertTrue(f1.accuracy(g.labels(), split.test()) > 0.6, "test accuracy " + f1.accuracy(g.labels(), split.test()));
            assertEquals(2, ops.size());
            assertTrue(x.getManager().getManagedArrays().size() < 10, "no per-epoch arrays left: "
                    + x.getManager().getManagedArrays().size());
            // the same run inside a caller-owned Model keeps the trained parameters: evaluating them again gives
            // the run's predictions
            try (ai.djl.Model model = ai.djl.Model.newInstance("kept")) {
                HybridHgcn block = HybridHgcn.builder().setOrders(1, 2).setHiddenUnits(16).setNumClasses(3).build();
                model.setBlock(block);
                TransductiveTrainer.Fit f3 = trainer.fit(model, x, ops, train);
                assertArrayEquals(f1.predictions(), f3.predictions());
                NDList in = new NDList(x);
                in.addAll(ops);
                long[] again = block.forward(new ai.djl.training.ParameterStore(m, false), in, false).head().argMax(1)
                        .toLongArray();
                for (int i = 0; i < again.length; i++) {
                    assertEquals(f3.predictions()[i], (int) again[i]);
                }
                assertThrows(IllegalArgumentException.class, () -> {
                    try (ai.djl.Model other = ai.djl.Model.newInstance("other")) {
                        other.setBlock(new ai.djl.nn.SequentialBlock());
                        trainer.fit(other, x, ops, train);
                    }
                });
            }
        }
    }

    @Test
    void labelRateSplitIsStratified() {
        int[] labels = new int[100];
        for (int i = 0; i < 100; i++) {
            labels[i] = i < 60 ? 0 : 1;
        }
        LabelSplit s = LabelSplit.rate(labels, 2, 0.1, 1);
        int[] count = new int[2];
        for (int i = 0; i < 100; i++) {
            count[labels[i]] += s.labelled()[i] ? 1 : 0;
        }
        assertArrayEquals(new int[] {6, 4}, count);
        assertNotEquals(java.util.Arrays.toString(s.labelled()),
                java.util.Arrays.toString(LabelSplit.rate(labels, 2, 0.1, 2).labelled()));
    }

    @Test
    void badInputsAreRejectedWithWhatWasExpected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> HybridHgcn.builder().setOrders(1, 1).setHiddenUnits(4).setNumClasses(2).build());
        assertTrue(e.getMessage().contains("distinct orders"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> HybridHgcn.builder().setOrders(1).setNumClasses(2).build());
        e = assertThrows(IllegalArgumentException.class, () -> Hypergraph.of(new float[6], 2, 3).power(2, false));
        assertTrue(e.getMessage().contains("square"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Hypergraph.of(new float[] {1, -1, 0, 1}, 2, 2));
        assertThrows(IllegalArgumentException.class, () -> Hypergraph.of(new float[5], 2, 3));
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray logits = m.zeros(new Shape(3, 2));
            e = assertThrows(IllegalArgumentException.class,
                    () -> MaskedSoftmaxCrossEntropyLoss.maskedCrossEntropy(logits, m.create(new int[] {0, 2, -1})));
            assertTrue(e.getMessage().contains("[-1, 2)"), e.getMessage());
            assertThrows(IllegalArgumentException.class,
                    () -> MaskedSoftmaxCrossEntropyLoss.maskedCrossEntropy(logits, m.create(new int[] {-1, -1, -1})));
            HybridHgcn block = HybridHgcn.hgnn(4, 2);
            e = assertThrows(IllegalArgumentException.class,
                    () -> block.initialize(m, DataType.FLOAT32, new Shape(3, 2), new Shape(4, 4)));
            assertTrue(e.getMessage().contains("operator (3, 3)"), e.getMessage());
        }
    }

    @Test
    void savesAndLoadsThroughDjlModel() throws Exception {
        java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("hybrid-hgcn");
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.randomNormal(new Shape(6, 3));
            NDList ops = Hypergraph.of(H6, 6, 6).hopOperators(new int[] {1, 2}, HopOperator.INCIDENCE_POWER, m);
            NDList in = new NDList(x);
            in.addAll(ops);
            float[] before;
            try (ai.djl.Model model = ai.djl.Model.newInstance("hgcn")) {
                model.setBlock(HybridHgcn.builder().setOrders(1, 2).setHiddenUnits(4).setNumClasses(2).optShareWeights(false)
                        .build());
                model.getBlock().initialize(model.getNDManager(), DataType.FLOAT32, in.getShapes());
                before = model.getBlock().forward(new ParameterStore(m, false), in, false).head().toFloatArray();
                model.save(dir, "hgcn");
            }
            try (ai.djl.Model model = ai.djl.Model.newInstance("hgcn")) {
                model.setBlock(HybridHgcn.builder().setOrders(1, 2).setHiddenUnits(4).setNumClasses(2).optShareWeights(false)
                        .build());
                model.load(dir, "hgcn");
                float[] after = model.getBlock().forward(new ParameterStore(m, false), in, false).head().toFloatArray();
                assertArrayEquals(before, after, 0f);
            }
        }
    }

    @Test
    void smokeReproductionFillsItsTables() {
        HybridHgcnReproduction repro = new HybridHgcnReproduction();
        io.github.prcv2021.repro.Settings s = repro.defaults(io.github.prcv2021.repro.Scale.SMOKE)
                .set("experiments", java.util.List.of("sbm", "sweep", "ablation")).set("sweepDatasets", java.util.List.of("sbm"))
                .set("sweepRates", java.util.List.of("0.1")).set("sweepSeeds", 1).set("ablationDatasets", java.util.List.of("sbm"))
                .set("ablationSeeds", 1);
        io.github.prcv2021.repro.Result r = io.github.prcv2021.repro.Runner.run(repro, s,
                io.github.prcv2021.repro.RunContext.quiet(io.github.prcv2021.repro.Scale.SMOKE, 1));
        double wins = r.measured(HybridHgcnReproduction.SBM_TABLE, HybridHgcnReproduction.GAIN, HybridHgcnReproduction.WINS);
        assertTrue(wins >= 0 && wins <= 2, "wins " + wins);
        assertTrue(r.getRows().stream().anyMatch(row -> row.table().startsWith("Label-rate sweep") && row.column().equals("10%")
                && row.measured() != null));
        assertTrue(r.getRows().stream().anyMatch(row -> row.table().startsWith("Paper Cora") && row.paper() == 89.81));
        assertTrue(r.getRows().stream().filter(row -> row.table().startsWith("Reading")).count() >= 11);
        assertEquals(1, r.getPlots().size());
    }

    /** A 6-vertex random soft square incidence with a unit diagonal. */
    private static final float[] H6 = randomIncidence(6, 11);

    private static float[] randomIncidence(int n, long seed) {
        Random r = new Random(seed);
        float[] h = new float[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                h[i * n + j] = i == j ? 1 : r.nextDouble() < 0.4 ? (float) r.nextDouble() : 0;
            }
        }
        return h;
    }

    private static double[][] toMatrix(float[] a, int rows, int cols) {
        double[][] m = new double[rows][cols];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                m[i][j] = a[i * cols + j];
            }
        }
        return m;
    }

    private static double[][] matMul(double[][] a, double[][] b) {
        int n = a.length;
        int k = b.length;
        int p = b[0].length;
        double[][] c = new double[n][p];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < p; j++) {
                for (int t = 0; t < k; t++) {
                    c[i][j] += a[i][t] * b[t][j];
                }
            }
        }
        return c;
    }

    /** {@code D_v^{-1/2} H W D_e^{-1} Hᵀ D_v^{-1/2}} in plain doubles. */
    private static double[][] normalised(double[][] h, double[] w) {
        int n = h.length;
        int e = h[0].length;
        double[] dv = new double[n];
        double[] de = new double[e];
        for (int v = 0; v < n; v++) {
            for (int j = 0; j < e; j++) {
                dv[v] += w[j] * h[v][j];
                de[j] += h[v][j];
            }
        }
        double[][] g = new double[n][n];
        for (int a = 0; a < n; a++) {
            for (int b = 0; b < n; b++) {
                double s = 0;
                for (int j = 0; j < e; j++) {
                    s += h[a][j] * w[j] / de[j] * h[b][j];
                }
                g[a][b] = s / Math.sqrt(dv[a] * dv[b]);
            }
        }
        return g;
    }
}

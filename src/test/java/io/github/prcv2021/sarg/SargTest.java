package io.github.prcv2021.sarg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.Trainer;
import ai.djl.training.initializer.NormalInitializer;
import ai.djl.util.Pair;
import io.github.prcv2021.metrics.Ranking;
import org.junit.jupiter.api.Test;

/** The blocks of paper 05 against hand calculations and the invariants the paper implies. */
class SargTest {

    private static float[] flat(NDArray a) {
        return a.toType(DataType.FLOAT32, false).toFloatArray();
    }

    @Test
    void relationGraphMatchesEquationOneOnHandValues() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray theta = m.create(new float[] {1, 2, 0}, new Shape(1, 3, 1));
            NDArray phi = m.create(new float[] {1, 0, 1}, new Shape(1, 3, 1));
            NDArray centres = m.create(new float[] {0, 0, 0.1f, 0, 1, 0}, new Shape(1, 3, 2));
            float[] a = flat(ActorRelationGraph.relation(theta, phi, centres, 0.5f));
            double e = Math.E;
            double e2 = e * e;
            // actor 2 is farther than mu from both others: its row keeps only itself
            float[] expected = {(float) (e / (e + 1)), (float) (1 / (e + 1)), 0, (float) (e2 / (e2 + 1)),
                (float) (1 / (e2 + 1)), 0, 0, 0, 1};
            assertArrayEquals(expected, a, 1e-5f);
            for (int i = 0; i < 3; i++) {
                assertEquals(1.0, a[3 * i] + a[3 * i + 1] + a[3 * i + 2], 1e-5);
            }
        }
    }

    @Test
    void relationGraphIsPermutationEquivariant() {
        try (NDManager m = NDManager.newBaseManager()) {
            ActorRelationGraph arg = ActorRelationGraph.builder().optRelationDim(4).optDistanceThreshold(0.6f).build();
            arg.setInitializer(new NormalInitializer(0.5f), Parameter.Type.WEIGHT);
            arg.initialize(m, DataType.FLOAT32, new Shape(1, 5, 3), new Shape(1, 5, 2));
            NDArray x = m.randomNormal(new Shape(1, 5, 3));
            NDArray c = m.randomUniform(0, 1, new Shape(1, 5, 2));
            int[] perm = {3, 0, 4, 1, 2};
            NDArray idx = m.create(new long[] {3, 0, 4, 1, 2});
            ParameterStore ps = new ParameterStore(m, false);
            NDArray a = arg.forward(ps, new NDList(x, c), false).singletonOrThrow();
            NDArray ap = arg.forward(ps, new NDList(x.get(":, {}", idx), c.get(":, {}", idx)), false).singletonOrThrow();
            float[] full = flat(a);
            float[] permuted = flat(ap);
            for (int i = 0; i < 5; i++) {
                for (int j = 0; j < 5; j++) {
                    assertEquals(full[perm[i] * 5 + perm[j]], permuted[i * 5 + j], 1e-5, "A[pi(i), pi(j)]");
                }
            }
        }
    }

    @Test
    void topRankSelectionKeepsTheHighestScores() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray s = m.create(new float[] {0.1f, 0.9f, 0.5f, 0.3f}, new Shape(1, 4));
            int kept = SubgraphPool.keptCount(4, 0.5f);
            assertEquals(2, kept);
            assertEquals(6, SubgraphPool.keptCount(12, 0.5f));
            assertEquals(3, SubgraphPool.keptCount(5, 0.5f)); // ⌈2.5⌉
            assertArrayEquals(new float[] {0, 1, 0, 0, 0, 0, 1, 0}, flat(SubgraphPool.selection(s, kept)));
        }
    }

    @Test
    void gatherGatesBySCoresAndScatterPutsRowsBack() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray s = m.create(new float[] {0.1f, 0.9f, 0.5f}, new Shape(1, 3));
            NDArray h = m.create(new float[] {1, 2, 3, 4, 5, 6}, new Shape(1, 3, 2));
            NDArray a = m.create(new float[] {0.5f, 0.25f, 0.25f, 0.2f, 0.6f, 0.2f, 0.1f, 0.3f, 0.6f}, new Shape(1, 3, 3));
            NDArray p = SubgraphPool.selection(s, 2); // actors 1, 2
            NDList sub = SubgraphPool.gather(p, h, s, a, true);
            assertArrayEquals(new float[] {0.9f * 3, 0.9f * 4, 0.5f * 5, 0.5f * 6}, flat(sub.get(0)), 1e-6f);
            // A[idx, idx] = [[0.6, 0.2], [0.3, 0.6]], rows renormalised
            assertArrayEquals(new float[] {0.75f, 0.25f, 1 / 3f, 2 / 3f}, flat(sub.get(1)), 1e-6f);
            NDArray back = p.transpose(0, 2, 1).batchMatMul(m.create(new float[] {7, 8, 9, 10}, new Shape(1, 2, 2)));
            assertArrayEquals(new float[] {0, 0, 7, 8, 9, 10}, flat(back));
            assertArrayEquals(new float[] {0.6f, 0.2f, 0.3f, 0.6f}, flat(SubgraphPool.gather(p, h, s, a, false).get(1)), 1e-6f);
        }
    }

    private static SargNet net(boolean subgraph, FusionMode fusion) {
        return SargNet.builder().setDim(8).setNumActions(4).setNumActivities(3).optNumGraphs(2).optRelationDim(4)
                .optDistanceThreshold(0.5f).optUseSubgraph(subgraph).optFusion(fusion).optDropout(0f).build();
    }

    @Test
    void groupPredictionIsInvariantToTheActorOrder() {
        for (FusionMode fusion : FusionMode.values()) {
            try (NDManager m = NDManager.newBaseManager()) {
                SargNet net = net(true, fusion);
                net.initialize(m, DataType.FLOAT32, new Shape(2, 6, 8), new Shape(2, 6, 2));
                NDArray x = m.randomNormal(new Shape(2, 6, 8));
                NDArray c = m.randomUniform(0, 1, new Shape(2, 6, 2));
                NDArray idx = m.create(new long[] {5, 2, 0, 4, 1, 3});
                ParameterStore ps = new ParameterStore(m, false);
                NDList out = net.forward(ps, new NDList(x, c), false);
                NDList perm = net.forward(ps, new NDList(x.get(":, {}", idx), c.get(":, {}", idx)), false);
                assertArrayEquals(flat(out.get(0)), flat(perm.get(0)), 1e-4f, fusion + ": activity logits");
                assertArrayEquals(flat(out.get(2).get(":, {}", idx)), flat(perm.get(2)), 1e-5f, fusion + ": scores follow the actors");
                Shape[] declared = net.getOutputShapes(new Shape[] {new Shape(2, 6, 8), new Shape(2, 6, 2)});
                for (int i = 0; i < out.size(); i++) {
                    assertEquals(declared[i], out.get(i).getShape());
                }
            }
        }
    }

    @Test
    void withoutSubgraphsTheNetworkIsArg() {
        SargNet arg = net(false, FusionMode.MAXPOOL);
        assertFalse(arg.usesSubgraph());
        for (Pair<String, Parameter> p : arg.getParameters()) {
            assertFalse(p.getKey().contains("subgraph"), p.getKey());
        }
        try (NDManager m = NDManager.newBaseManager()) {
            arg.initialize(m, DataType.FLOAT32, new Shape(1, 4, 8), new Shape(1, 4, 2));
            NDList out = arg.forward(new ParameterStore(m, false), new NDList(m.randomNormal(new Shape(1, 4, 8)),
                    m.randomUniform(0, 1, new Shape(1, 4, 2))), false);
            assertEquals(2, out.size());
        }
    }

    @Test
    void lossIsEquationFourteenOnHandValues() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray activity = m.create(new float[] {0, (float) Math.log(3)}, new Shape(1, 2));
            NDArray actions = m.create(new float[] {0, 0, (float) Math.log(3), 0}, new Shape(1, 2, 2));
            NDList labels = new NDList(m.create(new float[] {1}), m.create(new float[] {0, 1}, new Shape(1, 2)));
            NDList preds = new NDList(activity, actions);
            double group = -Math.log(0.75);
            double a0 = Math.log(2);
            double a1 = Math.log(4);
            assertEquals(group + (a0 + a1) / 2, new GroupActivityLoss().evaluate(labels, preds).getFloat(), 1e-5);
            assertEquals(group + 0.5 * (a0 + 3 * a1) / 4,
                    new GroupActivityLoss(0.5f, new float[] {1, 3}).evaluate(labels, preds).getFloat(), 1e-5);
        }
    }

    @Test
    void gradientsReachEveryParameterIncludingTheScoreEncoder() {
        for (AttentionEncoder enc : AttentionEncoder.values()) {
            SargNet net = SargNet.builder().setDim(8).setNumActions(4).setNumActivities(3).optNumGraphs(2).optRelationDim(4)
                    .optDistanceThreshold(2f).optEncoder(enc).optInputEmbedding(true).optDropout(0f).build();
            try (Model model = Model.newInstance("grad")) {
                model.setBlock(net);
                try (Trainer t = model.newTrainer(new DefaultTrainingConfig(new GroupActivityLoss()))) {
                    NDManager m = t.getManager();
                    t.initialize(new Shape(3, 5, 6), new Shape(3, 5, 2));
                    NDList in = new NDList(m.randomNormal(new Shape(3, 5, 6)), m.randomUniform(0, 1, new Shape(3, 5, 2)));
                    NDList labels = new NDList(m.create(new float[] {0, 1, 2}),
                            m.randomInteger(0, 4, new Shape(3, 5), DataType.INT32).toType(DataType.FLOAT32, false));
                    try (GradientCollector gc = t.newGradientCollector()) {
                        gc.backward(t.getLoss().evaluate(labels, t.forward(in)));
                    }
                    for (Pair<String, Parameter> p : net.getParameters()) {
                        double g = p.getValue().getArray().getGradient().abs().sum().getFloat();
                        assertTrue(g > 0, enc + ": no gradient at " + p.getKey());
                    }
                }
            }
        }
    }

    @Test
    void keyActorsCarryTheLabelAndDistractorsDoNot() {
        SyntheticGroupScenes world = SyntheticGroupScenes.builder().optNoise(0).optDecoyWeight(1).optSeed(7).build();
        SyntheticGroupScenes.Scenes s = world.generate(400, 3);
        float[] active = world.activeMarker();
        float[] standing = world.standingVector();
        int f = s.featureDim();
        int n = s.numActors();
        int decoyMatches = 0;
        for (int i = 0; i < s.count(); i++) {
            int g = (int) s.groups()[i];
            int keys = 0;
            double minX = 1;
            double maxX = 0;
            for (int a = 0; a < n; a++) {
                int slot = i * n + a;
                if (s.key()[slot]) {
                    keys++;
                    assertEquals(g, (int) s.actions()[slot]);
                    float[] p = world.prototype(g);
                    for (int k = 0; k < f; k++) {
                        assertEquals(p[k] + active[k], s.features()[slot * f + k], 1e-5);
                    }
                    minX = Math.min(minX, s.centres()[slot * 2]);
                    maxX = Math.max(maxX, s.centres()[slot * 2]);
                } else {
                    assertEquals(world.numClasses(), (int) s.actions()[slot]);
                    int decoy = -1;
                    for (int c = 0; c < world.numClasses() && decoy < 0; c++) {
                        float[] p = world.prototype(c);
                        boolean match = true;
                        for (int k = 0; k < f; k++) {
                            match &= Math.abs(standing[k] + p[k] - s.features()[slot * f + k]) < 1e-4;
                        }
                        decoy = match ? c : -1;
                    }
                    assertTrue(decoy >= 0, "a distractor is standing + b p_c");
                    decoyMatches += decoy == g ? 1 : 0;
                }
            }
            assertEquals(3, keys);
            assertTrue(maxX - minX <= 0.1 + 1e-6, "key actors stand together");
        }
        // decoys are independent of the label: about 1/C of them match it
        double rate = decoyMatches / (400.0 * 9);
        assertEquals(0.2, rate, 0.03);
    }

    @Test
    void roiAlignSamplesBinCentresBilinearly() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray map = m.create(new float[] {0, 1, 2, 3}, new Shape(1, 1, 2, 2));
            NDArray whole = m.create(new float[] {0, 0, 1, 1}, new Shape(1, 1, 4));
            assertArrayEquals(new float[] {0, 1, 2, 3}, flat(RoiActorEncoder.roiAlign(map, whole, 2)), 1e-6f);
            assertArrayEquals(new float[] {1.5f}, flat(RoiActorEncoder.roiAlign(map, whole, 1)), 1e-6f);
            RoiActorEncoder enc = RoiActorEncoder.builder().setEmbedding(16).optCropSize(3)
                    .optBackbone(Conv2d.builder().setKernelShape(new Shape(3, 3)).optPadding(new Shape(1, 1))
                            .optStride(new Shape(2, 2)).setFilters(4).build()).build();
            enc.initialize(m, DataType.FLOAT32, new Shape(2, 3, 32, 48), new Shape(2, 5, 4));
            NDArray boxes = m.randomUniform(0, 0.5f, new Shape(2, 5, 2)).concat(m.randomUniform(0.5f, 1, new Shape(2, 5, 2)), 2);
            NDArray x = enc.forward(new ParameterStore(m, false), new NDList(m.randomNormal(new Shape(2, 3, 32, 48)), boxes),
                    false).singletonOrThrow();
            assertEquals(new Shape(2, 5, 16), x.getShape());
            assertEquals(x.getShape(), enc.getOutputShapes(new Shape[] {new Shape(2, 3, 32, 48), new Shape(2, 5, 4)})[0]);
        }
    }

    @Test
    void reproductionVariantsParseAndUnknownOnesAreRejected() {
        io.github.prcv2021.repro.Settings s = new SargReproduction().defaults(io.github.prcv2021.repro.Scale.SMOKE);
        assertFalse(SargReproduction.network("arg:4", s, 6).usesSubgraph());
        assertTrue(SargReproduction.network("sarg:1:fc:add", s, 6).usesSubgraph());
        assertEquals("SARG (GCN encoder, Fusion Net), N_g = 4", SargReproduction.label("sarg:4:gcn:fusion"));
        assertThrows(IllegalArgumentException.class, () -> SargReproduction.network("sarg:4:gcn", s, 6));
        assertThrows(IllegalArgumentException.class, () -> SargReproduction.network("sarg:4:attn:max", s, 6));
        assertThrows(IllegalArgumentException.class, () -> SargReproduction.difficulty("1.5"));
    }

    @Test
    void aucCountsPairsAndTies() {
        assertEquals(0.75, Ranking.auc(new double[] {0.1, 0.4, 0.35, 0.8}, new boolean[] {false, false, true, true}), 1e-12);
        assertEquals(0.5, Ranking.auc(new double[] {1, 1}, new boolean[] {true, false}), 1e-12);
    }

    @Test
    void badInputIsRejectedWithWhatWasExpected() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray t = m.ones(new Shape(1, 3, 2));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> ActorRelationGraph.relation(t, t, m.ones(new Shape(1, 3, 3)), 0.2f));
            assertTrue(e.getMessage().contains("centres"), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> SubgraphPool.keptCount(4, 0f));
            assertThrows(IllegalArgumentException.class, () -> SubgraphPool.selection(m.ones(new Shape(1, 3)), 4));
            assertThrows(IllegalArgumentException.class, () -> SargNet.builder().setNumActions(2).build());
            assertThrows(IllegalArgumentException.class, () -> new GroupActivityLoss().evaluate(
                    new NDList(m.zeros(new Shape(2)), m.zeros(new Shape(2, 3))),
                    new NDList(m.zeros(new Shape(2, 4)), m.zeros(new Shape(2, 2, 5)))));
            assertThrows(IllegalArgumentException.class, () -> SyntheticGroupScenes.builder().optNumActors(2).build());
            SargNet net = net(true, FusionMode.FUSION_NET);
            net.initialize(m, DataType.FLOAT32, new Shape(1, 4, 8), new Shape(1, 4, 2));
            e = assertThrows(IllegalArgumentException.class, () -> net.forward(new ParameterStore(m, false),
                    new NDList(m.ones(new Shape(1, 4, 7)), m.ones(new Shape(1, 4, 2))), false));
            assertTrue(e.getMessage().contains("d = 8"), e.getMessage());
        }
    }
}

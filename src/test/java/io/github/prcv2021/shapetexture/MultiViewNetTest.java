package io.github.prcv2021.shapetexture;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Blocks;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.Trainer;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import ai.djl.util.Pair;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The multi-view network: shapes, convex weights, gradients to every branch, the frozen backbone, memory. */
class MultiViewNetTest {

    private static final Shape INPUT = new Shape(6, 1, 8, 8);

    /** A two-stage backbone on 8x8 images: taps (4, 8, 8) and (8, 4, 4); shape from stage 0, texture from both. */
    private static MultiViewNet net(boolean background) {
        MultiViewNet.Builder b = MultiViewNet.builder().setBackbone(StagedCnn.builder().setWidths(4, 8).build(), 0, 0, 1)
                .setNumClasses(3).setImageChannels(1).setUpsamplings(1).optShapeBlocks(2).optTextureChannels(6)
                .optTextureCodeDim(5).optDecoderBlocks(1).optMlpHidden(8).optDiscrepancyDim(7);
        if (background) {
            b.optBackground(new SequentialBlock().add(Blocks.batchFlattenBlock()).add(Linear.builder().setUnits(4).build())
                    .add(Activation.reluBlock()));
        }
        return b.build();
    }

    private static Trainer trainer(Model model, MultiViewNet net) {
        model.setBlock(net);
        DefaultTrainingConfig cfg = new DefaultTrainingConfig(MultiViewLoss.builder().build())
                .optOptimizer(Optimizer.adam().optLearningRateTracker(Tracker.fixed(1e-2f)).build());
        Trainer t = model.newTrainer(cfg);
        t.initialize(INPUT);
        return t;
    }

    private static NDList inputs(NDManager m, boolean background) {
        NDArray x = m.randomUniform(0f, 1f, INPUT);
        if (!background) {
            return new NDList(x);
        }
        return new NDList(x, m.randomUniform(0f, 1f, new Shape(6, 1, 8, 8)).gt(0.5f).toType(ai.djl.ndarray.types.DataType.FLOAT32, false));
    }

    /** A child block by its name (DJL prefixes an index). */
    private static ai.djl.nn.Block child(MultiViewNet net, String name) {
        for (Pair<String, ai.djl.nn.Block> c : net.getChildren()) {
            if (c.getKey().endsWith(name)) {
                return c.getValue();
            }
        }
        throw new AssertionError("no child " + name);
    }

    @Test
    void outputsHaveTheDeclaredShapesAndTheWeightsAreConvex() {
        for (boolean background : new boolean[] {false, true}) {
            try (Model model = Model.newInstance("mv"); Trainer t = trainer(model, net(background))) {
                MultiViewNet net = (MultiViewNet) model.getBlock();
                NDList out = t.forward(inputs(t.getManager(), background));
                Shape[] declared = net.getOutputShapes(background ? new Shape[] {INPUT, new Shape(6, 1, 8, 8)} : new Shape[] {INPUT});
                assertEquals(declared.length, out.size());
                for (int i = 0; i < out.size(); i++) {
                    assertEquals(declared[i], out.get(i).getShape(), "output " + i);
                }
                float[] w = net.viewWeights();
                assertEquals(background ? 3 : 2, w.length);
                double sum = 0;
                for (float v : w) {
                    assertEquals(1.0 / w.length, v, 1e-6); // a starts at 0
                    sum += v;
                }
                assertEquals(1, sum, 1e-6);
                float[] mix = out.get(MultiViewNet.MIXTURE).sum(new int[] {1}).toFloatArray();
                for (float v : mix) {
                    assertEquals(1, v, 1e-5); // a convex combination of distributions is a distribution
                }
                float[] rec = out.get(MultiViewNet.RECONSTRUCTION).toFloatArray();
                for (float v : rec) {
                    assertTrue(v >= 0 && v <= 1, "sigmoid output " + v);
                }
            }
        }
    }

    @Test
    void gradientsReachEveryBranchAndTheWeightsStaySummingToOne() {
        try (Model model = Model.newInstance("mv"); Trainer t = trainer(model, net(true))) {
            MultiViewNet net = (MultiViewNet) model.getBlock();
            NDList in = inputs(t.getManager(), true);
            NDArray y = t.getManager().create(new float[] {0, 1, 2, 0, 1, 2});
            try (GradientCollector gc = t.newGradientCollector()) {
                NDList out = t.forward(in);
                gc.backward(t.getLoss().evaluate(new NDList(y, in.get(0)), out));
            }
            for (String branch : List.of("shapeEncoder", "textureEncoder", "backgroundEncoder", "decoder", "shapeClassifier",
                    "textureClassifier", "backgroundClassifier")) {
                double norm = 0;
                for (Pair<String, Parameter> p : child(net, branch).getParameters()) {
                    if (p.getValue().requiresGradient()) {
                        norm += p.getValue().getArray().getGradient().abs().sum().getFloat();
                    }
                }
                assertTrue(norm > 0, branch + " receives no gradient");
            }
            assertTrue(net.viewLogits().getArray().getGradient().abs().sum().getFloat() > 0, "view logits receive no gradient");
            t.step();
            float[] w = net.viewWeights();
            assertEquals(1, w[0] + w[1] + w[2], 1e-6);
            assertTrue(w[0] != w[1] || w[1] != w[2], "weights did not move");
        }
    }

    @Test
    void backboneStaysFrozenThroughTrainingSteps() {
        try (Model model = Model.newInstance("mv"); Trainer t = trainer(model, net(false))) {
            MultiViewNet net = (MultiViewNet) model.getBlock();
            Map<String, float[]> before = new HashMap<>();
            for (Pair<String, Parameter> p : net.backbone().getParameters()) {
                before.put(p.getKey(), p.getValue().getArray().toFloatArray()); // includes BN running mean and variance
            }
            float[] textureBefore = child(net, "textureEncoder").getParameters().get(0).getValue().getArray().toFloatArray();
            for (int s = 0; s < 3; s++) {
                NDList in = inputs(t.getManager(), false);
                try (GradientCollector gc = t.newGradientCollector()) {
                    NDList out = t.forward(in);
                    gc.backward(t.getLoss().evaluate(new NDList(t.getManager().create(new float[] {0, 1, 2, 0, 1, 2}), in.get(0)), out));
                }
                t.step();
            }
            for (Pair<String, Parameter> p : net.backbone().getParameters()) {
                assertArrayEquals(before.get(p.getKey()), p.getValue().getArray().toFloatArray(), p.getKey() + " changed");
            }
            float[] textureAfter = child(net, "textureEncoder").getParameters().get(0).getValue().getArray().toFloatArray();
            assertTrue(!java.util.Arrays.equals(textureBefore, textureAfter), "the texture encoder did not train");
        }
    }

    @Test
    void overriddenWeightsGiveTheHandMixtureOfTheViews() {
        try (Model model = Model.newInstance("mv"); Trainer t = trainer(model, net(false))) {
            MultiViewNet net = (MultiViewNet) model.getBlock();
            NDList in = inputs(t.getManager(), false);
            ParameterStore store = new ParameterStore(t.getManager(), false);
            net.overrideViewWeights(0.3f, 1.2f);
            NDList out = net.forward(store, in, false);
            NDArray expected = out.get(MultiViewNet.P_SHAPE).mul(0.3f).add(out.get(MultiViewNet.P_TEXTURE).mul(1.2f));
            assertArrayEquals(expected.toFloatArray(), out.get(MultiViewNet.MIXTURE).toFloatArray(), 1e-6f);
            net.overrideViewWeights((float[]) null);
            NDList learned = net.forward(store, in, false);
            NDArray half = learned.get(MultiViewNet.P_SHAPE).add(learned.get(MultiViewNet.P_TEXTURE)).mul(0.5f);
            assertArrayEquals(half.toFloatArray(), learned.get(MultiViewNet.MIXTURE).toFloatArray(), 1e-6f);
        }
    }

    @Test
    void trainingStepsLeaveNoArraysBehindInTheModelsManager() {
        try (Model model = Model.newInstance("mv"); Trainer t = trainer(model, net(true))) {
            NDManager owner = model.getNDManager();
            int before = -1;
            for (int s = 0; s < 8; s++) {
                try (NDManager batch = t.getManager().newSubManager()) {
                    NDList in = inputs(batch, true);
                    try (GradientCollector gc = t.newGradientCollector()) {
                        NDList out = t.forward(in);
                        gc.backward(t.getLoss().evaluate(new NDList(batch.create(new float[] {0, 1, 2, 0, 1, 2}), in.get(0)), out));
                    }
                    t.step();
                }
                if (s == 2) {
                    before = owner.getManagedArrays().size(); // after the optimizer created its state
                }
            }
            assertEquals(before, owner.getManagedArrays().size(), "arrays accumulating in the model's manager");
        }
    }

    @Test
    void savedAndLoadedNetworkGivesTheSameOutputs(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        NDList in;
        float[] expected;
        float[] weights;
        try (Model model = Model.newInstance("mv"); Trainer t = trainer(model, net(false))) {
            in = inputs(t.getManager(), false);
            NDArray y = t.getManager().create(new float[] {0, 1, 2, 0, 1, 2});
            try (GradientCollector gc = t.newGradientCollector()) {
                NDList out = t.forward(in);
                gc.backward(t.getLoss().evaluate(new NDList(y, in.get(0)), out));
            }
            t.step();
            MultiViewNet net = (MultiViewNet) model.getBlock();
            expected = net.forward(new ParameterStore(t.getManager(), false), in, false).get(MultiViewNet.MIXTURE).toFloatArray();
            weights = net.viewWeights();
            model.save(dir, "mv");
            in = new NDList(in.get(0).duplicate()); // keep the input past the model's manager
            in.get(0).detach();
        }
        try (Model model = Model.newInstance("mv"); NDManager m = NDManager.newBaseManager()) {
            MultiViewNet net = net(false);
            model.setBlock(net);
            net.initialize(model.getNDManager(), ai.djl.ndarray.types.DataType.FLOAT32, INPUT); // creates the lazily sized blocks
            model.load(dir, "mv");
            NDArray x = in.get(0);
            x.attach(m);
            float[] got = net.forward(new ParameterStore(m, false), new NDList(x), false).get(MultiViewNet.MIXTURE).toFloatArray();
            assertArrayEquals(expected, got, 1e-6f);
            assertArrayEquals(weights, net.viewWeights(), 1e-7f);
        }
    }

    @Test
    void badInputIsRejectedWithWhatWasExpected() {
        try (Model model = Model.newInstance("mv"); Trainer t = trainer(model, net(true))) {
            MultiViewNet net = (MultiViewNet) model.getBlock();
            ParameterStore store = new ParameterStore(t.getManager(), false);
            NDArray x = t.getManager().ones(INPUT);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> net.forward(store, new NDList(x), false));
            assertTrue(e.getMessage().contains("NDList{image, alpha}"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class,
                    () -> net.forward(store, new NDList(x, t.getManager().ones(new Shape(6, 1, 8, 7))), false));
            assertTrue(e.getMessage().contains("alpha of shape (N, 1, H, W)"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> net.overrideViewWeights(0.5f, 0.5f));
            assertTrue(e.getMessage().contains("3 weights"), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> net.overrideViewWeights(0.5f, -0.1f, 0.5f));
        }
        assertThrows(IllegalArgumentException.class, () -> MultiViewNet.builder().setNumClasses(3).setImageChannels(1).setUpsamplings(1).build());
        assertThrows(IllegalArgumentException.class, () -> MultiViewNet.builder().setBackbone(StagedCnn.builder().setWidths(4).build(), 0));
        assertThrows(IllegalArgumentException.class, () -> StagedCnn.builder().setWidths(4, 0));
    }
}

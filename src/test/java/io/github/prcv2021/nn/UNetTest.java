package io.github.prcv2021.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The U-Net's parameter count by hand, its shapes, deep supervision and the guidance plumbing. */
class UNetTest {

    @Test
    void parameterCountMatchesTheArchitecture() {
        int c = 8;
        int f = 3;
        UNet net = UNet.builder().optBaseWidth(c).optLevels(f).setOutChannels(2).build();
        try (Model model = Model.newInstance("unet")) {
            model.setBlock(net);
            net.initialize(model.getNDManager(), DataType.FLOAT32, new Shape(1, 3, 32, 32));
            // by hand: doubleConv(in → w) = 9·in·w + 9·w·w weights (no bias) + 2 BN (γ, β) of w each
            long expected = 0;
            int in = 3;
            for (int k = 0; k < f; k++) {
                int w = c << k;
                expected += doubleConv(in, w);
                in = w;
            }
            expected += doubleConv(c << (f - 1), c << f);
            for (int k = f - 1; k >= 0; k--) {
                int w = c << k;
                expected += 4L * (2 * w) * w + w; // 2×2 transposed conv from 2w to w, with bias
                expected += doubleConv(2 * w, w);
            }
            expected += (long) c * 2 + 2; // 1×1 head with bias
            assertEquals(expected, trainable(net));
        }
    }

    @Test
    void shapesDeepSupervisionAndBadSizes() {
        UNet net = UNet.builder().optBaseWidth(4).optLevels(3).optDown(UNet.stridedConv())
                .optUp(UNet.transposedConv(3, 1, 1)).optDeepSupervision(true).setOutChannels(1).build();
        try (Model model = Model.newInstance("unet"); NDManager m = NDManager.newBaseManager()) {
            model.setBlock(net);
            net.initialize(model.getNDManager(), DataType.FLOAT32, new Shape(2, 1, 24, 16));
            NDList out = net.forward(new ParameterStore(model.getNDManager(), false),
                    new NDList(m.randomNormal(new Shape(2, 1, 24, 16))), false);
            assertEquals(3, out.size());
            assertEquals(new Shape(2, 1, 24, 16), out.get(0).getShape());
            assertEquals(new Shape(2, 1, 6, 4), out.get(1).getShape()); // level 2
            assertEquals(new Shape(2, 1, 12, 8), out.get(2).getShape()); // level 1
            Shape[] declared = net.getOutputShapes(new Shape[] {new Shape(2, 1, 24, 16)});
            for (int i = 0; i < 3; i++) {
                assertEquals(out.get(i).getShape(), declared[i]);
            }
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> net.forward(new ParameterStore(model.getNDManager(), false),
                            new NDList(m.randomNormal(new Shape(1, 1, 20, 16))), false));
            assertTrue(e.getMessage().contains("divisible by 8"), e.getMessage());
        }
    }

    @Test
    void samplersOfLevelKReceiveGuidanceMapK() {
        List<String> seen = new ArrayList<>();
        UNet net = UNet.builder().optBaseWidth(2).optLevels(3).optGuidance(new GuidanceStub())
                .optDown((k, in, out) -> new RecordingPool("down" + k, seen)).build();
        try (Model model = Model.newInstance("unet"); NDManager m = NDManager.newBaseManager()) {
            model.setBlock(net);
            net.initialize(model.getNDManager(), DataType.FLOAT32, new Shape(1, 1, 8, 8));
            NDArray y = net.forward(new ParameterStore(model.getNDManager(), false),
                    new NDList(m.randomNormal(new Shape(1, 1, 8, 8))), false).head();
            assertEquals(new Shape(1, 1, 8, 8), y.getShape());
        }
        // level k's map has k + 1 channels at 1/2^k of the input: the down-sampler of level k gets exactly that
        assertEquals(List.of("down0:(1, 1, 8, 8)", "down1:(1, 2, 4, 4)", "down2:(1, 3, 2, 2)"), seen);
    }

    /** Guidance: level k is the input repeated to k + 1 channels and average-pooled by 2^k. */
    private static final class GuidanceStub extends AbstractBlock {
        @Override
        protected NDList forwardInternal(ParameterStore ps, NDList in, boolean training, PairList<String, Object> params) {
            NDArray x = in.head();
            NDList out = new NDList();
            for (int k = 0; k < 3; k++) {
                int f = 1 << k;
                out.add(Pool.avgPool2d(x.repeat(1, k + 1), new Shape(f, f), new Shape(f, f), new Shape(0, 0), false, true));
            }
            return out;
        }

        @Override
        public Shape[] getOutputShapes(Shape[] in) {
            Shape x = in[0];
            Shape[] out = new Shape[3];
            for (int k = 0; k < 3; k++) {
                out[k] = new Shape(x.get(0), k + 1, x.get(2) >> k, x.get(3) >> k);
            }
            return out;
        }
    }

    /** Max-pooling that records the guidance shape it was handed. */
    private static final class RecordingPool extends AbstractBlock {
        private final String name;
        private final List<String> seen;

        RecordingPool(String name, List<String> seen) {
            this.name = name;
            this.seen = seen;
        }

        @Override
        protected NDList forwardInternal(ParameterStore ps, NDList in, boolean training, PairList<String, Object> params) {
            seen.add(name + ":" + in.get(1).getShape());
            return new NDList(Pool.maxPool2d(in.head(), new Shape(2, 2), new Shape(2, 2), new Shape(0, 0), false));
        }

        @Override
        public Shape[] getOutputShapes(Shape[] in) {
            Shape x = in[0];
            return new Shape[] {new Shape(x.get(0), x.get(1), x.get(2) / 2, x.get(3) / 2)};
        }
    }

    @Test
    void learnsToCopyItsInput() {
        // every parameter, through the transposed convolutions and the skips, takes part: an identity map is
        // learned to a small fraction of its initial error in 60 Adam steps
        UNet net = UNet.builder().optBaseWidth(4).optLevels(2).build();
        try (Model model = Model.newInstance("unet"); NDManager m = NDManager.newBaseManager()) {
            model.setBlock(net);
            m.getEngine().setRandomSeed(1);
            NDArray x = m.randomUniform(0, 1, new Shape(4, 1, 16, 16));
            ai.djl.training.DefaultTrainingConfig config = new ai.djl.training.DefaultTrainingConfig(
                    ai.djl.training.loss.Loss.l2Loss()).optOptimizer(ai.djl.training.optimizer.Optimizer.adam()
                    .optLearningRateTracker(ai.djl.training.tracker.Tracker.fixed(0.01f)).build());
            try (ai.djl.training.Trainer trainer = model.newTrainer(config)) {
                trainer.initialize(x.getShape());
                double first = 0;
                double last = 0;
                for (int i = 0; i < 60; i++) {
                    try (ai.djl.training.GradientCollector gc = trainer.newGradientCollector()) {
                        NDArray y = trainer.forward(new NDList(x)).head();
                        NDArray loss = y.sub(x).square().mean();
                        gc.backward(loss);
                        last = loss.getFloat();
                        if (i == 0) {
                            first = last;
                        }
                    }
                    trainer.step();
                }
                assertTrue(last < 0.1 * first, "loss " + first + " -> " + last);
            }
        }
    }

    private static long doubleConv(int in, int w) {
        return 9L * in * w + 2L * w + 9L * w * w + 2L * w;
    }

    private static long trainable(Block b) {
        long n = 0;
        for (Pair<String, Parameter> p : b.getParameters()) {
            Parameter.Type t = p.getValue().getType();
            if (t != Parameter.Type.RUNNING_MEAN && t != Parameter.Type.RUNNING_VAR) {
                n += p.getValue().getArray().size();
            }
        }
        return n;
    }
}

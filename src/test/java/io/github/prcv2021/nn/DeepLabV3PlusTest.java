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
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import ai.djl.util.Pair;
import io.github.prcv2021.metrics.ConfusionMatrix;
import org.junit.jupiter.api.Test;

/** DeepLabv3+'s shapes, the lite backbone's strides, and learning a trivial segmentation. */
class DeepLabV3PlusTest {

    @Test
    void backboneStridesAndDecoderShapes() {
        Block backbone = DeepLabV3Plus.liteBackbone(new int[] {8, 16, 16, 32}, 8, 1);
        try (NDManager m = NDManager.newBaseManager()) {
            backbone.initialize(m, DataType.FLOAT32, new Shape(2, 1, 32, 32));
            Shape[] f = backbone.getOutputShapes(new Shape[] {new Shape(2, 1, 32, 32)});
            assertEquals(new Shape(2, 16, 8, 8), f[0]); // stage 1: stride 4
            assertEquals(new Shape(2, 32, 4, 4), f[1]); // output stride 8: the fourth stage is dilated
            NDList out = backbone.forward(new ParameterStore(m, false), new NDList(m.randomNormal(new Shape(2, 1, 32, 32))), false);
            assertEquals(f[0], out.get(0).getShape());
            assertEquals(f[1], out.get(1).getShape());
            DeepLabV3Plus net = DeepLabV3Plus.builder().setNumClasses(3).optBackbone(backbone).optAsppRates(1, 2)
                    .optAsppChannels(16).optLowLevelChannels(8).optDecoderChannels(16).build();
            try (Model model = Model.newInstance("dl")) {
                model.setBlock(net);
                net.initialize(model.getNDManager(), DataType.FLOAT32, new Shape(2, 1, 32, 32));
                ParameterStore ps = new ParameterStore(model.getNDManager(), false);
                NDArray x = m.randomNormal(new Shape(2, 1, 32, 32));
                DeepLabV3Plus.Features feats = net.encode(ps, x, false);
                assertEquals(new Shape(2, 16, 4, 4), feats.high().getShape());
                assertEquals(new Shape(2, 3, 32, 32), net.forward(ps, new NDList(x), false).singletonOrThrow().getShape());
                assertEquals(new Shape(2, 8, 8, 8), net.reduceLow(ps, feats.low(), false).getShape());
            }
        }
        assertThrows(IllegalArgumentException.class, () -> DeepLabV3Plus.liteBackbone(new int[] {8, 16}, 16, 0));
        assertThrows(IllegalArgumentException.class, () -> DeepLabV3Plus.builder().build());
    }

    @Test
    void learnsABrightnessSegmentationAndEveryParameterGetsAGradient() {
        DeepLabV3Plus net = DeepLabV3Plus.builder().setNumClasses(2).optAsppRates(1, 2).optAsppChannels(16)
                .optLowLevelChannels(8).optDecoderChannels(16).optDropout(0.1f)
                .optBackbone(DeepLabV3Plus.liteBackbone(new int[] {8, 16, 16, 16}, 8, 1)).build();
        try (Model model = Model.newInstance("dl"); NDManager m = NDManager.newBaseManager()) {
            model.setBlock(net);
            m.getEngine().setRandomSeed(4);
            // class 1 where a smooth random field is above 0: blobs larger than the output stride
            NDArray field = Resize.bilinear(m.randomNormal(new Shape(16, 1, 4, 4)), 32, 32);
            NDArray labels = field.gt(0).toType(DataType.INT32, false).reshape(16, 32, 32);
            NDArray x = field.add(m.randomNormal(0, 0.2f, field.getShape(), DataType.FLOAT32));
            DefaultTrainingConfig config = new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
                    .optOptimizer(Optimizer.adam().optLearningRateTracker(Tracker.fixed(0.01f)).build());
            try (Trainer trainer = model.newTrainer(config)) {
                trainer.initialize(x.getShape());
                for (int i = 0; i < 40; i++) {
                    try (GradientCollector gc = trainer.newGradientCollector()) {
                        NDArray logits = trainer.forward(new NDList(x)).head();
                        NDArray flat = logits.transpose(0, 2, 3, 1).reshape(-1, 2);
                        NDArray loss = trainer.getLoss().evaluate(new NDList(labels.reshape(-1)), new NDList(flat));
                        gc.backward(loss);
                    }
                    if (i == 0) {
                        for (Pair<String, Parameter> p : net.getParameters()) {
                            Parameter.Type t = p.getValue().getType();
                            if (t != Parameter.Type.RUNNING_MEAN && t != Parameter.Type.RUNNING_VAR) {
                                assertTrue(p.getValue().getArray().getGradient().abs().sum().getFloat() > 0,
                                        "no gradient reaches " + p.getKey());
                            }
                        }
                    }
                    trainer.step();
                }
                NDArray pred = net.forward(new ParameterStore(model.getNDManager(), false), new NDList(x), false)
                        .singletonOrThrow().argMax(1);
                double miou = new ConfusionMatrix(2).add(pred, labels).meanIou();
                assertTrue(miou > 0.8, "mIoU after 40 steps " + miou);
            }
        }
    }
}

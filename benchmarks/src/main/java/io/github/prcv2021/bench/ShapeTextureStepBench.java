package io.github.prcv2021.bench;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.Trainer;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import io.github.prcv2021.shapetexture.MultiViewLoss;
import io.github.prcv2021.shapetexture.MultiViewNet;
import io.github.prcv2021.shapetexture.MultiViewStep;
import io.github.prcv2021.shapetexture.StagedCnn;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One training step of the shape-texture paper's multi-view network (paper 12, Eq. 8) through
 * {@link MultiViewStep}: the frozen 16-32-64 CNN in inference mode, the shape encoder (two IN residual
 * blocks and a final IN on stage 1 max-pooled to 7 x 7), the texture encoder (stages 0-2 area-resized
 * to 7 x 7, 1x1 convolutions to 64 channels, sum, ReLU, GAP, FC to 8), both classifiers, the softmax
 * view weights and mixture, the AdaIN decoder (two AdaIN residual blocks, two x2 upsamplings with 5x5
 * convolutions, 7x7 output, sigmoid), the fixed projections, the mixture NLL + L1 + 0.1 cosine loss,
 * backward and an Adam update: the quick reproduction's network on a batch of 28 x 28 images. Peer:
 * {@code pytorch/shape_texture_step.py} (rows {@code shape_texture_step/<model>}).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ShapeTextureStepBench extends EngineState {

    /** The network: the quick reproduction's. */
    @Param({"quick"})
    public String model;

    private Model net;
    private Trainer trainer;
    private NDManager data;
    private NDArray x;
    private NDArray y;
    private final MultiViewStep step = new MultiViewStep();

    /** Builds and initialises the network; fixed uniform images and labels. */
    @Setup(Level.Trial)
    public void setUp() {
        startEngine();
        net = Model.newInstance("shape-texture-bench");
        net.setBlock(MultiViewNet.builder().setBackbone(StagedCnn.builder().setWidths(16, 32, 64).build(), 1, 0, 1, 2)
                .setNumClasses(10).setImageChannels(1).setUpsamplings(2).optShapeBlocks(2).build());
        trainer = net.newTrainer(new DefaultTrainingConfig(MultiViewLoss.builder().build())
                .optOptimizer(Optimizer.adam().optLearningRateTracker(Tracker.fixed(1e-3f)).build()));
        trainer.initialize(new Shape(batch, 1, 28, 28));
        data = net.getNDManager().newSubManager();
        data.getEngine().setRandomSeed(42);
        x = data.randomUniform(0f, 1f, new Shape(batch, 1, 28, 28));
        y = data.randomInteger(0, 10, new Shape(batch), ai.djl.ndarray.types.DataType.INT32)
                .toType(ai.djl.ndarray.types.DataType.FLOAT32, false);
    }

    /** Frees everything. */
    @TearDown(Level.Trial)
    public void tearDown() {
        data.close();
        trainer.close();
        net.close();
    }

    /** One step; returns the loss so nothing is elided. */
    @Benchmark
    public double trainStep() {
        return stepOnCopies(trainer, step, x, y, batch);
    }
}

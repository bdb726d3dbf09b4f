package io.github.prcv2021.bench;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import io.github.prcv2021.core.EngineTuning;
import io.github.prcv2021.fdattention.FdAttention;
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
 * Paper 02's Feature Difference step and the networks it is inserted into. Peer:
 * {@code pytorch/fd_attention.py} (rows {@code fd_attention/<model>}).
 *
 * <ul>
 *   <li>{@code fd-c16}: the FD step alone, {@link FdAttention#refine} ({@code sigmoid(smooth(F − X)) ⊙ F})
 *       forward and backward to both taps, on fixed X and F of shape (batch, 16, 32, 32) (the first
 *       stage of a CIFAR ResNet); the peer uses {@code F.smooth_l1_loss(reduction="none")}.
 *   <li>{@code resnet20}, {@code fd-resnet20}: one training step of {@link BenchModels}' CIFAR ResNet-20
 *       without and with FD (the documented DJL path, {@code EasyTrain.trainBatch} and
 *       {@code Trainer.step()}); their ratio is FD's cost in a network.
 * </ul>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(1)
public class FdAttentionBench extends EngineState {

    /** What is measured: the FD step or a network's training step. */
    @Param({"fd-c16", "resnet20", "fd-resnet20"})
    public String model;

    private NDManager data;
    private NDArray x;
    private NDArray f;
    private TrainFixture fixture;

    /** The fixed tensors or the network's fixture. */
    @Setup(Level.Trial)
    public void setUp() {
        startEngine();
        EngineTuning.apply();
        if (model.startsWith("fd-c")) {
            int channels = Integer.parseInt(model.substring(4));
            data = NDManager.newBaseManager();
            Engine.getInstance().setRandomSeed(42);
            x = data.randomNormal(new Shape(batch, channels, 32, 32));
            f = data.randomNormal(new Shape(batch, channels, 32, 32));
        } else {
            fixture = TrainFixture.create(model, batch, 42);
            if (fixture.trainableParameters() != BenchModels.parameterCount(model)) {
                throw new IllegalStateException(model + " has " + fixture.trainableParameters() + " parameters");
            }
        }
    }

    /** Frees everything. */
    @TearDown(Level.Trial)
    public void tearDown() {
        if (data != null) {
            data.close();
        }
        if (fixture != null) {
            fixture.close();
        }
    }

    /** The FD step forward and backward, or one training step of the network. */
    @Benchmark
    public void step() {
        if (fixture != null) {
            fixture.trainerStep();
            return;
        }
        try (NDManager step = data.newSubManager()) {
            NDArray xs = x.duplicate();
            NDArray fs = f.duplicate();
            step.tempAttachAll(xs, fs);
            xs.setRequiresGradient(true);
            fs.setRequiresGradient(true);
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                gc.backward(FdAttention.refine(xs, fs, 1f).sum());
            }
        }
    }
}

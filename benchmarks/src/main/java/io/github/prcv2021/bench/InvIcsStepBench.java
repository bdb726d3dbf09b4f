package io.github.prcv2021.bench;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.Trainer;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import io.github.prcv2021.invics.InvIcsLoss;
import io.github.prcv2021.invics.InvIcsNet;
import io.github.prcv2021.train.StandardStep;
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
 * One InvICS training step of paper 45 at the reproduction's size: CS ratio 25 % (Φ 272 × 1089, orthonormal
 * start), P-block, K = 3 phases of z = 8 channels (gradient step, Cayley-orthogonal 1×1 mixing, dense block of
 * 3 layers with growth 8, two residual blocks), the loss MSE + 0.01·mean((ΦΦᵀ − I)²), backward and an Adam
 * update, on a fixed batch of 16 uniform 33×33 blocks ({@code model} fixes the batch; the shared
 * {@code batch} parameter is not used). Peer: {@code pytorch/invics_step.py} (rows {@code invics_step/<model>}).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class InvIcsStepBench extends EngineState {

    /** The network and batch: {@code k3-z8-b16}. */
    @Param({"k3-z8-b16"})
    public String model;

    private Model net;
    private Trainer trainer;
    private NDManager data;
    private NDArray x;
    private final StandardStep step = new StandardStep(false);
    private int size;

    /** Builds the network and the fixed batch. */
    @Setup(Level.Trial)
    public void setUp() {
        startEngine();
        String[] p = model.split("-");
        int k = Integer.parseInt(p[0].substring(1));
        int z = Integer.parseInt(p[1].substring(1));
        size = Integer.parseInt(p[2].substring(1));
        net = Model.newInstance("invics-bench");
        data = net.getNDManager().newSubManager();
        data.getEngine().setRandomSeed(42);
        net.setBlock(InvIcsNet.builder().setCsRatio(25).optPhases(k).optStateChannels(z).optDenseLayers(3).optDenseGrowth(8)
                .build());
        trainer = net.newTrainer(new DefaultTrainingConfig(new InvIcsLoss(0.01f))
                .optOptimizer(Optimizer.adam().optLearningRateTracker(Tracker.fixed(5e-4f)).build()));
        trainer.initialize(new Shape(size, 1, 33, 33));
        x = data.randomUniform(0f, 1f, new Shape(size, 1, 33, 33));
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
        return stepOnCopies(trainer, step, x, x, size);
    }
}

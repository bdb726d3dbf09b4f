package io.github.prcv2021.bench;

import ai.djl.Model;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.Trainer;
import io.github.prcv2021.mran.MranTrainer;
import io.github.prcv2021.mran.Mranet;
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
 * One training step of paper 24 ({@code MranTrainer.step}): MRANet's forward (SFB, m residual groups of n
 * FFA-form RCBs with per-channel PReLU and channel attention, concat fusion with channel attention, tail
 * conv, y = x − z), the L1 loss of Eq. 6, backward and an Adam update (lr 1e-3). {@code quick-c16}: C = 16,
 * m = 2, n = 2, batch 8 of 32×32 (the claim test's network); {@code paper-c64}: C = 64, m = 3, n = 10, batch 2
 * of 64×64 (the paper's network and batch). Inputs: uniform noise in [0, 1] (the cost does not depend on the
 * values). Peer: {@code pytorch/mran_step.py} (rows {@code mran_step/<model>}).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(1)
public class MranStepBench extends EngineState {

    /** {@code quick-c16} or {@code paper-c64}. */
    @Param({"quick-c16", "paper-c64"})
    public String model;

    private Model net;
    private Trainer trainer;
    private NDManager data;
    private NDList noisy;
    private NDList clean;

    /** Builds the network, the trainer and one batch. */
    @Setup(Level.Trial)
    public void setUp() {
        startEngine();
        boolean paper = model.startsWith("paper");
        int batch = paper ? 2 : 8;
        int side = paper ? 64 : 32;
        net = Model.newInstance("mran-bench");
        net.setBlock(paper ? Mranet.builder().build()
                : Mranet.builder().optChannels(16).optGroups(2).optBlocksPerGroup(2).build());
        data = net.getNDManager().newSubManager();
        data.getEngine().setRandomSeed(42);
        Shape shape = new Shape(batch, 1, side, side);
        clean = new NDList(data.randomUniform(0f, 1f, shape));
        noisy = new NDList(data.randomUniform(0f, 1f, shape));
        trainer = net.newTrainer(MranTrainer.builder().setSteps(1).optLearningRate(1e-3f).build().config());
        trainer.initialize(shape);
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
        try (NDManager step = data.newSubManager()) {
            step.tempAttachAll(noisy, clean);
            return MranTrainer.step(trainer, noisy, clean);
        }
    }
}

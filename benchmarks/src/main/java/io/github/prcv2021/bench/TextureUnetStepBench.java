package io.github.prcv2021.bench;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import io.github.prcv2021.core.EngineTuning;
import io.github.prcv2021.core.Seeds;
import io.github.prcv2021.textureunet.DeepSupervisionLoss;
import io.github.prcv2021.textureunet.ImedLoss;
import io.github.prcv2021.textureunet.TextureGuidedUNet;
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
 * One training step of paper 04 (forward, loss, backward, Adam 1e-3) on a fixed batch of {@code batch}
 * single-channel 64×64 crops, the reproduction's quick-scale network (C = 8, 3 levels). {@code model}:
 * {@code unet} (3×3 stride-2 conv + BN + ReLU down, 3×3 stride-2 transposed conv up, MSE) or {@code tgunet}
 * (the same layers as PAC T-Down / T-Up guided by Haar DWT → 3 convs → 4 channels per level, deep supervision
 * with side weight 0.25, IMED σ = 1, 7×7). Peer: {@code pytorch/texture_unet_step.py} (rows
 * {@code texture_unet_step/<model>}).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(1)
public class TextureUnetStepBench extends EngineState {

    /** The network. */
    @Param({"unet-b8", "tgunet-b8"})
    public String model;

    private Model net;
    private Trainer trainer;
    private NDArray x;
    private NDArray y;

    /** The network, its trainer and the fixed batch. */
    @Setup(Level.Trial)
    public void setUp() {
        startEngine();
        EngineTuning.apply();
        Seeds.seedAll(42);
        // the model name carries the batch ("tgunet-b8"), so that run.sh, which sets no batch, measures the
        // batch the README reports; without a suffix the shared batch parameter applies
        String[] parts = model.split("-b");
        String kind = parts[0];
        int batch = parts.length > 1 ? Integer.parseInt(parts[1]) : this.batch;
        boolean tg = kind.equals("tgunet");
        if (!tg && !kind.equals("unet")) {
            throw new IllegalArgumentException("TextureUnetStepBench expects model unet[-bN] or tgunet[-bN], got " + model);
        }
        net = Model.newInstance(kind);
        net.setBlock(tg ? TextureGuidedUNet.textureGuided(8, 3, 4, true) : TextureGuidedUNet.plain(8, 3, false));
        Loss loss = tg ? new DeepSupervisionLoss(new ImedLoss(), 0.25) : Loss.l2Loss("mse", 1f);
        trainer = net.newTrainer(new DefaultTrainingConfig(loss)
                .optOptimizer(Optimizer.adam().optLearningRateTracker(Tracker.fixed(1e-3f)).build()));
        trainer.initialize(new Shape(batch, 1, 64, 64));
        NDManager m = trainer.getManager();
        x = m.randomUniform(0, 1, new Shape(batch, 1, 64, 64));
        y = m.randomUniform(0, 1, new Shape(batch, 1, 64, 64));
    }

    /** Frees the trainer and the model. */
    @TearDown(Level.Trial)
    public void tearDown() {
        trainer.close();
        net.close();
    }

    /** One step; its intermediates live in a sub-manager closed at the end. */
    @Benchmark
    public void trainStep() {
        try (NDManager sub = trainer.getManager().newSubManager()) {
            NDArray xi = x.duplicate();
            xi.attach(sub);
            try (GradientCollector gc = trainer.newGradientCollector()) {
                NDArray loss = trainer.getLoss().evaluate(new NDList(y), trainer.forward(new NDList(xi)));
                gc.backward(loss);
            }
            trainer.step();
        }
    }
}

package io.github.prcv2021.bench;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.github.prcv2021.logpbcd.LogPbcdTrainer;
import io.github.prcv2021.logpbcd.PaperSetting;
import java.util.Random;
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
 * One LOG-PBCD iteration ({@link LogPbcdTrainer#iterate()}, Fashion-MNIST setting, 784-500-500-10,
 * objective and accuracy off) on M random samples: a full forward sweep of block updates
 * W_l, b_l, Z_l, A_l for the hidden layers, then W_L, b_L, Z_L. Peer:
 * {@code pytorch/logpbcd_iteration.py} (rows {@code log_pbcd_iteration/<model>}), the same updates
 * in the same order with the same formulas in torch.
 *
 * <p>{@code model} is {@code m<M>}. X is 784 × M uniform in [0, 1] (float32), Y one-hot 10 × M.
 * The trainer is initialised once per trial; every op continues from the previous state (the cost
 * of an iteration does not depend on the values). The trainer runs each iteration in its own
 * sub-manager and each block in its own scope.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 1, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(1)
public class LogPbcdIterationBench extends EngineState {

    /** The number of samples, {@code m<M>}. */
    @Param({"m2000"})
    public String model;

    private NDManager data;
    private LogPbcdTrainer trainer;

    /** Random data and an initialised trainer. */
    @Setup(Level.Trial)
    public void setUp() {
        startEngine();
        int m = Integer.parseInt(model.substring(1));
        Random random = new Random(42);
        float[] x = new float[784 * m];
        for (int i = 0; i < x.length; i++) {
            x[i] = random.nextFloat();
        }
        float[] y = new float[10 * m];
        for (int j = 0; j < m; j++) {
            y[random.nextInt(10) * m + j] = 1f;
        }
        data = Engine.getInstance().newBaseManager();
        NDArray xs = data.create(x, new Shape(784, m));
        NDArray ys = data.create(y, new Shape(10, m));
        trainer = LogPbcdTrainer.builder()
                .optPaperSetting(PaperSetting.FASHION_MNIST)
                .optLayerSizes(784, 500, 500, 10)
                .optSeed(1)
                .optEvaluateObjective(false)
                .optEvaluateAccuracy(false)
                .build();
        trainer.initialize(xs, ys);
    }

    /** Frees the trainer's state and the data. */
    @TearDown(Level.Trial)
    public void tearDown() {
        trainer.close();
        data.close();
    }

    /** One iteration (it synchronises the engine before it returns). */
    @Benchmark
    public Object iterate() {
        return trainer.iterate();
    }
}

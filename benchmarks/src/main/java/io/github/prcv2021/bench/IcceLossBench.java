package io.github.prcv2021.bench;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.loss.Loss;
import io.github.prcv2021.icce.BaselineLosses;
import io.github.prcv2021.icce.IcceLoss;
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
 * One loss forward and backward on fixed logits of shape (batch, K) with class-index labels: the
 * ICCE loss of the paper ({@link IcceLoss}, T = 4, the exact 31-term series of Eq. 5) against
 * cross-entropy. Peer: {@code pytorch/icce_loss.py} (rows {@code icce_loss/<model>}).
 *
 * <p>{@code model} is {@code <loss>-c<K>}: {@code icce} ({@code IcceLoss.builder().setT(4f)}),
 * {@code cce} (the library's {@link BaselineLosses#cce()}) or {@code sce} (DJL's
 * {@link Loss#softmaxCrossEntropyLoss()}); the peer computes the same series in torch for
 * {@code icce} and {@code F.cross_entropy} for {@code cce} and {@code sce}.
 *
 * <p>Each op: a sub-manager, a fresh copy of the logits that requires a gradient, the loss inside a
 * {@link GradientCollector}, backward; the sub-manager closes every array of the op.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
public class IcceLossBench extends EngineState {

    /** The loss and the number of classes. */
    @Param({"icce-c10", "cce-c10", "sce-c10", "icce-c100", "cce-c100"})
    public String model;

    private NDManager data;
    private NDArray logits;
    private NDArray labels;
    private Loss loss;

    /** Fixed Gaussian logits and uniform labels, and the loss. */
    @Setup(Level.Trial)
    public void setUp() {
        startEngine();
        String[] parts = model.split("-c");
        int classes = Integer.parseInt(parts[1]);
        switch (parts[0]) {
            case "icce":
                loss = IcceLoss.builder().setT(4f).build();
                break;
            case "cce":
                loss = BaselineLosses.cce();
                break;
            case "sce":
                loss = Loss.softmaxCrossEntropyLoss();
                break;
            default:
                throw new IllegalArgumentException("IcceLossBench: unknown loss " + parts[0]);
        }
        Random random = new Random(42);
        float[] z = new float[batch * classes];
        for (int i = 0; i < z.length; i++) {
            z[i] = (float) random.nextGaussian();
        }
        float[] y = new float[batch];
        for (int i = 0; i < batch; i++) {
            y[i] = random.nextInt(classes);
        }
        data = Engine.getInstance().newBaseManager();
        logits = data.create(z, new Shape(batch, classes));
        labels = data.create(y, new Shape(batch));
    }

    /** Frees the fixed arrays. */
    @TearDown(Level.Trial)
    public void tearDown() {
        data.close();
    }

    /** Loss forward and backward; returns the gradient's first entry so nothing is elided. */
    @Benchmark
    public float forwardBackward() {
        try (NDManager op = data.newSubManager()) {
            NDArray z = logits.duplicate();
            z.attach(op);
            NDArray y = labels.duplicate();
            y.attach(op);
            z.setRequiresGradient(true);
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                gc.backward(loss.evaluate(new NDList(y), new NDList(z)));
            }
            return z.getGradient().getFloat(0, 0);
        }
    }
}

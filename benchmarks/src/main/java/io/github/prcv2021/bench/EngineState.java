package io.github.prcv2021.bench;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.Trainer;
import ai.djl.training.dataset.Batch;
import ai.djl.translate.Batchifier;
import io.github.prcv2021.train.TrainingStep;
import io.github.prcv2021.core.Seeds;
import java.util.Random;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * What every benchmark's state shares: the batch size parameter and the engine, started once per
 * forked JVM with the thread counts given on the command line ({@code -jvmArgsAppend
 * "-Dai.djl.pytorch.num_threads=N -Dai.djl.pytorch.num_interop_threads=N"}, as {@code run.sh} does
 * and as the PyTorch peer is told with {@code --threads N}).
 *
 * <p>A new benchmark extends this (or {@link TrainState} for a training step), adds its
 * {@code @Param}s and a {@code @Setup(Level.Trial)} that builds what it measures in a manager it
 * closes in its {@code @TearDown}; its peer is a script in {@code pytorch/} that calls
 * {@code harness.measure("<group>/<name>", step, args)}.
 */
@State(Scope.Benchmark)
public abstract class EngineState {

    /** The batch size, the same in the peer ({@code --batch}). */
    @Param({"128"})
    public int batch;

    /** Starts the engine and checks that it runs with the thread counts the run asked for. */
    protected void startEngine() {
        Engine.getInstance();
        Integer want = Integer.getInteger("ai.djl.pytorch.num_threads");
        if (want != null && JniUtils.getNumThreads() != want) {
            throw new IllegalStateException("engine runs " + JniUtils.getNumThreads()
                    + " intra-op threads, the run asked for " + want);
        }
    }

    /**
     * A fixed batch: uniform [0, 1] pixels of shape {@code in} and uniform class indices below
     * {@code classes}, the same on every run (seeded from 42).
     *
     * @return {@code {x, y}}, owned by {@code manager}
     */
    protected static NDArray[] uniformBatch(NDManager manager, Shape in, int classes) {
        Random random = new Random(Seeds.derive(42, "bench-data"));
        float[] pixels = new float[(int) in.size()];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = random.nextFloat();
        }
        int n = (int) in.get(0);
        float[] labels = new float[n];
        for (int i = 0; i < n; i++) {
            labels[i] = random.nextInt(classes);
        }
        return new NDArray[] {manager.create(pixels, in), manager.create(labels, new Shape(n))};
    }

    /**
     * Runs one training step on fresh copies of a fixed batch, all in a sub-manager of the trainer's
     * closed after the step, and returns its summed loss (so nothing is elided).
     */
    protected static double stepOnCopies(Trainer trainer, TrainingStep step, NDArray x, NDArray y, int batch) {
        try (NDManager op = trainer.getManager().newSubManager()) {
            NDArray xi = x.duplicate();
            xi.attach(op);
            NDArray yi = y.duplicate();
            yi.attach(op);
            Batch b = new Batch(op, new NDList(xi), new NDList(yi), batch, Batchifier.STACK, Batchifier.STACK, 0, 0);
            return step.step(trainer, b).lossSum();
        }
    }
}

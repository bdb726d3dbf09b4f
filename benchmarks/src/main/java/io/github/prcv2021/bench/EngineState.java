package io.github.prcv2021.bench;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;
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
}

package io.github.prcv2021.bench;

import io.github.prcv2021.core.EngineTuning;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;

/**
 * A {@link TrainFixture} per trial: one model of {@link BenchModels} with its trainer and a fixed
 * batch. Benchmarks that time a training step extend this and choose the step in their
 * {@code @Benchmark} method; {@code model} names the row the peer must print too.
 */
public abstract class TrainState extends EngineState {

    /** The model, one of {@link BenchModels#NAMES}. */
    @Param({"cnn7", "cnn7-nobn", "mlp", "resnet44"})
    public String model;

    protected TrainFixture fixture;

    /** Starts the engine and builds the fixture. */
    @Setup(Level.Trial)
    public void setUpFixture() {
        startEngine();
        // as the library's training code does; with no prcv.threads property it changes nothing
        // and only reports the OpenMP environment
        EngineTuning.apply();
        fixture = TrainFixture.create(model, batch, 42);
        long params = fixture.trainableParameters();
        if (params != BenchModels.parameterCount(model)) {
            throw new IllegalStateException(model + " has " + params + " trainable parameters, "
                    + "BenchModels and models.py say " + BenchModels.parameterCount(model));
        }
    }

    /** Closes the fixture and every array it owns. */
    @TearDown(Level.Trial)
    public void tearDownFixture() {
        fixture.close();
    }
}

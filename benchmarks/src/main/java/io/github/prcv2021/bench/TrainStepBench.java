package io.github.prcv2021.bench;

import io.github.prcv2021.core.LeanSgd;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One training step (forward, softmax cross-entropy, backward, SGD with momentum) of a model of
 * {@link BenchModels} on a fixed batch. Peer: {@code pytorch/train_step.py} (rows
 * {@code train_step/<model>}).
 *
 * <ul>
 *   <li>{@link #trainer()}: the documented DJL way, {@code EasyTrain.trainBatch} then
 *       {@code Trainer.step()} with {@code Optimizer.sgd()}.
 *   <li>{@link #lean()}: the library's lean step: the trainer's forward and loss in a gradient
 *       collector, then {@link LeanSgd} in place of {@code Trainer.step()}.
 * </ul>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class TrainStepBench extends TrainState {

    private LeanSgd sgd;

    /** The lean optimizer, with the same hyperparameters as the trainer's. */
    @Setup(Level.Trial)
    public void setUpSgd() {
        sgd = LeanSgd.builder()
                .setLearningRate(TrainFixture.LEARNING_RATE)
                .optMomentum(TrainFixture.MOMENTUM)
                .build();
    }

    /** Frees the momentum buffers. */
    @TearDown(Level.Trial)
    public void tearDownSgd() {
        sgd.close();
    }

    /** DJL's documented path: Batch, EasyTrain.trainBatch, Trainer.step. */
    @Benchmark
    public void trainer() {
        fixture.trainerStep();
    }

    /** The library's lean path: forward, loss, backward, LeanSgd. */
    @Benchmark
    public void lean() {
        fixture.leanStep(sgd);
    }
}

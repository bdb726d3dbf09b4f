package io.github.prcv2021.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.github.prcv2021.core.EngineTuning;
import io.github.prcv2021.emmf.Emmf;
import java.util.ArrayList;
import java.util.List;
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
 * One iteration of paper 23's Algorithm 1 ({@code Emmf.Session.step()}: the encoder-and-decoders update on
 * {@code L1 = L_R + λ_d L_RD}, then the discriminators' update on {@code −L_D}), full batch, on n samples
 * ({@code n-500}, the quick scale) with three uniform [0, 1] views of widths 64, 32, 32, the paper's widths,
 * k = 10, λ_d = 0.1, Adam 1e−3 for both players. Peer: {@code pytorch/emmf_iteration.py} (rows
 * {@code emmf_iteration/<model>}).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(1)
public class EmmfIterationBench extends EngineState {

    /** The workload: {@code n-<samples>}. */
    @Param({"n-500"})
    public String model;

    private NDManager manager;
    private Emmf.Session session;

    /** The views and the two players. */
    @Setup(Level.Trial)
    public void setUp() {
        startEngine();
        EngineTuning.apply();
        manager = NDManager.newBaseManager();
        int n = Integer.parseInt(model.substring(model.indexOf('-') + 1));
        Random random = new Random(42);
        List<NDArray> views = new ArrayList<>();
        for (int d : new int[] {64, 32, 32}) {
            float[] v = new float[n * d];
            for (int i = 0; i < v.length; i++) {
                v[i] = random.nextFloat();
            }
            views.add(manager.create(v, new Shape(n, d)));
        }
        session = Emmf.builder().setRepresentationDim(10).optLambdaD(0.1f).optSeed(1).build()
                .newSession(views, manager.getDevice());
    }

    /** Frees the players and the data. */
    @TearDown(Level.Trial)
    public void tearDown() {
        session.close();
        manager.close();
    }

    /** One Algorithm-1 iteration (generator update, then discriminator update). */
    @Benchmark
    public void step() {
        session.step();
    }
}

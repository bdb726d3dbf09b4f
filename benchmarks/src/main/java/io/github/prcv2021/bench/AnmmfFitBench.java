package io.github.prcv2021.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.github.prcv2021.anmmf.Anmmf;
import io.github.prcv2021.core.EngineTuning;
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
 * Paper 06's factorisation on digits-sized data: X (64 × 1797) of uniform integers 0–16, m = 10, P = 3,
 * λ₁ = 0.01, λ₂ = 1000, a 10-NN heat-kernel graph, random starts (no NMF initialisation) and 10 sweeps of
 * Eqs. 11 and 14 with the objective after each: {@code sweeps-10} is the whole {@code fit}. Peer:
 * {@code pytorch/anmmf_fit.py} (rows {@code anmmf_fit/<model>}).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 1, time = 5)
@Measurement(iterations = 3, time = 5)
@Fork(1)
public class AnmmfFitBench extends EngineState {

    /** The workload. */
    @Param({"sweeps-10"})
    public String model;

    private NDManager manager;
    private NDArray x;
    private Anmmf anmmf;

    /** The data and the factoriser. */
    @Setup(Level.Trial)
    public void setUp() {
        startEngine();
        EngineTuning.apply();
        manager = NDManager.newBaseManager();
        Random random = new Random(42);
        float[] data = new float[64 * 1797];
        for (int i = 0; i < data.length; i++) {
            data[i] = random.nextInt(17);
        }
        x = manager.create(data, new Shape(64, 1797));
        anmmf = Anmmf.builder().setRank(10).optAttributes(3).optHsicWeight(0.01).optGraphWeight(1000).optNeighbours(10)
                .optInitIterations(0).optIterations(Integer.parseInt(model.substring(model.indexOf('-') + 1)))
                .optTolerance(0).optSeed(1).build();
    }

    /** Frees the data. */
    @TearDown(Level.Trial)
    public void tearDown() {
        manager.close();
    }

    /** One fit; its factors are freed at once. */
    @Benchmark
    public void fit() {
        anmmf.fit(x).close();
    }
}

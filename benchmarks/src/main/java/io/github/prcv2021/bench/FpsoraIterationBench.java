package io.github.prcv2021.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.github.prcv2021.core.EngineTuning;
import io.github.prcv2021.core.Seeds;
import io.github.prcv2021.fpsora.Fpsora;
import io.github.prcv2021.fpsora.Projections;
import io.github.prcv2021.fpsora.PsdRoots;
import io.github.prcv2021.graph.Graphs;
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
 * Paper 19's main step, one FPSORA iteration at the quick claim's size: n = 500 unit-norm samples of
 * p = 784 uniform pixels, d = 20, k = 5. Per call: the squared distances of the kNN pairs in the current
 * embedding, the closed-form weights {@code μ = (1/d) / Σ(1/d)} (Eqs. 5–9), the symmetrised
 * {@code W_o = μ²} and its Laplacian, the eigen-decomposition of {@code L_o} (EJML, float64) and
 * {@code Z ← (L_A^{1/2})⁺ L_o^{1/2} Z} (Eqs. 10–11). The fixed graph, {@code (L_A^{1/2})⁺} and
 * {@code Z₀ = PCA} are built once in the setup. Peer: {@code pytorch/fpsora_iteration.py}
 * ({@code torch.linalg.eigh}; rows {@code fpsora_iteration/<model>}).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(1)
public class FpsoraIterationBench extends EngineState {

    /** The workload: n, d and k. */
    @Param({"n500-d20-k5"})
    public String model;

    private NDManager manager;
    private NDArray z0;
    private NDArray pinvRootA;
    private int[][] neighbours;

    /** The data, the fixed graph, its pseudo-inverse root and Z₀. */
    @Setup(Level.Trial)
    public void setUp() {
        startEngine();
        EngineTuning.apply();
        String[] parts = model.split("-");
        int n = Integer.parseInt(parts[0].substring(1));
        int d = Integer.parseInt(parts[1].substring(1));
        int k = Integer.parseInt(parts[2].substring(1));
        manager = NDManager.newBaseManager();
        Random random = new Random(Seeds.derive(42, "fpsora-bench"));
        double[] data = new double[n * 784];
        for (int i = 0; i < data.length; i++) {
            data[i] = random.nextDouble();
        }
        NDArray x = manager.create(data, new Shape(n, 784));
        x = x.div(x.norm(new int[] {1}, true));
        neighbours = Graphs.nearestNeighbours(x, k);
        double[] sq = Graphs.squaredDistances(x).toDoubleArray();
        double[] w = new double[n * n];
        for (int i = 0; i < n; i++) {
            double c = 0;
            for (int j : neighbours[i]) {
                c += Math.exp(-sq[i * n + j] / 4);
            }
            for (int j : neighbours[i]) {
                double v = Math.exp(-sq[i * n + j] / 2) / (c * c) / 2;
                w[i * n + j] += v;
                w[j * n + i] += v;
            }
        }
        PsdRoots roots = PsdRoots.of(Graphs.laplacian(manager.create(w, new Shape(n, n))), 1e-10);
        pinvRootA = roots.pinvRoot();
        z0 = Projections.embed(x, Projections.pca(x, d)).toType(DataType.FLOAT64, false);
    }

    /** Frees everything. */
    @TearDown(Level.Trial)
    public void tearDown() {
        manager.close();
    }

    /** One re-weighting and projection update from the same Z₀; the new Z is freed at once. */
    @Benchmark
    public double iteration() {
        Fpsora.Step step = Fpsora.iterate(z0, neighbours, pinvRootA);
        double first = step.weights()[neighbours[0][0]];
        step.z().close();
        return first;
    }
}

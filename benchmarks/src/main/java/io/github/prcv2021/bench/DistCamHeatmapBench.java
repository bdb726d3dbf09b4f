package io.github.prcv2021.bench;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.github.prcv2021.distcam.DistCam;
import io.github.prcv2021.distcam.PrototypeBank;
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
 * Dist-CAM's heatmaps (paper 28, Eqs. 4-6) for a batch of feature maps: global average pooling, L1
 * distances to every class prototype, nearest prototype, channel weights {@code norm(1/(|p − q| + ε))},
 * weighted sum of the maps. Peer: {@code pytorch/distcam_heatmap.py} (rows {@code dist_cam_heatmap/<model>}).
 *
 * <p>{@code model} is {@code n<N>-k<K>-h<H>-c<C>}: {@code N} feature maps of {@code K x H x H} and
 * {@code C} prototypes of {@code K} values, uniform in [0, 1) from a fixed seed. {@code n128-k64-h16-c10}
 * is the reproduction's network on a batch of 64 x 64 canvases; {@code n32-k512-h7-c200} a ResNet-18
 * feature map (512 x 7 x 7) against 200 prototypes (CUB-200's classes).
 *
 * <p>Methods: {@code explainBank} is {@link DistCam#explain(NDArray, PrototypeBank)} (prototypes copied
 * from the host bank on each call, classes read back before the weights); {@code explainOnDevice} is
 * {@link DistCam#explain(NDArray, NDArray)} with the prototypes already an NDArray (the peer's path).
 * Each op runs in a sub-manager that closes its arrays.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
public class DistCamHeatmapBench extends EngineState {

    /** Feature maps and prototypes: n, k, h, c. */
    @Param({"n128-k64-h16-c10", "n32-k512-h7-c200"})
    public String model;

    private NDManager data;
    private NDArray maps;
    private NDArray prototypes;
    private PrototypeBank bank;
    private final DistCam distCam = DistCam.builder().build();

    /** Fixed uniform feature maps and prototypes. */
    @Setup(Level.Trial)
    public void setUp() {
        startEngine();
        String[] p = model.split("-");
        int n = Integer.parseInt(p[0].substring(1));
        int k = Integer.parseInt(p[1].substring(1));
        int h = Integer.parseInt(p[2].substring(1));
        int c = Integer.parseInt(p[3].substring(1));
        Random random = new Random(42);
        float[] q = new float[n * k * h * h];
        for (int i = 0; i < q.length; i++) {
            q[i] = random.nextFloat();
        }
        float[][] protos = new float[c][k];
        for (float[] row : protos) {
            for (int j = 0; j < k; j++) {
                row[j] = random.nextFloat();
            }
        }
        data = Engine.getInstance().newBaseManager();
        maps = data.create(q, new Shape(n, k, h, h));
        bank = PrototypeBank.of(protos);
        prototypes = bank.prototypes(data);
    }

    /** Frees the fixed arrays. */
    @TearDown(Level.Trial)
    public void tearDown() {
        data.close();
    }

    /** Dist-CAM from the host prototype bank; returns a heatmap value so nothing is elided. */
    @Benchmark
    public float explainBank() {
        try (NDManager op = data.newSubManager()) {
            NDArray q = maps.duplicate();
            q.attach(op);
            return distCam.explain(q, bank).heatmaps().getFloat(0, 0, 0);
        }
    }

    /** Dist-CAM with the prototypes on the device. */
    @Benchmark
    public float explainOnDevice() {
        try (NDManager op = data.newSubManager()) {
            NDArray q = maps.duplicate();
            q.attach(op);
            return distCam.explain(q, prototypes).heatmaps().getFloat(0, 0, 0);
        }
    }
}

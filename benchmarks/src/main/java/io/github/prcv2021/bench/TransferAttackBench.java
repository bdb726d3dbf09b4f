package io.github.prcv2021.bench;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.github.prcv2021.attacks.AttackTarget;
import io.github.prcv2021.nn.GaussianKernel;
import io.github.prcv2021.attacks.InputDiversity;
import io.github.prcv2021.attacks.LinfAttack;
import io.github.prcv2021.core.EngineTuning;
import io.github.prcv2021.core.Seeds;
import io.github.prcv2021.maifgplm.MaiFgplm;
import io.github.prcv2021.nn.SmallCnn;
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
 * One whole transfer attack (T = 10 iterations, ε = 0.1) of paper 13 on a fixed batch of uniform [0, 1]
 * 28×28 images against the reproduction's surrogate, {@code SmallCnn} 3×3 32-64 with BatchNorm and a
 * 128-unit hidden layer, in inference mode. Peer: {@code pytorch/transfer_attack.py} (rows
 * {@code transfer_attack/<attack>}).
 *
 * <p>{@code attack}: {@code ai-fgtm} (AI-FGTM alone), {@code ni-ti-di-aitm} (with Nesterov, a 3×3 TI
 * kernel and DI 28 → [28, 32) → 32 → 28, p = 1), {@code ni-ti-di-mailm} (the paper's Algorithm 1: the
 * same plus PL, GR and the 3×3 mixed input).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(1)
public class TransferAttackBench extends EngineState {

    /** The attack. */
    @Param({"ai-fgtm", "ni-ti-di-aitm", "ni-ti-di-mailm"})
    public String attack;

    private Model net;
    private NDManager data;
    private NDArray x;
    private NDArray y;
    private AttackTarget target;
    private LinfAttack linf;

    /** The surrogate, the fixed batch and the attack. */
    @Setup(Level.Trial)
    public void setUp() {
        startEngine();
        EngineTuning.apply();
        Seeds.seedAll(42);
        net = Model.newInstance(attack);
        net.setBlock(SmallCnn.build(3, new int[] {32, 64}, 128, 10, true));
        net.getBlock().initialize(net.getNDManager(), DataType.FLOAT32, new Shape(1, 1, 28, 28));
        Shape in = new Shape(batch, 1, 28, 28);
        data = net.getNDManager().newSubManager();
        NDArray[] xy = uniformBatch(data, in, 10);
        x = xy[0];
        y = xy[1];
        target = AttackTarget.of(net);
        GaussianKernel k3 = GaussianKernel.of(3);
        switch (attack) {
            case "ai-fgtm":
                linf = MaiFgplm.aiFgtm().setEpsilon(0.1f).build();
                break;
            case "ni-ti-di-aitm":
                linf = MaiFgplm.aiFgtm().setEpsilon(0.1f).optNesterov(true, 1.0).optTranslationKernel(k3)
                        .optInputDiversity(new InputDiversity(1.0, 32.0 / 28, 1)).build();
                break;
            case "ni-ti-di-mailm":
                linf = MaiFgplm.builder().setEpsilon(0.1f).optNesterov(true, 1.0).optTranslationKernel(k3)
                        .optMixedInput(0.5, k3).optInputDiversity(new InputDiversity(1.0, 32.0 / 28, 1)).build();
                break;
            default:
                throw new IllegalArgumentException("TransferAttackBench expects ai-fgtm, ni-ti-di-aitm or ni-ti-di-mailm, got "
                        + attack);
        }
    }

    /** Frees the model and the batch. */
    @TearDown(Level.Trial)
    public void tearDown() {
        net.close();
    }

    /** One attack of the batch; the result is freed at once. */
    @Benchmark
    public void attack() {
        linf.perturb(target, x, y).close();
    }
}

package io.github.prcv2021.bench;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.Trainer;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import io.github.prcv2021.listamsn.Lista;
import io.github.prcv2021.listamsn.ListaMsn;
import io.github.prcv2021.listamsn.MixtureNllLoss;
import io.github.prcv2021.listamsn.MixtureSparsityNetwork;
import io.github.prcv2021.listamsn.SparseCoding;
import io.github.prcv2021.train.StandardStep;
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
 * One LISTA-MSN training step of paper 32 (Algorithm 1): a tied-weight LISTA of depth K = 10 on a
 * Gaussian 64 × 256 dictionary with unit atoms, the Mixture Sparsity Network (one linear map 256 → 3·513,
 * softmax, shrunk centres, modified-ELU σ), the mixture NLL against fixed target codes, backward and an
 * Adam update, on a fixed batch of Gaussian signals scaled to λ_max = 1 whose targets are a sparse
 * Gaussian code (the step's cost does not depend on them). Peer: {@code pytorch/lista_msn_step.py}
 * (rows {@code lista_msn_step/<model>}).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ListaMsnStepBench extends EngineState {

    /** The network: {@code k10} (K = 10, M = 3, the reproduction's). */
    @Param({"k10"})
    public String model;

    private Model net;
    private Trainer trainer;
    private NDManager data;
    private NDArray x;
    private NDArray z;
    private final StandardStep step = new StandardStep(false);

    /** Builds the network and the fixed batch. */
    @Setup(Level.Trial)
    public void setUp() {
        startEngine();
        int k = Integer.parseInt(model.substring(1));
        net = Model.newInstance("lista-msn-bench");
        data = net.getNDManager().newSubManager();
        data.getEngine().setRandomSeed(42);
        NDArray d = data.randomNormal(new Shape(64, 256));
        d = d.div(d.square().sum(new int[] {0}, true).sqrt());
        net.setBlock(new ListaMsn(Lista.builder().setDictionary(d).setNumLayers(k).build(),
                MixtureSparsityNetwork.builder().setCodeSize(256).optNumComponents(3).build()));
        trainer = net.newTrainer(new DefaultTrainingConfig(new MixtureNllLoss())
                .optOptimizer(Optimizer.adam().optLearningRateTracker(Tracker.fixed(1e-3f)).build()));
        trainer.initialize(new Shape(batch, 64));
        x = SparseCoding.scaleToUnitLambdaMax(d, data.randomNormal(new Shape(batch, 64)));
        z = data.randomNormal(new Shape(batch, 256)).mul(data.randomUniform(0f, 1f, new Shape(batch, 256)).lt(0.06f));
    }

    /** Frees everything. */
    @TearDown(Level.Trial)
    public void tearDown() {
        data.close();
        trainer.close();
        net.close();
    }

    /** One step; returns the loss so nothing is elided. */
    @Benchmark
    public double trainStep() {
        return stepOnCopies(trainer, step, x, z, batch);
    }
}

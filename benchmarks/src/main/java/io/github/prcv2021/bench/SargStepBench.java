package io.github.prcv2021.bench;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import io.github.prcv2021.core.EngineTuning;
import io.github.prcv2021.core.Seeds;
import io.github.prcv2021.sarg.FusionMode;
import io.github.prcv2021.sarg.GroupActivityLoss;
import io.github.prcv2021.sarg.SargNet;
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
 * One training step of paper 05 (forward, Eq. 14's loss, backward, Adam 1e-3) on a fixed batch of
 * {@code batch} synthetic scenes: 12 actors with 64-d Gaussian features and uniform centres, an input
 * embedding FC-LN-ReLU to d = 64, N_g = 4 graphs (d_k = 64, μ = 0.3), dropout 0.2, 5 activities, 6
 * actions. {@code model}: {@code arg} (no subgraph, maxpool) or {@code sarg} (GCN attention encoder,
 * k = 0.5, subgraph convolution, Fusion Net). Peer: {@code pytorch/sarg_step.py} (rows
 * {@code sarg_step/<model>}).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(1)
public class SargStepBench extends EngineState {

    /** The network. */
    @Param({"arg", "sarg"})
    public String model;

    private Model net;
    private Trainer trainer;
    private NDList inputs;
    private NDList labels;

    /** The network, its trainer and the fixed batch. */
    @Setup(Level.Trial)
    public void setUp() {
        startEngine();
        EngineTuning.apply();
        Seeds.seedAll(42);
        boolean sarg = model.equals("sarg");
        if (!sarg && !model.equals("arg")) {
            throw new IllegalArgumentException("SargStepBench expects model arg or sarg, got " + model);
        }
        net = Model.newInstance(model);
        net.setBlock(SargNet.builder().setDim(64).setNumActions(6).setNumActivities(5).optNumGraphs(4).optRelationDim(64)
                .optDistanceThreshold(0.3f).optDropout(0.2f).optInputEmbedding(true).optUseSubgraph(sarg)
                .optFusion(sarg ? FusionMode.FUSION_NET : FusionMode.MAXPOOL).build());
        trainer = net.newTrainer(new DefaultTrainingConfig(new GroupActivityLoss())
                .optOptimizer(Optimizer.adam().optLearningRateTracker(Tracker.fixed(1e-3f)).build()));
        trainer.initialize(new Shape(batch, 12, 64), new Shape(batch, 12, 2));
        NDManager m = trainer.getManager();
        inputs = new NDList(m.randomNormal(0, 3, new Shape(batch, 12, 64), DataType.FLOAT32),
                m.randomUniform(0, 1, new Shape(batch, 12, 2)));
        NDArray group = m.randomInteger(0, 5, new Shape(batch), DataType.INT32).toType(DataType.FLOAT32, false);
        NDArray actions = m.randomInteger(0, 6, new Shape(batch, 12), DataType.INT32).toType(DataType.FLOAT32, false);
        labels = new NDList(group, actions);
    }

    /** Frees the trainer and the model. */
    @TearDown(Level.Trial)
    public void tearDown() {
        trainer.close();
        net.close();
    }

    /** One step; its intermediates live in a sub-manager closed at the end. */
    @Benchmark
    public void trainStep() {
        try (NDManager sub = trainer.getManager().newSubManager()) {
            NDList in = new NDList(inputs.get(0).duplicate(), inputs.get(1).duplicate());
            in.attach(sub);
            try (GradientCollector gc = trainer.newGradientCollector()) {
                NDArray loss = trainer.getLoss().evaluate(labels, trainer.forward(in));
                gc.backward(loss);
            }
            trainer.step();
        }
    }
}

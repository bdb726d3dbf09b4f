package io.github.prcv2021.bench;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import io.github.prcv2021.hybridhgcn.HybridHgcn;
import io.github.prcv2021.hybridhgcn.MaskedSoftmaxCrossEntropyLoss;
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
 * One full-batch training step of paper 09 (one epoch of {@code TransductiveTrainer}): HybridHGCN's
 * forward over the whole hypergraph (Eq. 8; shared Θ1 (100 × 32), Θ2 (32 × 5) with biases, dropout 0.5,
 * max fusion), the masked cross-entropy of Eq. 9 on 50 labelled vertices, backward and an Adam update
 * (lr 0.01, weight decay 5e-4). n = 2000 vertices with Gaussian features (2000 × 100) and dense operators
 * {@code Ĥ^(k)} (2000 × 2000, uniform entries scaled by 1/n; the step's cost does not depend on their
 * values). {@code hybrid123-n2000} has three branches, {@code hgnn-n2000} one (HGNN). Peer:
 * {@code pytorch/hybrid_hgcn_step.py} (rows {@code hybrid_hgcn_step/<model>}).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 4, time = 2)
@Fork(1)
public class HybridHgcnStepBench extends EngineState {

    /** {@code hybrid123-n2000} or {@code hgnn-n2000}. */
    @Param({"hybrid123-n2000", "hgnn-n2000"})
    public String model;

    private Model net;
    private Trainer trainer;
    private NDManager data;
    private NDList inputs;
    private int[] labels;

    /** Builds the model, the graph and the labels. */
    @Setup(Level.Trial)
    public void setUp() {
        startEngine();
        int n = Integer.parseInt(model.substring(model.indexOf("-n") + 2));
        int branches = model.startsWith("hybrid") ? 3 : 1;
        int[] orders = branches == 3 ? new int[] {1, 2, 3} : new int[] {1};
        net = Model.newInstance("hybrid-hgcn-bench");
        data = net.getNDManager().newSubManager();
        data.getEngine().setRandomSeed(42);
        inputs = new NDList(data.randomNormal(new Shape(n, 100)));
        for (int i = 0; i < branches; i++) {
            inputs.add(data.randomUniform(0f, 2f / n, new Shape(n, n)));
        }
        labels = new int[n];
        Random random = new Random(42);
        for (int i = 0; i < n; i++) {
            labels[i] = i < 50 ? random.nextInt(5) : -1;
        }
        net.setBlock(HybridHgcn.builder().setOrders(orders).setHiddenUnits(32).setNumClasses(5).build());
        trainer = net.newTrainer(new DefaultTrainingConfig(new MaskedSoftmaxCrossEntropyLoss())
                .optOptimizer(Optimizer.adam().optLearningRateTracker(Tracker.fixed(0.01f)).optWeightDecays(5e-4f).build()));
        trainer.initialize(inputs.getShapes());
    }

    /** Frees everything. */
    @TearDown(Level.Trial)
    public void tearDown() {
        data.close();
        trainer.close();
        net.close();
    }

    /** One step as {@code TransductiveTrainer.fit} runs it; returns the loss so nothing is elided. */
    @Benchmark
    public float trainStep() {
        float loss;
        try (NDManager step = data.newSubManager()) {
            step.tempAttachAll(inputs);
            NDArray y = step.create(labels);
            try (GradientCollector gc = trainer.newGradientCollector()) {
                NDArray logits = trainer.forward(inputs).head();
                NDArray l = MaskedSoftmaxCrossEntropyLoss.maskedCrossEntropy(logits, y);
                gc.backward(l);
                loss = l.getFloat();
            }
            trainer.step();
        }
        return loss;
    }
}

package io.github.prcv2021.bench;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.Trainer;
import ai.djl.training.dataset.Batch;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import io.github.prcv2021.attacks.AttackTarget;
import io.github.prcv2021.attacks.Pgd;
import io.github.prcv2021.core.EngineTuning;
import io.github.prcv2021.core.Seeds;
import io.github.prcv2021.fgsmpr.AdversarialTraining;
import io.github.prcv2021.nn.WongMnistCnn;
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
 * One adversarial-training step of the FGSMPR paper's MNIST network ({@link WongMnistCnn}) on a fixed
 * batch of uniform [0, 1] images, ε = 0.3, Adam lr 1e-3. Peer: {@code pytorch/adv_step.py} (rows
 * {@code adv_step/<model>}).
 *
 * <p>{@code model}: {@code standard-wong} (clean step, the reference cost), {@code fgsm-wong} (FGSM AT:
 * one input-gradient pass, one update), {@code fgsmpr-wong} (the paper's step: FGSM on the batch,
 * PGD-3 on one example, one update on B + 1 inputs with the logit-pairing term), {@code pgd10-wong}
 * (a PGD-10 attack of the batch alone, no update: the cost of one robust-accuracy evaluation batch).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(1)
public class AdversarialStepBench extends EngineState {

    /** The step and the network. */
    @Param({"standard-wong", "fgsm-wong", "fgsmpr-wong", "pgd10-wong"})
    public String model;

    private Model net;
    private Trainer trainer;
    private NDManager data;
    private NDArray x;
    private NDArray y;
    private AdversarialTraining step;
    private Pgd pgd;

    /** The network, its trainer, the fixed batch and the step. */
    @Setup(Level.Trial)
    public void setUp() {
        startEngine();
        EngineTuning.apply();
        Seeds.seedAll(42);
        net = Model.newInstance(model);
        net.setBlock(WongMnistCnn.build(10));
        trainer = net.newTrainer(new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
                .optOptimizer(Optimizer.adam().optLearningRateTracker(Tracker.fixed(1e-3f)).build()));
        Shape in = new Shape(batch, 1, 28, 28);
        trainer.initialize(in);
        data = net.getNDManager().newSubManager();
        NDArray[] xy = uniformBatch(data, in, 10);
        x = xy[0];
        y = xy[1];
        String method = model.substring(0, model.indexOf('-'));
        if (method.startsWith("pgd")) {
            pgd = Pgd.builder().setEpsilon(0.3f).setSteps(Integer.parseInt(method.substring(3))).optStep(0.1f).build();
        } else {
            step = AdversarialTraining.builder().setMethod(AdversarialTraining.Method.parse(method)).setEpsilon(0.3f)
                    .build();
        }
    }

    /** Frees the trainer, the model and the batch. */
    @TearDown(Level.Trial)
    public void tearDown() {
        trainer.close();
        net.close();
    }

    /** One step (or one attack); everything it creates is freed with its sub-manager. */
    @Benchmark
    public void step() {
        try (NDManager op = data.newSubManager()) {
            op.tempAttachAll(x, y);
            if (pgd != null) {
                pgd.perturb(AttackTarget.training(trainer), x, y).close();
                return;
            }
            NDList in = new NDList(x.reshape(x.getShape()));
            NDList labels = new NDList(y.reshape(y.getShape()));
            try (Batch b = new Batch(op.newSubManager(), in, labels, batch, null, null, 0, 1)) {
                step.step(trainer, b);
            }
        }
    }
}

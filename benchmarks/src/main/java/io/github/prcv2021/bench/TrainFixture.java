package io.github.prcv2021.bench;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.EasyTrain;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.dataset.Batch;
import ai.djl.training.initializer.XavierInitializer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import ai.djl.util.Pair;
import io.github.prcv2021.core.LeanSgd;
import io.github.prcv2021.core.Seeds;
import java.util.Random;

/**
 * One model with its trainer and one fixed synthetic batch, ready to take training steps. The
 * batch is made once, so a step measures the training step and not data loading; the same holds in
 * the PyTorch peer ({@code pytorch/harness.py}).
 *
 * <p>Training setup, identical in the peer: softmax cross-entropy on logits, SGD with learning rate
 * 0.01 and momentum 0.9, no weight decay, Xavier-uniform weights.
 */
public final class TrainFixture implements AutoCloseable {

    /** Learning rate of the benchmark's SGD. */
    public static final float LEARNING_RATE = 0.01f;
    /** Momentum of the benchmark's SGD. */
    public static final float MOMENTUM = 0.9f;

    private final String modelName;
    private final Model model;
    private final Trainer trainer;
    private final NDManager data;
    private final NDArray x;
    private final NDArray y;
    private final int batch;

    private TrainFixture(String modelName, int batch, long seed) {
        this.modelName = modelName;
        this.batch = batch;
        Seeds.seedAll(seed);
        Block block = BenchModels.build(modelName);
        model = Model.newInstance(modelName);
        model.setBlock(block);
        DefaultTrainingConfig config =
                new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
                        .optInitializer(new XavierInitializer(), Parameter.Type.WEIGHT)
                        .optOptimizer(
                                Optimizer.sgd()
                                        .setLearningRateTracker(Tracker.fixed(LEARNING_RATE))
                                        .optMomentum(MOMENTUM)
                                        .build());
        trainer = model.newTrainer(config);
        Shape in = BenchModels.inputShape(modelName, batch);
        trainer.initialize(in);
        data = model.getNDManager().newSubManager();
        Random random = new Random(Seeds.derive(seed, "bench-data"));
        float[] pixels = new float[(int) in.size()];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (float) random.nextGaussian();
        }
        float[] labels = new float[batch];
        for (int i = 0; i < batch; i++) {
            labels[i] = random.nextInt(10);
        }
        x = data.create(pixels, in);
        y = data.create(labels, new Shape(batch));
    }

    /** Builds the named model of {@link BenchModels}, initialised, with a fixed batch. */
    public static TrainFixture create(String modelName, int batch, long seed) {
        return new TrainFixture(modelName, batch, seed);
    }

    /**
     * One step the way DJL's documentation trains: a {@link Batch} per step, {@link
     * EasyTrain#trainBatch} (forward, loss, backward inside a gradient collector) and {@link
     * Trainer#step()} (the optimizer through the parameter server). Everything the step creates
     * lives in a sub-manager closed at its end.
     */
    public void trainerStep() {
        try (NDManager step = data.newSubManager()) {
            // results of ops follow their first input's manager: lend the fixed arrays to the
            // step, and give the Batch (which takes ownership of its arrays) views of them
            step.tempAttachAll(x, y);
            NDList in = new NDList(x.reshape(x.getShape()));
            NDList labels = new NDList(y.reshape(y.getShape()));
            try (Batch b = new Batch(step.newSubManager(), in, labels, batch, null, null, 0, 1)) {
                EasyTrain.trainBatch(trainer, b);
                trainer.step();
            }
        }
    }

    /**
     * One step of the library's lean path: the trainer's forward and loss inside a gradient
     * collector, then {@link LeanSgd#step} on the block's parameters instead of {@link
     * Trainer#step()}. No {@link Batch}, no parameter server.
     */
    public void leanStep(LeanSgd sgd) {
        try (NDManager step = data.newSubManager()) {
            NDList in = new NDList(x);
            NDList labels = new NDList(y);
            step.tempAttachAll(in, labels);
            try (GradientCollector gc = trainer.newGradientCollector()) {
                NDList pred = trainer.forward(in);
                gc.backward(trainer.getLoss().evaluate(labels, pred));
            }
            sgd.step(model.getBlock());
        }
    }

    /** Number of trainable parameters, for the check against {@link BenchModels#parameterCount}. */
    public long trainableParameters() {
        long n = 0;
        for (Pair<String, Parameter> p : model.getBlock().getParameters()) {
            if (p.getValue().requiresGradient()) {
                n += p.getValue().getArray().size();
            }
        }
        return n;
    }

    /** The model name. */
    public String modelName() {
        return modelName;
    }

    /** The trainer (owns the parameter store and the optimizer). */
    public Trainer trainer() {
        return trainer;
    }

    /** The model. */
    public Model model() {
        return model;
    }

    /** The fixed input batch. */
    public NDArray x() {
        return x;
    }

    /** The fixed labels (class indices as float32, as DJL's softmax cross-entropy takes them). */
    public NDArray y() {
        return y;
    }

    /** The manager the fixed batch lives in; per-step sub-managers hang off it. */
    public NDManager dataManager() {
        return data;
    }

    /** The batch size. */
    public int batch() {
        return batch;
    }

    @Override
    public void close() {
        data.close();
        trainer.close();
        model.close();
    }
}

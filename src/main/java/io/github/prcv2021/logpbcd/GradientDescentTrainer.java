package io.github.prcv2021.logpbcd;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import io.github.prcv2021.core.Checks;
import io.github.prcv2021.core.Seeds;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The gradient-based baseline of Xie, Li, Zhao (PRCV 2021), called "SGD" in the paper: plain gradient
 * descent on the softmax cross-entropy of the same ReLU MLP, with "the same training batch size of
 * 60,000 samples", i.e. one full-batch step per iteration, learning rate 0.1 (MNIST) or 0.3
 * (Fashion-MNIST), no momentum and no weight decay. It is built from DJL's own parts: a
 * {@link SequentialBlock} of {@link Linear} and ReLU ({@link MlpNet#block(int...)}),
 * {@link Loss#softmaxCrossEntropyLoss()}, {@link Optimizer#sgd()} with a fixed-rate
 * {@link Tracker}, a DJL {@link Trainer} and a {@link GradientCollector}.
 *
 * <p>The paper does not say how this network was initialised; it states only that LOG-PBCD and
 * proximal BCD (and ADMM) shared their initialisation, and it ran on PyTorch 1.5.1. The default
 * {@link Init#PYTORCH_DEFAULT} is what a PyTorch {@code nn.Linear} does by default; see {@link Init}
 * for the alternatives.
 */
public final class GradientDescentTrainer extends AbstractMlpMethod {

    /** Initialisation of the gradient-descent network (all drawn from the seeded generator). */
    public enum Init {
        /** PyTorch's default for {@code nn.Linear}: W and b uniform in {@code ±1/√fan_in}. The default. */
        PYTORCH_DEFAULT,
        /**
         * DJL's default distribution for a {@link Linear} weight (Xavier, Gaussian, factor "in",
         * magnitude 2, i.e. He normal {@code N(0, 2/fan_in)}) with zero bias.
         */
        DJL_DEFAULT,
        /** The BCD methods' initialisation: {@code W ~ 0.01·N(0,1)}, {@code b = 0.1}. */
        PAPER_BCD
    }

    private final double learningRate;
    private final Init init;

    private NDManager owner;
    private NDManager state;
    private NDArray x;
    private NDArray xRows;
    private NDArray labels;
    private Model model;
    private Trainer trainer;
    private List<Linear> linears;

    private GradientDescentTrainer(Builder builder) {
        super(builder);
        learningRate = builder.learningRate;
        init = builder.init;
    }

    /** A builder with learning rate 0.1 (the paper's MNIST value) and the 784-500-500-10 network. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    protected void setUp(NDArray x0, NDArray y0) {
        owner = x0.getManager();
        state = owner.newSubManager(x0.getDevice());
        x = x0;
        try (NDManager scope = state.newSubManager()) {
            Ops.tempAttachAll(scope, x0, y0);
            xRows = x0.transpose().duplicate();
            labels = y0.argMax(0);
            xRows.attach(state);
            labels.attach(state);
        }
        SequentialBlock block = MlpNet.block(sizes);
        linears = new ArrayList<>();
        for (Block child : block.getChildren().values()) {
            if (child instanceof Linear) {
                linears.add((Linear) child);
            }
        }
        for (int l = 1; l <= layers; l++) {
            double[][] wb = initialValues(l);
            Linear lin = linears.get(l - 1);
            lin.setInitializer((m, shape, type) -> create(m, wb[0], shape, type), "weight");
            lin.setInitializer((m, shape, type) -> create(m, wb[1], shape, type), "bias");
        }
        model = Model.newInstance(name(), x0.getDevice());
        model.setDataType(x0.getDataType());
        model.setBlock(block);
        Optimizer sgd = Optimizer.sgd().setLearningRateTracker(Tracker.fixed((float) learningRate)).build();
        DefaultTrainingConfig config = new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
                .optOptimizer(sgd)
                .optDevices(new Device[] {x0.getDevice()});
        trainer = model.newTrainer(config);
        trainer.initialize(new Shape(1, sizes[0]));
    }

    private static NDArray create(NDManager m, double[] values, Shape shape, DataType type) {
        if (type == DataType.FLOAT64) {
            return m.create(values, shape);
        }
        float[] f = new float[values.length];
        for (int i = 0; i < f.length; i++) {
            f[i] = (float) values[i];
        }
        return m.create(f, shape).toType(type, false);
    }

    private double[][] initialValues(int l) {
        int fanIn = sizes[l - 1];
        int out = sizes[l];
        Random rnd = new Random(Seeds.derive(seed, "gd.W" + l));
        double[] w = new double[out * fanIn];
        double[] b = new double[out];
        double bound = 1 / Math.sqrt(fanIn);
        switch (init) {
            case PYTORCH_DEFAULT:
                for (int i = 0; i < w.length; i++) {
                    w[i] = bound * (2 * rnd.nextDouble() - 1);
                }
                for (int i = 0; i < b.length; i++) {
                    b[i] = bound * (2 * rnd.nextDouble() - 1);
                }
                break;
            case DJL_DEFAULT:
                double sd = Math.sqrt(2.0 / fanIn);
                for (int i = 0; i < w.length; i++) {
                    w[i] = sd * rnd.nextGaussian();
                }
                break;
            case PAPER_BCD:
                for (int i = 0; i < w.length; i++) {
                    w[i] = 0.01 * rnd.nextGaussian();
                }
                Arrays.fill(b, 0.1);
                break;
            default:
                throw new IllegalStateException(init.toString());
        }
        return new double[][] {w, b};
    }

    @Override
    public boolean isInitialized() {
        return state != null;
    }

    @Override
    protected void release() {
        if (trainer != null) {
            trainer.close();
        }
        if (model != null) {
            model.close();
        }
        if (state != null) {
            state.close();
        }
        trainer = null;
        model = null;
        state = null;
        x = null;
        xRows = null;
        labels = null;
        linears = null;
    }

    @Override
    protected NDManager dataManager() {
        return owner;
    }

    @Override
    protected IterationRecord runIteration(int k) {
        long t0 = System.nanoTime();
        try (NDManager scope = state.newSubManager()) {
            Ops.tempAttachAll(scope, xRows, labels);
            try (GradientCollector collector = trainer.newGradientCollector()) {
                NDList predictions = trainer.forward(new NDList(xRows));
                NDArray loss = trainer.getLoss().evaluate(new NDList(labels), predictions);
                collector.backward(loss);
            }
            trainer.step();
            long t1 = System.nanoTime();
            Map<String, Double> parts = new LinkedHashMap<>();
            double objective = Double.NaN;
            double acc = Double.NaN;
            if (evaluateObjective || evaluateAccuracy) {
                List<NDArray> attach = new ArrayList<>(forwardArrays());
                attach.add(x);
                Ops.tempAttachAll(scope, attach.toArray(new NDArray[0]));
                NDArray scores = forward(x);
                if (evaluateObjective) {
                    objective = Ops.sum(trainer.getLoss().evaluate(new NDList(labels), new NDList(scores.transpose())));
                    parts.put("crossEntropy", objective);
                    parts.put("total", objective);
                }
                if (evaluateAccuracy) {
                    acc = accuracyOf(scores, labels);
                }
            }
            long t2 = System.nanoTime();
            return new IterationRecord(name(), k, objective, parts, acc, (t1 - t0) / 1e9, (t2 - t1) / 1e9);
        }
    }

    /**
     * The zero fraction of {@code relu(Z_l)} in a forward pass over the training data (this method has
     * no activation variable of its own).
     */
    @Override
    public double activationSparsity(int layer) {
        Checks.check(layer >= 1 && layer < layers, name() + ".activationSparsity",
                "a hidden layer in [1, " + (layers - 1) + "]", layer);
        if (!isInitialized()) {
            throw new IllegalStateException(name() + ".activationSparsity needs initialize(x, yOneHot) first");
        }
        List<NDArray> attach = new ArrayList<>(forwardArrays());
        attach.add(x);
        return Ops.scalar(owner, m -> {
            NDArray h = x;
            for (int l = 1; l <= layer; l++) {
                h = Activation.relu(weight(l).matMul(h).add(biasColumn(l)));
            }
            return h.eq(0).sum().toType(DataType.FLOAT64, false).div(h.size());
        }, attach.toArray(new NDArray[0]));
    }

    private Parameter parameter(int l, String name) {
        return linears.get(l - 1).getParameters().get(name);
    }

    @Override
    protected List<NDArray> forwardArrays() {
        List<NDArray> out = new ArrayList<>();
        for (int l = 1; l <= layers; l++) {
            out.add(parameter(l, "weight").getArray());
            out.add(parameter(l, "bias").getArray());
        }
        return out;
    }

    @Override
    protected NDArray weight(int l) {
        return parameter(l, "weight").getArray();
    }

    @Override
    protected NDArray biasColumn(int l) {
        return parameter(l, "bias").getArray().reshape(sizes[l], 1);
    }

    /** The DJL model being trained (its block holds the live parameters). */
    public Model model() {
        if (!isInitialized()) {
            throw new IllegalStateException(name() + ".model needs initialize(x, yOneHot) first");
        }
        return model;
    }

    /**
     * The builder of {@link GradientDescentTrainer}; every setting is optional. Besides the options
     * below it has those shared by all methods ({@code optLayerSizes}, {@code optSeed},
     * {@code optEvaluateObjective}, {@code optEvaluateAccuracy}, {@code optName}, {@code addListener}).
     */
    public static final class Builder extends BaseBuilder<Builder> {

        private double learningRate = PaperSetting.MNIST.sgdLearningRate();
        private Init init = Init.PYTORCH_DEFAULT;

        Builder() {
            super("GradientDescentTrainer.Builder", "SGD");
        }

        @Override
        protected Builder self() {
            return this;
        }

        /** The fixed learning rate; default 0.1 (MNIST, Sect. 4.2). */
        public Builder optLearningRate(double learningRate) {
            this.learningRate = learningRate;
            return this;
        }

        /** Sets the learning rate of one of the paper's settings (0.1 MNIST, 0.3 Fashion-MNIST). */
        public Builder optPaperSetting(PaperSetting setting) {
            learningRate = Checks.notNull(setting, who, "a paper setting")
                    .sgdLearningRate();
            return this;
        }

        /** The initialisation; default {@link Init#PYTORCH_DEFAULT}. */
        public Builder optInit(Init init) {
            this.init = init;
            return this;
        }

        /**
         * Validates the settings and builds the trainer.
         *
         * @return the trainer
         * @throws IllegalArgumentException naming the offending setting and value
         */
        public GradientDescentTrainer build() {
            MlpNet.checkSizes(layerSizes, who);
            Checks.check(learningRate > 0 && Double.isFinite(learningRate), who, "learning rate > 0 and finite",
                    learningRate);
            Checks.notNull(init, who, "an initialisation");
            Checks.notNull(name, who, "a name");
            return new GradientDescentTrainer(this);
        }
    }
}

package io.github.prcv2021.hybridhgcn;

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
import io.github.prcv2021.core.Checks;
import io.github.prcv2021.core.EngineTuning;
import io.github.prcv2021.core.Seeds;

/**
 * Full-batch transductive training of a {@link HybridHgcn} (or HGNN): every epoch is one forward pass
 * over the whole hypergraph, the masked cross-entropy of Eq. 9 on the labelled vertices, one backward
 * pass and one Adam update. The paper gives no optimiser settings; the defaults are HyperGCN's for the
 * citation data (Adam, learning rate 0.01, weight decay 5e-4 as coupled L2 like PyTorch's Adam, 200
 * epochs), with the last epoch's model evaluated (no early stopping, no model selection on test labels).
 *
 * <pre>{@code
 * TransductiveTrainer.Fit fit = TransductiveTrainer.builder().optEpochs(200).optSeed(1).build()
 *         .fit(model, features, operators, labels);   // labels: class or -1
 * double acc = fit.accuracy(trueLabels, testMask);
 * }</pre>
 */
public final class TransductiveTrainer {

    private final float learningRate;
    private final float weightDecay;
    private final int epochs;
    private final long seed;

    private TransductiveTrainer(Builder b) {
        this.learningRate = b.learningRate;
        this.weightDecay = b.weightDecay;
        this.epochs = b.epochs;
        this.seed = b.seed;
    }

    /** A builder with the defaults above. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * What a training run returns.
     *
     * @param predictions the arg-max class of every vertex after the last epoch (evaluation mode)
     * @param losses the training loss of each epoch
     */
    public record Fit(int[] predictions, float[] losses) {

        /** Accuracy of the predictions against {@code truth} on the vertices where {@code mask} is true. */
        public double accuracy(int[] truth, boolean[] mask) {
            Checks.check(truth.length == predictions.length && mask.length == predictions.length, "Fit.accuracy",
                    predictions.length + " labels and mask entries", truth.length + " and " + mask.length);
            long hit = 0;
            long count = 0;
            for (int i = 0; i < truth.length; i++) {
                if (mask[i]) {
                    count++;
                    hit += truth[i] == predictions[i] ? 1 : 0;
                }
            }
            Checks.check(count > 0, "Fit.accuracy", "a non-empty mask", 0);
            return (double) hit / count;
        }
    }

    /**
     * Trains {@code block} from a fresh initialisation (seeded) and predicts every vertex; the parameters are
     * freed when this returns (use {@link #fit(Model, NDArray, NDList, int[])} to keep them).
     *
     * @param block the model, not yet initialised
     * @param features X (n, d), float32
     * @param operators the {@code Ĥ^(k)} (n, n) in the block's order of orders
     * @param labels (n) class of each labelled vertex, −1 for the others
     */
    public Fit fit(HybridHgcn block, NDArray features, NDList operators, int[] labels) {
        Checks.notNull(block, "TransductiveTrainer.fit", "block");
        try (Model model = Model.newInstance("hybrid-hgcn")) {
            model.setBlock(block);
            return fit(model, features, operators, labels);
        }
    }

    /**
     * Trains the {@link HybridHgcn} of a caller-owned {@code Model} from a fresh initialisation (seeded) and
     * predicts every vertex; the trained parameters stay in the model (save it with {@code model.save}).
     *
     * @param model a model whose block is a {@link HybridHgcn}, not yet initialised
     * @param features X (n, d), float32
     * @param operators the {@code Ĥ^(k)} (n, n) in the block's order of orders
     * @param labels (n) class of each labelled vertex, −1 for the others
     */
    public Fit fit(Model model, NDArray features, NDList operators, int[] labels) {
        String who = "TransductiveTrainer.fit";
        Checks.notNull(model, who, "model");
        Checks.check(model.getBlock() instanceof HybridHgcn, who, "a model whose block is a HybridHgcn",
                model.getBlock() == null ? "no block" : model.getBlock().getClass().getSimpleName());
        HybridHgcn block = (HybridHgcn) model.getBlock();
        Checks.rank(features, 2, who, "features (n, d)");
        int n = (int) features.getShape().get(0);
        Checks.check(operators.size() == block.orders().length, who, block.orders().length + " operators",
                operators.size());
        Checks.check(labels.length == n, who, n + " labels", labels.length);
        EngineTuning.apply();
        Seeds.seedAll(seed);
        float[] losses = new float[epochs];
        NDList inputs = new NDList(features);
        inputs.addAll(operators);
        Shape[] shapes = inputs.getShapes();
        DefaultTrainingConfig config = new DefaultTrainingConfig(new MaskedSoftmaxCrossEntropyLoss())
                .optOptimizer(Optimizer.adam().optLearningRateTracker(Tracker.fixed(learningRate))
                        .optWeightDecays(weightDecay).build())
                .optDevices(new ai.djl.Device[] {features.getDevice()});
        try (Trainer trainer = model.newTrainer(config)) {
            trainer.initialize(shapes);
            for (int e = 0; e < epochs; e++) {
                try (NDManager step = features.getManager().newSubManager()) {
                    step.tempAttachAll(inputs);
                    NDArray y = step.create(labels).toType(DataType.INT64, false);
                    try (GradientCollector gc = trainer.newGradientCollector()) {
                        NDArray logits = trainer.forward(inputs).head();
                        NDArray loss = MaskedSoftmaxCrossEntropyLoss.maskedCrossEntropy(logits, y);
                        gc.backward(loss);
                        losses[e] = loss.getFloat();
                    }
                    trainer.step();
                }
            }
            int[] predictions;
            try (NDManager eval = features.getManager().newSubManager()) {
                eval.tempAttachAll(inputs);
                NDArray logits = trainer.evaluate(inputs).head();
                long[] arg = logits.argMax(1).toLongArray();
                predictions = new int[n];
                for (int i = 0; i < n; i++) {
                    predictions[i] = (int) arg[i];
                }
            }
            return new Fit(predictions, losses);
        }
    }

    /** Builds a {@link TransductiveTrainer}. */
    public static final class Builder {
        private float learningRate = 0.01f;
        private float weightDecay = 5e-4f;
        private int epochs = 200;
        private long seed = 1;

        private Builder() {}

        /** Adam learning rate (default 0.01). */
        public Builder optLearningRate(float lr) {
            this.learningRate = lr;
            return this;
        }

        /** Weight decay on all parameters (default 5e-4). */
        public Builder optWeightDecay(float wd) {
            this.weightDecay = wd;
            return this;
        }

        /** Epochs, i.e. full-batch updates (default 200). */
        public Builder optEpochs(int epochs) {
            this.epochs = epochs;
            return this;
        }

        /** Seed of the initialisation and dropout (default 1). */
        public Builder optSeed(long seed) {
            this.seed = seed;
            return this;
        }

        /** Validates and builds. */
        public TransductiveTrainer build() {
            String who = "TransductiveTrainer.Builder";
            Checks.check(learningRate > 0 && Float.isFinite(learningRate), who, "a positive learning rate", learningRate);
            Checks.check(weightDecay >= 0, who, "a non-negative weight decay", weightDecay);
            Checks.check(epochs >= 1, who, "epochs >= 1", epochs);
            return new TransductiveTrainer(this);
        }
    }
}

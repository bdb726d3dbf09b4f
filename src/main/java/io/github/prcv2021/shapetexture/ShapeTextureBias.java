package io.github.prcv2021.shapetexture;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.Trainer;
import ai.djl.training.dataset.ArrayDataset;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import io.github.prcv2021.core.Checks;
import io.github.prcv2021.core.Seeds;
import io.github.prcv2021.data.IdxData;
import io.github.prcv2021.train.History;
import io.github.prcv2021.train.ProgressBar;
import io.github.prcv2021.train.TrainingLoop;
import java.util.Arrays;

/**
 * The paper's experiment on one data set, end to end: pretrain the stand-in backbone ({@link StagedCnn})
 * on the data set's classification and freeze it, train {@link MultiViewNet} with {@link MultiViewLoss}
 * (the "standard training" of Sect. 4.3), and read off the learned weights (Table 1), the accuracy of
 * the mixture and of each view alone, and the "single variable changing" sweeps (Fig. 5).
 *
 * <p>The paper gives no optimiser, learning rate, epochs or batch size; the defaults (Adam, 1e-3,
 * batches of 64) are the library's.
 */
public final class ShapeTextureBias {

    private final Builder b;

    private ShapeTextureBias(Builder b) {
        this.b = b;
    }

    /** A builder with the defaults of the quick reproduction. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * What one run measured.
     *
     * @param weights the learned {@code (w_s, w_t)} (Eq. 5)
     * @param mixtureAccuracy test accuracy of Eq. 5's prediction
     * @param shapeAccuracy test accuracy of the shape classifier alone
     * @param textureAccuracy test accuracy of the texture classifier alone
     * @param backboneAccuracy test accuracy of the pretrained backbone's own classifier
     * @param grid the sweep's weight values
     * @param shapeSweep accuracy when w_s takes each grid value and w_t stays
     * @param textureSweep accuracy when w_t takes each grid value and w_s stays
     * @param terms the final epoch's mean loss terms {classification, reconstruction, discrepancy} on the last batch
     * @param history the multi-view training history, with {@code w_s} per epoch as an extra column
     * @param seconds wall time of the run
     */
    public record Outcome(float[] weights, double mixtureAccuracy, double shapeAccuracy, double textureAccuracy,
            double backboneAccuracy, double[] grid, double[] shapeSweep, double[] textureSweep, double[] terms,
            History history, double seconds) {}

    /**
     * Runs the experiment.
     *
     * @param train the training images (one channel, side divisible by 4) and labels
     * @param test the test images and labels
     * @param device where to train
     * @param seed seeds the engine, the initialisation and the shuffling
     * @param progress progress of the epochs (may be silent)
     */
    public Outcome fit(IdxData train, IdxData test, Device device, long seed, ProgressBar progress) {
        String who = "ShapeTextureBias.fit";
        Checks.notNull(train, who, "training data");
        Checks.notNull(test, who, "test data");
        Checks.check(train.numClasses() == test.numClasses(), who, "train and test with one class count",
                train.numClasses() + " vs " + test.numClasses());
        Checks.check(train.rows() == test.rows() && train.cols() == test.cols(), who, "train and test of one image size",
                train.rows() + "x" + train.cols() + " vs " + test.rows() + "x" + test.cols());
        int down = 1 << (b.widths.length - 1);
        Checks.check(train.rows() % down == 0 && train.cols() % down == 0, who, "image sides divisible by " + down,
                train.rows() + "x" + train.cols());
        long t0 = System.nanoTime();
        Seeds.seedAll(seed);
        int k = train.numClasses();
        Shape input = new Shape(1, 1, train.rows(), train.cols());
        try (NDManager manager = NDManager.newBaseManager(device);
                Model pretrain = Model.newInstance("shape-texture-backbone", device);
                Model model = Model.newInstance("shape-texture", device)) {
            NDArray x = train.imagesArray(manager, false);
            NDArray y = train.labelsArray(manager);
            ArrayDataset trainSet = new ArrayDataset.Builder().setData(x).optLabels(y).setSampling(b.batchSize, true).build();
            NDArray tx = test.imagesArray(manager, false);
            NDArray ty = test.labelsArray(manager);
            ArrayDataset testSet = new ArrayDataset.Builder().setData(tx).optLabels(ty).setSampling(250, false).build();

            // the frozen CNN: pretrained on the data set's classification (no ImageNet VGG-16-BN offline)
            StagedCnn backbone = StagedCnn.builder().setWidths(b.widths).build();
            pretrain.setBlock(StagedCnn.classifier(backbone, k));
            double backboneAcc;
            try (Trainer trainer = pretrain.newTrainer(config(Loss.softmaxCrossEntropyLoss(), device))) {
                trainer.initialize(input);
                History h = TrainingLoop.builder().setEpochs(b.pretrainEpochs).optProgress(progress).build().fit(trainer, trainSet, null);
                backboneAcc = TrainingLoop.accuracy(trainer, testSet);
                Checks.check(Double.isFinite(h.last().trainLoss()), who, "a finite pretraining loss", h.last().trainLoss());
            }

            MultiViewNet net = b.net(backbone, k, Integer.numberOfTrailingZeros(down));
            model.setBlock(net);
            MultiViewLoss loss = MultiViewLoss.builder().optEta(b.eta).optAlpha(b.alpha).optBeta(b.beta).build();
            History history;
            double[] terms;
            try (Trainer trainer = model.newTrainer(config(loss, device))) {
                trainer.initialize(input);
                history = TrainingLoop.builder().setEpochs(b.epochs).optStep(new MultiViewStep()).optProgress(progress)
                        .addListener((rec, tr) -> {
                            float[] w = net.viewWeights();
                            rec.extra().put("w_s", (double) w[0]);
                            rec.extra().put("w_t", (double) w[1]);
                        })
                        .build().fit(trainer, trainSet, null);
                terms = lossTerms(net, loss, manager, test);
            }
            ViewPredictions preds = ViewPredictions.of(net, manager, test, 250);
            float[] w = net.viewWeights();
            double[] sweepS = preds.sweep(w, 0, b.grid);
            double[] sweepT = preds.sweep(w, 1, b.grid);
            return new Outcome(w, preds.accuracy(w), preds.viewAccuracy(0), preds.viewAccuracy(1), backboneAcc,
                    b.grid.clone(), sweepS, sweepT, terms, history, (System.nanoTime() - t0) / 1e9);
        }
    }

    /** The three loss terms on the first (up to) 250 test images, inference mode. */
    private static double[] lossTerms(MultiViewNet net, MultiViewLoss loss, NDManager manager, IdxData test) {
        try (NDManager sub = manager.newSubManager()) {
            IdxData part = test.limit(250);
            NDArray x = part.imagesArray(sub, false);
            ai.djl.ndarray.NDList out = net.forward(new ai.djl.training.ParameterStore(sub, false), new ai.djl.ndarray.NDList(x), false);
            NDArray[] t = loss.terms(new ai.djl.ndarray.NDList(part.labelsArray(sub), x), out);
            return new double[] {t[0].getFloat(), t[1].getFloat(), t[2].getFloat()};
        }
    }

    private DefaultTrainingConfig config(Loss loss, Device device) {
        return new DefaultTrainingConfig(loss)
                .optOptimizer(Optimizer.adam().optLearningRateTracker(Tracker.fixed(b.learningRate)).build())
                .optDevices(new Device[] {device});
    }

    /** Builder for {@link ShapeTextureBias}. */
    public static final class Builder {
        private int[] widths = {16, 32, 64};
        private int shapeTap = 1;
        private int[] textureTaps = {0, 1, 2};
        private int pretrainEpochs = 1;
        private int epochs = 2;
        private int batchSize = 64;
        private float learningRate = 1e-3f;
        private float eta = 1f;
        private float alpha = 1f;
        private float beta = 0.1f;
        private int shapeBlocks = 2;
        private int textureChannels = 64;
        private int textureCodeDim = 8;
        private boolean textureRelu = true;
        private int decoderBlocks = 2;
        private int mlpHidden = 64;
        private int discrepancyDim = 256;
        private double[] grid = {0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0};

        private Builder() {}

        /** The stand-in backbone's stage widths (default 16-32-64). */
        public Builder optBackboneWidths(int... widths) {
            StagedCnn.builder().setWidths(widths); // validates
            this.widths = widths.clone();
            return this;
        }

        /** Which backbone stages feed the shape and texture views (default stage 1 and stages 0-2, 0-based). */
        public Builder optTaps(int shapeTap, int... textureTaps) {
            MultiViewNet.builder().setBackbone(StagedCnn.builder().setWidths(1).build(), shapeTap, textureTaps); // validates
            this.shapeTap = shapeTap;
            this.textureTaps = textureTaps.clone();
            return this;
        }

        /** Epochs of backbone pretraining (default 1). */
        public Builder optPretrainEpochs(int epochs) {
            this.pretrainEpochs = Checks.positive(epochs, "ShapeTextureBias", "pretrainEpochs");
            return this;
        }

        /** Epochs of multi-view training (default 2). */
        public Builder optEpochs(int epochs) {
            this.epochs = Checks.positive(epochs, "ShapeTextureBias", "epochs");
            return this;
        }

        /** Mini-batch size (default 64). */
        public Builder optBatchSize(int batchSize) {
            this.batchSize = Checks.positive(batchSize, "ShapeTextureBias", "batchSize");
            return this;
        }

        /** Adam's learning rate (default 1e-3). */
        public Builder optLearningRate(float lr) {
            this.learningRate = (float) Checks.positive(lr, "ShapeTextureBias", "learningRate");
            return this;
        }

        /** eta, alpha, beta of Eq. 8 (default 1, 1, 0.1). */
        public Builder optLossWeights(float eta, float alpha, float beta) {
            MultiViewLoss.builder().optEta(eta).optAlpha(alpha).optBeta(beta); // validates
            this.eta = eta;
            this.alpha = alpha;
            this.beta = beta;
            return this;
        }

        /** Residual blocks of the shape encoder (default 2; the paper 4). */
        public Builder optShapeBlocks(int blocks) {
            this.shapeBlocks = (int) Checks.nonNegative(blocks, "ShapeTextureBias", "shapeBlocks");
            return this;
        }

        /** Texture encoder channels and code length (defaults 64 and 8). */
        public Builder optTexture(int channels, int codeDim) {
            this.textureChannels = Checks.positive(channels, "ShapeTextureBias", "textureChannels");
            this.textureCodeDim = Checks.positive(codeDim, "ShapeTextureBias", "textureCodeDim");
            return this;
        }

        /** A ReLU in the texture encoder before pooling (default true). */
        public Builder optTextureRelu(boolean relu) {
            this.textureRelu = relu;
            return this;
        }

        /** Decoder AdaIN blocks and MLP width (defaults 2 and 64). */
        public Builder optDecoder(int blocks, int mlpHidden) {
            this.decoderBlocks = Checks.positive(blocks, "ShapeTextureBias", "decoderBlocks");
            this.mlpHidden = Checks.positive(mlpHidden, "ShapeTextureBias", "mlpHidden");
            return this;
        }

        /** The common code length D of Eq. 7 (default 256). */
        public Builder optDiscrepancyDim(int dim) {
            this.discrepancyDim = Checks.positive(dim, "ShapeTextureBias", "discrepancyDim");
            return this;
        }

        /** The weight values of the single-variable sweep (default 0, 0.1, ..., 1). */
        public Builder optSweepGrid(double... grid) {
            Checks.check(grid != null && grid.length > 0, "ShapeTextureBias", "a non-empty grid", grid == null ? "null" : 0);
            for (double g : grid) {
                Checks.nonNegative(g, "ShapeTextureBias", "grid values");
            }
            this.grid = grid.clone();
            return this;
        }

        MultiViewNet net(StagedCnn backbone, int numClasses, int upsamplings) {
            return MultiViewNet.builder().setBackbone(backbone, shapeTap, textureTaps).setNumClasses(numClasses)
                    .setImageChannels(1).setUpsamplings(upsamplings).optShapeBlocks(shapeBlocks)
                    .optTextureChannels(textureChannels).optTextureCodeDim(textureCodeDim).optTextureRelu(textureRelu).optDecoderBlocks(decoderBlocks)
                    .optMlpHidden(mlpHidden).optDiscrepancyDim(discrepancyDim).build();
        }

        /** Builds the experiment. */
        public ShapeTextureBias build() {
            int max = Arrays.stream(textureTaps).max().getAsInt();
            Checks.check(Math.max(shapeTap, max) < widths.length, "ShapeTextureBias", "taps below the " + widths.length
                    + " backbone stages", "shape " + shapeTap + ", texture " + Arrays.toString(textureTaps));
            return new ShapeTextureBias(this);
        }
    }
}

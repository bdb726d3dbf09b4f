package io.github.prcv2021.mran;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.ParameterStore;
import ai.djl.training.Trainer;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import io.github.prcv2021.core.Checks;
import io.github.prcv2021.data.PhotoPatches;
import io.github.prcv2021.data.Speckle;
import io.github.prcv2021.train.StandardStep;
import java.util.Arrays;
import java.util.Random;

/**
 * Trains an {@link Mranet} as in the paper's Section 4.1: random grey patches with a random quarter turn and
 * horizontal flip, multiplied by simulated L-look speckle ({@link Speckle}), the L1 loss of Eq. 6
 * ({@link MranLoss}), Adam with β = (0.9, 0.999) and a fixed learning rate (the paper: 1e-4, batch 2,
 * 64×64 patches, 40,000 iterations, on 400 UC Merced images; here the patches come from the offline sample
 * photos of {@link PhotoPatches}). The paper does not say which L it trained with; each patch draws its L
 * uniformly from {@link Builder#optLooks} (a single value trains one model per L).
 */
public final class MranTrainer {

    private final int steps;
    private final int batchSize;
    private final int patchSize;
    private final float learningRate;
    private final double[] looks;
    private final Speckle.Domain domain;
    private final long seed;

    private MranTrainer(Builder b) {
        steps = b.steps;
        batchSize = b.batchSize;
        patchSize = b.patchSize;
        learningRate = b.learningRate;
        looks = b.looks.clone();
        domain = b.domain;
        seed = b.seed;
    }

    /** A builder; {@link Builder#setSteps} is required. */
    public static Builder builder() {
        return new Builder();
    }

    /** The DJL training configuration: the Eq. 6 loss and Adam at the given learning rate. */
    public DefaultTrainingConfig config() {
        return new DefaultTrainingConfig(new MranLoss())
                .optOptimizer(Optimizer.adam().optLearningRateTracker(Tracker.fixed(learningRate)).build());
    }

    /**
     * Builds a trainer for {@code model} (whose block is an {@link Mranet}), initialises it for the patch size
     * and runs the steps.
     *
     * @return the training loss of every step
     */
    public double[] fit(Model model, PhotoPatches photos) {
        Checks.notNull(model.getBlock(), "MranTrainer.fit", "model block");
        try (Trainer trainer = model.newTrainer(config().optDevices(new ai.djl.Device[] {model.getNDManager().getDevice()}))) {
            trainer.initialize(new Shape(batchSize, 1, patchSize, patchSize));
            return fit(trainer, photos);
        }
    }

    /** Runs the steps with an initialised trainer. */
    public double[] fit(Trainer trainer, PhotoPatches photos) {
        Random random = new Random(seed);
        double[] losses = new double[steps];
        for (int t = 0; t < steps; t++) {
            try (NDManager step = trainer.getManager().newSubManager()) {
                NDList[] batch = batch(step, photos, random);
                losses[t] = step(trainer, batch[0], batch[1]);
            }
        }
        return losses;
    }

    /** One random (noisy, clean) batch, each (B, 1, P, P), owned by {@code manager}. */
    public NDList[] batch(NDManager manager, PhotoPatches photos, Random random) {
        NDArray clean = photos.sample(manager, batchSize, patchSize, true, random);
        float[] c = clean.toFloatArray();
        float[] noisy = new float[c.length];
        int per = patchSize * patchSize;
        for (int n = 0; n < batchSize; n++) {
            Speckle speckle = Speckle.of(looks[random.nextInt(looks.length)], domain);
            for (int i = n * per; i < (n + 1) * per; i++) {
                noisy[i] = (float) (c[i] * speckle.factor(random));
            }
        }
        return new NDList[] {new NDList(manager.create(noisy, clean.getShape())), new NDList(clean)};
    }

    /**
     * One training step, the main step of the method: forward, the Eq. 6 loss, backward, Adam update.
     *
     * @return the loss value
     */
    public static double step(Trainer trainer, NDList noisy, NDList clean) {
        return StandardStep.update(trainer, noisy, clean);
    }

    /**
     * Inference: the despeckled image y (Fig. 1) for a noisy (N, 1, H, W) image, owned by the input's manager.
     */
    public static NDArray despeckle(Block mranet, NDArray noisy) {
        Checks.check(noisy.getShape().dimension() == 4, "MranTrainer.despeckle", "a noisy image (N, C, H, W)", noisy.getShape());
        NDManager owner = noisy.getManager();
        try (NDManager sub = owner.newSubManager()) {
            NDList out = mranet.forward(new ParameterStore(sub, false), new NDList(noisy), false);
            NDArray y = out.head();
            y.attach(owner);
            return y;
        }
    }

    /** Builds a {@link MranTrainer}. */
    public static final class Builder {
        private int steps;
        private int batchSize = 2;
        private int patchSize = 64;
        private float learningRate = 1e-4f;
        private double[] looks = {1, 2, 4, 8, 10};
        private Speckle.Domain domain = Speckle.Domain.INTENSITY;
        private long seed = 1;

        private Builder() {}

        /** Optimisation steps (the paper: 40,000). */
        public Builder setSteps(int v) {
            steps = v;
            return this;
        }

        /** Patches per step (the paper: 2). */
        public Builder optBatchSize(int v) {
            batchSize = v;
            return this;
        }

        /** Patch side P (the paper: 64). */
        public Builder optPatchSize(int v) {
            patchSize = v;
            return this;
        }

        /** Adam's learning rate (the paper: 1e-4, no decay mentioned). */
        public Builder optLearningRate(float v) {
            learningRate = v;
            return this;
        }

        /** The looks L drawn per patch; not specified by the paper, default {1, 2, 4, 8, 10}. */
        public Builder optLooks(double... v) {
            looks = v == null ? null : v.clone();
            return this;
        }

        /** Intensity (default) or amplitude speckle. */
        public Builder optDomain(Speckle.Domain v) {
            domain = v;
            return this;
        }

        /** Seed of the patches and the speckle. */
        public Builder optSeed(long v) {
            seed = v;
            return this;
        }

        /** Validates and builds. */
        public MranTrainer build() {
            Checks.positive(steps, "MranTrainer", "steps");
            Checks.positive(batchSize, "MranTrainer", "batchSize");
            Checks.positive(patchSize, "MranTrainer", "patchSize");
            Checks.positive(learningRate, "MranTrainer", "learningRate");
            Checks.check(looks != null && looks.length > 0 && Arrays.stream(looks).allMatch(l -> l > 0), "MranTrainer",
                    "at least one positive number of looks", looks == null ? null : Arrays.toString(looks));
            Checks.notNull(domain, "MranTrainer", "domain");
            return new MranTrainer(this);
        }
    }
}

package io.github.prcv2021.emmf;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.Trainer;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import io.github.prcv2021.core.Checks;
import io.github.prcv2021.core.Gradients;
import io.github.prcv2021.core.Seeds;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;

/**
 * Enhanced multi-view matrix factorisation with a shared representation (Huang, Zhang, Fu, Wang; PRCV 2021):
 * a deep auto-encoder fed with the identity {@code I_n} factorises every view as {@code X^(p) ≈ g_p(f(I_n))}
 * with one shared representation {@code H_l = f(I_n)} (Eq. 4, {@link EmmfGenerator}), and per-view
 * discriminators ({@link EmmfDiscriminators}) push the reconstructions towards the distribution of the real
 * rows. Training alternates, full batch, for {@code maxiter} iterations (Algorithm 1):
 *
 * <ol>
 *   <li>{@code L1 = L_R + λ_d L_RD} (Eq. 9: Eq. 5 plus λ_d times Eq. 8) updates the encoder and the decoders;
 *   <li>{@code L2 = −L_D} (Eq. 10, Eqs. 6–7) updates the discriminators, on the same iteration's reconstructions
 *       with their gradient stopped.
 * </ol>
 *
 * Each player has its own DJL {@link Model}, {@link Trainer} and {@link Optimizer} (Adam, learning rate 1e−3 by
 * default: the paper names neither). The discriminators' gradients left by step 1 are zeroed before step 2, and
 * step 2 sees the reconstructions through {@code stopGradient}, so each update moves only its own player's
 * parameters. With {@code λ_d = 0} the discriminators are not built (the paper's "without discriminators"
 * ablation, Table 5). Clustering runs k-means on the rows of {@link Result#representation()}.
 *
 * <p>Simplifications, all unstated in the paper: MSE distance on [0, 1]-scaled views, linear code layer,
 * Adam 1e−3 for both players, DJL's default (Xavier) initialisation except the identity table (uniform ±1/√n,
 * as PyTorch's {@code Linear(n, 1000)}), no weight decay.
 */
public final class Emmf {

    private final int[] encoderWidths;
    private final int[] decoderWidths;
    private final int[] discriminatorWidths;
    private final int codeSize;
    private final boolean reluCode;
    private final ReconstructionLoss.Distance distance;
    private final float lambdaD;
    private final int iterations;
    private final Supplier<Optimizer> generatorOptimizer;
    private final Supplier<Optimizer> discriminatorOptimizer;
    private final long seed;

    private Emmf(Builder b) {
        encoderWidths = b.encoderWidths.clone();
        decoderWidths = b.decoderWidths != null ? b.decoderWidths.clone() : reversed(b.encoderWidths);
        discriminatorWidths = b.discriminatorWidths.clone();
        codeSize = b.codeSize;
        reluCode = b.reluCode;
        distance = b.distance;
        lambdaD = b.lambdaD;
        iterations = b.iterations;
        generatorOptimizer = b.generatorOptimizer;
        discriminatorOptimizer = b.discriminatorOptimizer;
        seed = b.seed;
    }

    /** A builder; {@code setRepresentationDim} is required. */
    public static Builder builder() {
        return new Builder();
    }

    /** λ_d. */
    public float getLambdaD() {
        return lambdaD;
    }

    /** maxiter. */
    public int getIterations() {
        return iterations;
    }

    /** k. */
    public int getRepresentationDim() {
        return codeSize;
    }

    /**
     * Runs Algorithm 1 on the views and returns {@code H_l} and the loss curves.
     *
     * @param manager owns the returned representation
     * @param views P ≥ 1 float arrays {@code (n, d_p)}, rows are the same n samples
     */
    public Result fit(NDManager manager, List<NDArray> views) {
        Checks.notNull(manager, "Emmf.fit", "a manager");
        try (Session session = newSession(views, manager.getDevice())) {
            for (int t = 0; t < iterations; t++) {
                session.step();
            }
            NDArray h = session.representation();
            h.attach(manager);
            return new Result(h, session.reconstructionHistory(), session.adversarialHistory(), session.discriminatorHistory());
        }
    }

    /**
     * Builds the two players on copies of the views for stepping by hand (benchmarks, tests, custom stopping).
     * The caller closes the session.
     */
    public Session newSession(List<NDArray> views, Device device) {
        return new Session(views, device);
    }

    /** What {@link #fit} returns: {@code H_l (n, k)} and the per-iteration losses. */
    public static final class Result implements AutoCloseable {
        private final NDArray representation;
        private final float[] reconstruction;
        private final float[] adversarial;
        private final float[] discriminator;

        Result(NDArray representation, float[] reconstruction, float[] adversarial, float[] discriminator) {
            this.representation = representation;
            this.reconstruction = reconstruction;
            this.adversarial = adversarial;
            this.discriminator = discriminator;
        }

        /** {@code H_l (n, k)}, owned by the manager given to {@link #fit}. */
        public NDArray representation() {
            return representation;
        }

        /** {@code L_R} (Eq. 5) at every iteration, before that iteration's update. */
        public float[] reconstructionLoss() {
            return reconstruction.clone();
        }

        /** {@code L_RD} (Eq. 8) at every iteration (empty when λ_d = 0). */
        public float[] adversarialLoss() {
            return adversarial.clone();
        }

        /** {@code −L_D} (Eqs. 6–7) at every iteration (empty when λ_d = 0). */
        public float[] discriminatorLoss() {
            return discriminator.clone();
        }

        @Override
        public void close() {
            representation.close();
        }
    }

    /**
     * The two players, their trainers and the views: one {@link #step()} is one iteration of Algorithm 1.
     * Losses of every step are recorded.
     */
    public final class Session implements AutoCloseable {
        private final NDManager manager;
        private final NDList views;
        private final NDArray index;
        private final int n;
        private final EmmfGenerator generator;
        private final Model generatorModel;
        private final Trainer generatorTrainer;
        private final EmmfDiscriminators discriminators;
        private final Model discriminatorModel;
        private final Trainer discriminatorTrainer;
        private final ReconstructionLoss reconstructionLoss;
        private final FloatList lr = new FloatList();
        private final FloatList lrd = new FloatList();
        private final FloatList ld = new FloatList();
        private NDList pendingFakes;

        Session(List<NDArray> input, Device device) {
            String who = "Emmf";
            Checks.check(input != null && !input.isEmpty(), who, "at least one view", input == null ? "null" : 0);
            n = Math.toIntExact(input.get(0).getShape().get(0));
            int[] dims = new int[input.size()];
            for (int p = 0; p < dims.length; p++) {
                NDArray v = input.get(p);
                Checks.check(v.getShape().dimension() == 2 && v.getShape().get(0) == n, who,
                        "view " + p + " of shape (" + n + ", d_p)", v.getShape());
                Checks.floating(v, who, "view " + p);
                dims[p] = Math.toIntExact(v.getShape().get(1));
            }
            Checks.check(n >= 2, who, "at least 2 samples", n);
            Seeds.seedAll(seed);
            manager = NDManager.newBaseManager(device);
            views = new NDList();
            for (NDArray v : input) {
                NDArray c = v.toType(DataType.FLOAT32, true).toDevice(device, true);
                c.attach(manager);
                views.add(c);
            }
            index = manager.arange(0, n, 1, DataType.INT64);
            reconstructionLoss = new ReconstructionLoss(distance);
            generator = new EmmfGenerator(new IdentityInputEncoder(n, encoderWidths, codeSize, reluCode), dims, decoderWidths,
                    distance == ReconstructionLoss.Distance.BCE);
            generatorModel = Model.newInstance("emmf-generator", device);
            generatorModel.setBlock(generator);
            generatorTrainer = generatorModel.newTrainer(new DefaultTrainingConfig(reconstructionLoss)
                    .optOptimizer(generatorOptimizer.get()).optDevices(new Device[] {device}));
            generatorTrainer.initialize(new Shape(n));
            if (lambdaD > 0) {
                discriminators = new EmmfDiscriminators(dims, discriminatorWidths);
                discriminatorModel = Model.newInstance("emmf-discriminators", device);
                discriminatorModel.setBlock(discriminators);
                discriminatorTrainer = discriminatorModel.newTrainer(
                        new DefaultTrainingConfig(new AdversarialLoss(AdversarialLoss.Role.DISCRIMINATOR))
                                .optOptimizer(discriminatorOptimizer.get()).optDevices(new Device[] {device}));
                Shape[] shapes = new Shape[dims.length];
                for (int p = 0; p < dims.length; p++) {
                    shapes[p] = new Shape(2L * n, dims[p]);
                }
                discriminatorTrainer.initialize(shapes);
            } else {
                discriminators = null;
                discriminatorModel = null;
                discriminatorTrainer = null;
            }
        }

        /** n. */
        public int numSamples() {
            return n;
        }

        /** The encoder and decoders. */
        public EmmfGenerator generator() {
            return generator;
        }

        /** The discriminators, or null when λ_d = 0. */
        public EmmfDiscriminators discriminators() {
            return discriminators;
        }

        /** The views (copies owned by the session). */
        public NDList views() {
            return views;
        }

        /** One iteration of Algorithm 1: {@link #generatorStep()} then {@link #discriminatorStep()}. */
        public void step() {
            generatorStep();
            discriminatorStep();
        }

        /**
         * Lines 2–4 of Algorithm 1: forward {@code I_n}, {@code L1 = L_R + λ_d L_RD} (Eq. 9), backward, update the
         * encoder and decoders only. Keeps this iteration's reconstructions (detached) for
         * {@link #discriminatorStep()}.
         *
         * @return {@code L_R} before the update
         */
        public float generatorStep() {
            closePending();
            float reconstruction;
            try (NDScope scope = new NDScope()) {
                try (GradientCollector gc = generatorTrainer.newGradientCollector()) {
                    NDList out = generatorTrainer.forward(new NDList(index));
                    NDList fakes = new NDList(out.subList(1, out.size()));
                    NDArray lossR = reconstructionLoss.evaluate(views, fakes);
                    NDArray l1 = lossR;
                    if (discriminatorTrainer != null) {
                        NDArray lossRd = AdversarialLoss.generatorLoss(discriminatorTrainer.forward(fakes));
                        l1 = lossR.add(lossRd.mul(lambdaD));
                        lrd.add(lossRd.getFloat());
                        pendingFakes = new NDList();
                        for (NDArray f : fakes) {
                            NDArray detached = f.stopGradient();
                            NDScope.unregister(detached);
                            pendingFakes.add(detached);
                        }
                    }
                    gc.backward(l1);
                    reconstruction = lossR.getFloat();
                }
            }
            generatorTrainer.step();
            if (discriminatorTrainer != null) {
                Gradients.zero(discriminators);
            }
            lr.add(reconstruction);
            return reconstruction;
        }

        /**
         * Lines 5–6 of Algorithm 1: {@code L2 = −L_D} (Eqs. 6–7, 10) on the real rows and the last
         * {@link #generatorStep()}'s reconstructions with their gradient stopped; updates the discriminators only.
         * Does nothing when λ_d = 0.
         *
         * @return {@code −L_D} before the update, or NaN when λ_d = 0
         */
        public float discriminatorStep() {
            if (discriminatorTrainer == null) {
                return Float.NaN;
            }
            Checks.check(pendingFakes != null, "Emmf.Session.discriminatorStep", "a generatorStep first", "none");
            float value;
            try (NDScope scope = new NDScope()) {
                try (GradientCollector gc = discriminatorTrainer.newGradientCollector()) {
                    NDList both = new NDList();
                    for (int p = 0; p < views.size(); p++) {
                        both.add(views.get(p).concat(pendingFakes.get(p), 0));
                    }
                    NDList logits = discriminatorTrainer.forward(both);
                    NDList real = new NDList();
                    NDList fake = new NDList();
                    for (NDArray z : logits) {
                        real.add(z.get("0:" + n));
                        fake.add(z.get(n + ":"));
                    }
                    NDArray l2 = AdversarialLoss.discriminatorLoss(real, fake);
                    gc.backward(l2);
                    value = l2.getFloat();
                }
            }
            discriminatorTrainer.step();
            closePending();
            ld.add(value);
            return value;
        }

        /** {@code H_l = f(I_n)} with the current parameters (no gradient), on the session's manager. */
        public NDArray representation() {
            try (NDScope scope = new NDScope()) {
                NDArray h = generator.getEncoder().forward(new ParameterStore(manager, false), new NDList(index), false).head();
                NDScope.unregister(h);
                h.attach(manager);
                return h;
            }
        }

        /** Arrays held by the session's and the two models' managers (a leak check for tests). */
        int liveArrays() {
            int count = manager.getManagedArrays().size() + generatorModel.getNDManager().getManagedArrays().size();
            if (discriminatorModel != null) {
                count += discriminatorModel.getNDManager().getManagedArrays().size();
            }
            return count;
        }

        float[] reconstructionHistory() {
            return lr.toArray();
        }

        float[] adversarialHistory() {
            return lrd.toArray();
        }

        float[] discriminatorHistory() {
            return ld.toArray();
        }

        private void closePending() {
            if (pendingFakes != null) {
                pendingFakes.close();
                pendingFakes = null;
            }
        }

        @Override
        public void close() {
            closePending();
            generatorTrainer.close();
            generatorModel.close();
            if (discriminatorTrainer != null) {
                discriminatorTrainer.close();
                discriminatorModel.close();
            }
            manager.close();
        }
    }

    private static int[] reversed(int[] a) {
        int[] r = new int[a.length];
        for (int i = 0; i < a.length; i++) {
            r[i] = a[a.length - 1 - i];
        }
        return r;
    }

    /** A growable float array. */
    private static final class FloatList {
        private float[] data = new float[64];
        private int size;

        void add(float v) {
            if (size == data.length) {
                data = Arrays.copyOf(data, size * 2);
            }
            data[size++] = v;
        }

        float[] toArray() {
            return Arrays.copyOf(data, size);
        }
    }

    /** Builder of {@link Emmf}; only the representation width k is required. */
    public static final class Builder {
        private int[] encoderWidths = {1000, 500, 200};
        private int[] decoderWidths;
        private int[] discriminatorWidths = {200, 100, 50};
        private int codeSize;
        private boolean reluCode;
        private ReconstructionLoss.Distance distance = ReconstructionLoss.Distance.MSE;
        private float lambdaD = 0.01f;
        private int iterations = 800;
        private Supplier<Optimizer> generatorOptimizer = () -> adam(1e-3f);
        private Supplier<Optimizer> discriminatorOptimizer = () -> adam(1e-3f);
        private long seed = 1;

        private Builder() {}

        /** k, the width of {@code H_l}; for clustering the usual choice is the number of clusters c. */
        public Builder setRepresentationDim(int k) {
            this.codeSize = Checks.positive(k, "Emmf", "representation dim k");
            return this;
        }

        /** The encoder's hidden widths after the identity layer's (default 1000, 500, 200, the paper's). */
        public Builder optEncoderWidths(int... widths) {
            checkWidths(widths, "encoder widths");
            this.encoderWidths = widths.clone();
            return this;
        }

        /** The decoders' hidden widths (default: the encoder's reversed, 200, 500, 1000). */
        public Builder optDecoderWidths(int... widths) {
            checkWidths(widths, "decoder widths");
            this.decoderWidths = widths.clone();
            return this;
        }

        /** The discriminators' hidden widths (default 200, 100, 50, the paper's). */
        public Builder optDiscriminatorWidths(int... widths) {
            checkWidths(widths, "discriminator widths");
            this.discriminatorWidths = widths.clone();
            return this;
        }

        /** Whether {@code H_l} passes a ReLU (default false: linear code layer). */
        public Builder optReluCode(boolean relu) {
            this.reluCode = relu;
            return this;
        }

        /** The distance of Eq. 5 (default MSE). */
        public Builder optDistance(ReconstructionLoss.Distance distance) {
            this.distance = Checks.notNull(distance, "Emmf", "a distance");
            return this;
        }

        /** λ_d of Eq. 9 (default 0.01, the best of the quick-scale sweep on digits; 0 = no discriminators). */
        public Builder optLambdaD(float lambdaD) {
            Checks.check(lambdaD >= 0 && Float.isFinite(lambdaD), "Emmf", "lambdaD >= 0", lambdaD);
            this.lambdaD = lambdaD;
            return this;
        }

        /** maxiter of Algorithm 1 (default 800). */
        public Builder optIterations(int iterations) {
            this.iterations = Checks.positive(iterations, "Emmf", "iterations");
            return this;
        }

        /** Learning rate of Adam for both players (default 1e−3). */
        public Builder optLearningRate(float learningRate) {
            Checks.positive(learningRate, "Emmf", "learningRate");
            this.generatorOptimizer = () -> adam(learningRate);
            this.discriminatorOptimizer = () -> adam(learningRate);
            return this;
        }

        /** Fresh optimisers for each fit: the encoder-and-decoders player's and the discriminators'. */
        public Builder optOptimizers(Supplier<Optimizer> generator, Supplier<Optimizer> discriminator) {
            this.generatorOptimizer = Checks.notNull(generator, "Emmf", "a generator optimiser");
            this.discriminatorOptimizer = Checks.notNull(discriminator, "Emmf", "a discriminator optimiser");
            return this;
        }

        /** The seed of parameter initialisation (default 1). */
        public Builder optSeed(long seed) {
            this.seed = seed;
            return this;
        }

        /** Builds; fails if k was not set. */
        public Emmf build() {
            Checks.check(codeSize > 0, "Emmf", "a representation dim (setRepresentationDim)", "none");
            return new Emmf(this);
        }

        private static Optimizer adam(float lr) {
            return Optimizer.adam().optLearningRateTracker(Tracker.fixed(lr)).build();
        }

        private static void checkWidths(int[] widths, String what) {
            Checks.check(widths != null && widths.length >= 1, "Emmf", "at least one of the " + what,
                    widths == null ? "null" : Arrays.toString(widths));
            for (int w : widths) {
                Checks.positive(w, "Emmf", what);
            }
        }
    }
}

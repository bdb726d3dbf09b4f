package io.github.prcv2021.logpbcd;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.SequentialBlock;
import io.github.prcv2021.core.Checks;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * What the five methods share: the data contract and its checks, iteration counting, listeners, and
 * the plain forward pass behind {@link #scores}, {@link #predict}, {@link #accuracy} and
 * {@link #toBlock}.
 */
abstract class AbstractMlpMethod implements MlpTrainingMethod {

    protected final int[] sizes;
    protected final int layers;
    /** The seed of the initialisation. */
    protected final long seed;
    /** Whether each iteration evaluates the objective. */
    protected final boolean evaluateObjective;
    /** Whether each iteration evaluates the training accuracy. */
    protected final boolean evaluateAccuracy;
    private final String name;
    private final List<IterationListener> listeners = new CopyOnWriteArrayList<>();
    private int iteration;
    private boolean closed;

    AbstractMlpMethod(BaseBuilder<?> builder) {
        this.name = builder.name;
        this.sizes = builder.layerSizes.clone();
        this.layers = sizes.length - 1;
        this.seed = builder.seed;
        this.evaluateObjective = builder.evaluateObjective;
        this.evaluateAccuracy = builder.evaluateAccuracy;
        this.listeners.addAll(builder.listeners);
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final int[] layerSizes() {
        return sizes.clone();
    }

    @Override
    public final int iteration() {
        return iteration;
    }

    @Override
    public final void addListener(IterationListener listener) {
        listeners.add(Checks.notNull(listener, name + ".addListener", "a listener"));
    }

    @Override
    public final void initialize(NDArray x, NDArray yOneHot) {
        Checks.check(!closed, name + ".initialize", "an open method", "closed");
        checkData(x, yOneHot);
        release();
        iteration = 0;
        setUp(x, yOneHot);
    }

    @Override
    public final IterationRecord iterate() {
        if (!isInitialized()) {
            throw new IllegalStateException(name + ".iterate needs initialize(x, yOneHot) or fit(...) first");
        }
        iteration++;
        IterationRecord record = runIteration(iteration);
        for (IterationListener l : listeners) {
            l.onIteration(this, record);
        }
        return record;
    }

    @Override
    public final void close() {
        closed = true;
        release();
    }

    /** Takes the checked data and builds the initial state. */
    protected abstract void setUp(NDArray x, NDArray yOneHot);

    /** Runs iteration {@code k} (1-based) and returns its record. */
    protected abstract IterationRecord runIteration(int k);

    /** Frees the state (idempotent). */
    protected abstract void release();

    /** The manager that owns the training data, which also owns blocks made by {@link #toBlock()}. */
    protected abstract NDManager dataManager();

    /** Every array the forward pass reads (weights and whatever the biases come from). */
    protected abstract List<NDArray> forwardArrays();

    /** {@code W_l}, shape {@code (d_l, d_{l−1})}, 1-based. */
    protected abstract NDArray weight(int l);

    /** {@code b_l} as a column {@code (d_l, 1)}; called inside a scope that holds {@link #forwardArrays()}. */
    protected abstract NDArray biasColumn(int l);

    /** Scores of the forward pass, computed in the current scope; {@code x} is {@code d0 × N}. */
    protected final NDArray forward(NDArray x) {
        NDArray h = x;
        for (int l = 1; l <= layers; l++) {
            NDArray z = weight(l).matMul(h).add(biasColumn(l));
            h = l < layers ? Activation.relu(z) : z;
        }
        return h;
    }

    private NDArray[] withInputs(NDArray... extra) {
        List<NDArray> all = new ArrayList<>(forwardArrays());
        all.addAll(Arrays.asList(extra));
        return all.toArray(new NDArray[0]);
    }

    private void checkReady(String who) {
        if (!isInitialized()) {
            throw new IllegalStateException(name + "." + who + " needs initialize(x, yOneHot) or fit(...) first");
        }
    }

    private void checkInputs(NDArray x, String who) {
        Checks.rank(x, 2, name + "." + who, "x (d0 × N)");
        Checks.floating(x, name + "." + who, "x");
        Checks.check(x.getShape().get(0) == sizes[0], name + "." + who,
                "x of shape (" + sizes[0] + ", N) (columns are samples)", x.getShape());
    }

    @Override
    public NDArray scores(NDArray x) {
        checkReady("scores");
        checkInputs(x, "scores");
        return Ops.scoped(x.getManager(), m -> forward(x.toType(weight(1).getDataType(), false)), withInputs(x));
    }

    @Override
    public NDArray predict(NDArray x) {
        checkReady("predict");
        checkInputs(x, "predict");
        return Ops.scoped(x.getManager(), m -> forward(x.toType(weight(1).getDataType(), false)).argMax(0),
                withInputs(x));
    }

    @Override
    public double accuracy(NDArray x, NDArray labels) {
        checkReady("accuracy");
        checkInputs(x, "accuracy");
        long n = x.getShape().get(1);
        Shape ls = labels.getShape();
        boolean indices = ls.dimension() == 1 && ls.get(0) == n;
        boolean oneHot = ls.dimension() == 2 && ls.get(0) == sizes[layers] && ls.get(1) == n;
        Checks.check(indices || oneHot, name + ".accuracy",
                "labels of shape (" + n + ") or one-hot (" + sizes[layers] + ", " + n + ")", ls);
        if (n == 0) {
            return Double.NaN;
        }
        double correct = Ops.scalar(x.getManager(), m -> {
            NDArray truth = indices ? labels.toType(DataType.INT64, false) : labels.argMax(0);
            NDArray pred = forward(x.toType(weight(1).getDataType(), false)).argMax(0);
            return pred.eq(truth).sum();
        }, withInputs(x, labels));
        return correct / n;
    }

    @Override
    public SequentialBlock toBlock() {
        checkReady("toBlock");
        NDManager owner = dataManager();
        try (NDManager sub = owner.newSubManager()) {
            Ops.tempAttachAll(sub, withInputs());
            List<NDArray> w = new ArrayList<>();
            List<NDArray> b = new ArrayList<>();
            for (int l = 1; l <= layers; l++) {
                w.add(weight(l));
                b.add(biasColumn(l));
            }
            return MlpNet.block(owner, w, b);
        }
    }

    /** The accuracy of {@code scores} against label indices, in the current scope. */
    static double accuracyOf(NDArray scores, NDArray labelIndices) {
        long n = labelIndices.size();
        return scores.argMax(0).eq(labelIndices).sum().toType(DataType.FLOAT64, false).getDouble() / n;
    }

    /** Checks the data contract: x {@code d0 × M}, y one-hot {@code K × M}, same floating type, finite. */
    protected final void checkData(NDArray x, NDArray y) {
        String who = name + ".initialize";
        Checks.notNull(x, who, "x");
        Checks.notNull(y, who, "yOneHot");
        Checks.rank(x, 2, who, "x (d0 × M)");
        Checks.rank(y, 2, who, "yOneHot (K × M)");
        DataType t = x.getDataType();
        Checks.check(t == DataType.FLOAT32 || t == DataType.FLOAT64, who, "x of type float32 or float64", t);
        Checks.check(y.getDataType() == t, who, "yOneHot of the type of x (" + t + ")", y.getDataType());
        long m = x.getShape().get(1);
        Checks.check(x.getShape().get(0) == sizes[0], who,
                "x of shape (" + sizes[0] + ", M) (columns are samples)", x.getShape());
        Checks.check(m > 0, who, "at least one sample", x.getShape());
        Checks.check(y.getShape().get(0) == sizes[layers] && y.getShape().get(1) == m, who,
                "yOneHot of shape (" + sizes[layers] + ", " + m + ")", y.getShape());
        try (NDManager sub = x.getManager().newSubManager()) {
            Ops.tempAttachAll(sub, x, y);
            Checks.check(!x.isNaN().logicalOr(x.isInfinite()).any().getBoolean(), who, "finite x", "NaN or infinite entries");
            boolean binary = y.eq(0).logicalOr(y.eq(1)).all().getBoolean();
            boolean oneHot = binary && y.sum(new int[] {0}).eq(1).all().getBoolean();
            Checks.check(oneHot, who, "a one-hot yOneHot (entries 0/1, one 1 per column)", "other values");
        }
    }

    /**
     * The options that the builders of all five methods share: layer sizes, seed, what each iteration
     * evaluates, the name and the listeners. Every option returns the concrete builder, so that shared
     * and method-specific options chain in any order; the concrete builder's {@code build()} validates
     * them.
     *
     * @param <T> the concrete builder
     */
    abstract static class BaseBuilder<T extends BaseBuilder<T>> {

        /** The builder's name in validation messages, such as {@code "LogPbcdTrainer.Builder"}. */
        final String who;
        int[] layerSizes = {784, 500, 500, 10};
        long seed;
        boolean evaluateObjective = true;
        boolean evaluateAccuracy = true;
        String name;
        final List<IterationListener> listeners = new ArrayList<>();

        BaseBuilder(String who, String defaultName) {
            this.who = who;
            this.name = defaultName;
        }

        /**
         * This builder as its concrete type.
         *
         * @return this builder
         */
        protected abstract T self();

        /**
         * Layer widths {@code d0, d1, ..., dL}; default 784-500-500-10. The splitting methods
         * (LOG-PBCD, proximal BCD, ADMM, LOG-ADMM) need at least one hidden layer.
         *
         * @param sizes the layer widths
         * @return this builder
         */
        public T optLayerSizes(int... sizes) {
            layerSizes = sizes == null ? null : sizes.clone();
            return self();
        }

        /**
         * Seed of the initialisation; default 0.
         *
         * @param seed the seed
         * @return this builder
         */
        public T optSeed(long seed) {
            this.seed = seed;
            return self();
        }

        /**
         * Whether each iteration evaluates the method's objective; default true. For LOG-PBCD and
         * proximal BCD it is Eq. 4 (cheap: it reuses the sweep's products), for ADMM and LOG-ADMM the
         * augmented Lagrangian, for gradient descent the cross-entropy after the step.
         *
         * @param evaluate whether to evaluate the objective
         * @return this builder
         */
        public T optEvaluateObjective(boolean evaluate) {
            evaluateObjective = evaluate;
            return self();
        }

        /**
         * Whether each iteration evaluates the training accuracy (one extra forward pass; for gradient
         * descent after the step); default true.
         *
         * @param evaluate whether to evaluate the training accuracy
         * @return this builder
         */
        public T optEvaluateAccuracy(boolean evaluate) {
            evaluateAccuracy = evaluate;
            return self();
        }

        /**
         * The name in records. Default: "LOG-PBCD", or "proximal BCD" when λ = 0 (as from
         * {@link LogPbcdTrainer#proximalBcdBuilder()}); "ADMM", or "LOG-ADMM" when λ > 0; "SGD", the
         * paper's name for {@link GradientDescentTrainer gradient descent}.
         *
         * @param name the name
         * @return this builder
         */
        public T optName(String name) {
            this.name = name;
            return self();
        }

        /**
         * Adds an iteration listener.
         *
         * @param listener the listener, not null
         * @return this builder
         */
        public T addListener(IterationListener listener) {
            listeners.add(Checks.notNull(listener, who, "a listener"));
            return self();
        }
    }
}

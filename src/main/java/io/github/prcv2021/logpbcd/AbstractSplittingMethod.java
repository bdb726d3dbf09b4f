package io.github.prcv2021.logpbcd;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import io.github.prcv2021.core.Checks;
import io.github.prcv2021.core.Seeds;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * State and memory discipline shared by the splitting methods (LOG-PBCD, proximal BCD, ADMM,
 * LOG-ADMM): weights {@code W_l}, biases {@code B_l}, pre-activations {@code Z_l} for
 * {@code l = 1..L} and activations {@code A_l} for {@code l = 0..L−1} ({@code A_0 = X}, the
 * caller's), initialised as in Lau et al.'s code ({@code W ~ scale·N(0,1)}, {@code b = const}, one
 * forward pass).
 *
 * <p>Each iteration runs in a scope, a sub-manager of the state manager to which all state arrays and
 * the data are temporarily attached, so that every intermediate is created in (and freed with) the
 * scope. A block update replaces a state array and closes the old one at once; when the scope closes,
 * the current state arrays are attached to the state manager and the data return to their owner.
 */
abstract class AbstractSplittingMethod extends AbstractMlpMethod {

    private final double weightScale;
    private final double biasInit;

    private NDManager owner;
    private NDManager state;
    protected NDManager scope;
    protected NDArray x;
    protected NDArray y;
    protected NDArray labels;
    protected NDArray[] w;
    protected NDArray[] b;
    protected NDArray[] z;
    protected NDArray[] a;
    private NDArray[] products;

    AbstractSplittingMethod(SplittingBuilder<?> builder) {
        super(builder);
        this.weightScale = builder.weightScale;
        this.biasInit = builder.biasInit;
    }

    /** Arrays the subclass keeps in the state beyond W, B, Z, A and the labels (may contain nulls). */
    protected abstract List<NDArray> extraState();

    /** Creates the subclass's extra state, inside the set-up scope, after the forward-pass initialisation. */
    protected abstract void setUpExtra();

    /** Frees nothing but forgets the subclass's extra state references. */
    protected abstract void forgetExtra();

    /** One sweep of block updates, inside the iteration scope. */
    protected abstract void sweep(int k);

    /** The named terms of the method's objective (with a {@code total}), inside a scope. */
    protected abstract Map<String, Double> parts();

    @Override
    protected final void setUp(NDArray x0, NDArray y0) {
        owner = x0.getManager();
        state = owner.newSubManager(x0.getDevice());
        x = x0;
        y = y0;
        w = new NDArray[layers + 1];
        b = new NDArray[layers + 1];
        z = new NDArray[layers + 1];
        a = new NDArray[layers];
        DataType type = x0.getDataType();
        openScope();
        try {
            a[0] = x;
            for (int l = 1; l <= layers; l++) {
                Random rnd = new Random(Seeds.derive(seed, "splitting.W" + l));
                double[] values = new double[sizes[l] * sizes[l - 1]];
                for (int i = 0; i < values.length; i++) {
                    values[i] = weightScale * rnd.nextGaussian();
                }
                w[l] = scope.create(values, new Shape(sizes[l], sizes[l - 1])).toType(type, false);
                b[l] = scope.full(new Shape(sizes[l], 1), (float) biasInit, type);
                z[l] = w[l].matMul(a[l - 1]).add(b[l]);
                if (l < layers) {
                    a[l] = Activation.relu(z[l]);
                }
            }
            labels = y.argMax(0);
            setUpExtra();
        } finally {
            closeScope();
        }
    }

    @Override
    public final boolean isInitialized() {
        return state != null;
    }

    @Override
    protected final void release() {
        if (state != null) {
            state.close();
        }
        state = null;
        scope = null;
        x = null;
        y = null;
        labels = null;
        w = null;
        b = null;
        z = null;
        a = null;
        products = null;
        forgetExtra();
    }

    @Override
    protected final NDManager dataManager() {
        return owner;
    }

    private List<NDArray> ownedArrays() {
        List<NDArray> out = new ArrayList<>();
        for (int l = 1; l <= layers; l++) {
            out.add(w[l]);
            out.add(b[l]);
            out.add(z[l]);
            if (l < layers) {
                out.add(a[l]);
            }
        }
        out.add(labels);
        out.addAll(extraState());
        return out;
    }

    /** Opens a scope with the state and the data temporarily attached. */
    protected final void openScope() {
        scope = state.newSubManager();
        products = new NDArray[layers + 1];
        List<NDArray> all = new ArrayList<>(ownedArrays());
        all.add(x);
        all.add(y);
        Ops.tempAttachAll(scope, all.toArray(new NDArray[0]));
    }

    /** Moves the current state arrays to the state manager and frees everything else of the scope. */
    protected final void closeScope() {
        for (NDArray arr : ownedArrays()) {
            if (arr != null) {
                arr.attach(state);
            }
        }
        products = null;
        NDManager s = scope;
        scope = null;
        s.close();
    }

    /** Closes {@code old} (unless it is {@code fresh}) and returns {@code fresh}. */
    protected static NDArray replace(NDArray old, NDArray fresh) {
        if (old != null && old != fresh) {
            old.close();
        }
        return fresh;
    }

    /**
     * Runs one block update with its own {@link NDScope}: every array created by {@code body} is
     * closed when it returns, except those passed through {@link #keep(NDArray)}. This bounds the peak
     * memory of an iteration by the temporaries of one block instead of the whole sweep.
     */
    protected static void block(Runnable body) {
        try (NDScope blockScope = new NDScope()) {
            blockScope.suppressNotUsedWarning();
            body.run();
        }
    }

    /** Exempts an array created inside {@link #block(Runnable)} from being closed at its end. */
    protected static NDArray keep(NDArray array) {
        NDScope.unregister(array);
        return array;
    }

    /** {@code W_l A_{l−1}}, cached within the scope; call {@link #invalidate(int)} when W_l or A_{l−1} changes. */
    protected final NDArray product(int l) {
        if (products[l] == null) {
            products[l] = keep(w[l].matMul(a[l - 1]));
        }
        return products[l];
    }

    /** Frees the cached {@code W_l A_{l−1}}. */
    protected final void invalidate(int l) {
        if (l <= layers && products[l] != null) {
            products[l].close();
            products[l] = null;
        }
    }

    @Override
    protected final IterationRecord runIteration(int k) {
        long t0 = System.nanoTime();
        openScope();
        try {
            sweep(k);
            // reading one entry synchronises the engine before the clock is read
            z[layers].get(0, 0).toType(DataType.FLOAT64, false).getDouble();
            long t1 = System.nanoTime();
            Map<String, Double> parts = evaluateObjective ? scopedParts() : Map.of();
            double objective = evaluateObjective ? parts.get("total") : Double.NaN;
            double[] acc = {Double.NaN};
            if (evaluateAccuracy) {
                block(() -> acc[0] = accuracyOf(trainScores(), labels));
            }
            long t2 = System.nanoTime();
            return new IterationRecord(name(), k, objective, parts, acc[0], (t1 - t0) / 1e9, (t2 - t1) / 1e9);
        } finally {
            closeScope();
        }
    }

    /** The forward pass on the training data, reusing {@code W_1 X} from the sweep. */
    private NDArray trainScores() {
        NDArray h = product(1).add(biasColumn(1));
        for (int l = 2; l <= layers; l++) {
            h = w[l].matMul(Activation.relu(h)).add(biasColumn(l));
        }
        return h;
    }

    /**
     * The method's objective at the current state.
     *
     * @return the objective
     */
    public double objective() {
        return objectiveParts().get("total");
    }

    /**
     * The named terms of the method's objective at the current state, and their {@code total}.
     *
     * @return the terms, in a fixed order
     */
    public Map<String, Double> objectiveParts() {
        if (!isInitialized()) {
            throw new IllegalStateException(name() + ".objective needs initialize(x, yOneHot) first");
        }
        openScope();
        try {
            return scopedParts();
        } finally {
            closeScope();
        }
    }

    private Map<String, Double> scopedParts() {
        List<Map<String, Double>> out = new ArrayList<>(1);
        block(() -> out.add(parts()));
        return out.get(0);
    }

    @Override
    public final double activationSparsity(int layer) {
        Checks.check(layer >= 1 && layer < layers, name() + ".activationSparsity",
                "a hidden layer in [1, " + (layers - 1) + "]", layer);
        if (!isInitialized()) {
            throw new IllegalStateException(name() + ".activationSparsity needs initialize(x, yOneHot) first");
        }
        return LogRegularizer.zeroFraction(a[layer]);
    }

    @Override
    protected final List<NDArray> forwardArrays() {
        List<NDArray> out = new ArrayList<>();
        for (int l = 1; l <= layers; l++) {
            out.add(w[l]);
            out.add(b[l]);
        }
        return out;
    }

    @Override
    protected final NDArray weight(int l) {
        return w[l];
    }

    @Override
    protected final NDArray biasColumn(int l) {
        return b[l].getShape().get(1) == 1 ? b[l] : b[l].mean(new int[] {1}, true);
    }

    /** The live activation variable {@code A_l} (owned by the method), for tests. */
    final NDArray activation(int l) {
        return a[l];
    }

    /** The live pre-activation variable {@code Z_l}, for tests. */
    final NDArray preActivation(int l) {
        return z[l];
    }

    /** The live bias {@code B_l}, for tests. */
    final NDArray bias(int l) {
        return b[l];
    }

    /**
     * The options that the splitting methods' builders add to {@link AbstractMlpMethod.BaseBuilder}: the
     * initialisation and the layers that carry the log regulariser. The concrete builder's
     * {@code build()} validates them with its own messages.
     *
     * @param <T> the concrete builder
     */
    abstract static class SplittingBuilder<T extends SplittingBuilder<T>> extends BaseBuilder<T> {

        double weightScale = 0.01;
        double biasInit = 0.1;
        int[] sparseLayers;

        SplittingBuilder(String who) {
            super(who, null);
        }

        /**
         * Initial {@code W_l ~ scale·N(0,1)}; default 0.01 (Lau et al.).
         *
         * @param scale the standard deviation of the initial weights
         * @return this builder
         */
        public T optInitWeightScale(double scale) {
            weightScale = scale;
            return self();
        }

        /**
         * Initial bias value; default 0.1 (Lau et al.).
         *
         * @param bias the initial value of every bias entry
         * @return this builder
         */
        public T optInitBias(double bias) {
            biasInit = bias;
            return self();
        }

        /**
         * The hidden layers carrying the log regulariser, each in {@code [1, L−2]}; default all of
         * them (the paper leaves {@code A_{L−1}} dense). No argument: none.
         *
         * @param layers the 1-based hidden layers
         * @return this builder
         */
        public T optSparseLayers(int... layers) {
            sparseLayers = layers == null ? null : layers.clone();
            return self();
        }

        /** Checks the layer sizes, which must include at least one hidden layer. */
        final void checkLayerSizes() {
            MlpNet.checkSizes(layerSizes, who);
            Checks.check(layerSizes.length >= 3, who, "at least one hidden layer (d0, d1, ..., dL with L >= 2)",
                    Arrays.toString(layerSizes));
        }

        /**
         * Which layers carry the log regulariser, indexed {@code 1..L−1}: the chosen ones, or by
         * default every hidden layer but the last.
         */
        final boolean[] sparseMask() {
            int layers = layerSizes.length - 1;
            boolean[] sparse = new boolean[layers];
            if (sparseLayers == null) {
                for (int l = 1; l <= layers - 2; l++) {
                    sparse[l] = true;
                }
            } else {
                for (int l : sparseLayers) {
                    sparse[l] = true;
                }
            }
            return sparse;
        }

        /** Fails unless {@code v > 0} and finite, naming {@code what}. */
        static void positiveFinite(double v, String who, String what) {
            Checks.check(v > 0 && Double.isFinite(v), who, what + " > 0 and finite", v);
        }
    }
}

package io.github.prcv2021.listamsn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.initializer.Initializer;
import io.github.prcv2021.core.Checks;

/**
 * The common base of the unfolded ISTA networks that feed the Mixture Sparsity Network (the paper's
 * "estimation networks", Sect. 3.1: LISTA, ALISTA, coupled LISTA): a block mapping signals {@code (B, n)}
 * to coarse codes {@code ẑ (B, m)} through {@code K} shrinkage layers, built for a fixed dictionary
 * {@code D (n, m)} and LASSO weight λ, initialised from ISTA's step {@code 1/L}, {@code L = ‖D‖₂²}.
 */
public abstract class UnfoldedEstimator extends AbstractBlock {

    /** The dictionary, row-major {@code (n, m)}. */
    protected final float[] dictionary;
    /** Signal size n. */
    protected final int n;
    /** Code size m. */
    protected final int m;
    /** Depth K: the number of shrinkage layers (K layers at ISTA's initialisation = K ISTA iterations from zero). */
    protected final int numLayers;
    /** λ. */
    protected final float lambda;
    /** L = ‖D‖₂², by power iteration. */
    protected final float lipschitz;

    /** Copies the builder's dictionary and sizes. */
    protected UnfoldedEstimator(byte version, BaseBuilder<?> b) {
        super(version);
        Checks.check(b.dictionary != null, getClass().getSimpleName(), "a dictionary (setDictionary)", "none");
        this.dictionary = b.dictionary;
        this.n = b.n;
        this.m = b.m;
        this.numLayers = b.numLayers;
        this.lambda = b.lambda;
        this.lipschitz = b.lipschitz;
    }

    /** The depth K. */
    public int getNumLayers() {
        return numLayers;
    }

    /** The code size m. */
    public int getCodeSize() {
        return m;
    }

    /** The signal size n. */
    public int getSignalSize() {
        return n;
    }

    /** λ. */
    public float getLambda() {
        return lambda;
    }

    /** L = ‖D‖₂². */
    public float getLipschitz() {
        return lipschitz;
    }

    /** The dictionary {@code (n, m)} on {@code manager}. */
    public NDArray dictionary(NDManager manager) {
        return manager.create(dictionary, new Shape(n, m));
    }

    @Override
    public void prepare(Shape[] inputShapes) {
        Checks.check(inputShapes.length == 1 && inputShapes[0].dimension() == 2 && inputShapes[0].get(1) == n,
                getClass().getSimpleName(), "signals (B, " + n + ")", inputShapes.length == 1 ? inputShapes[0] : inputShapes.length + " inputs");
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(inputShapes[0].get(0), m)};
    }

    /** A weight parameter of the given shape initialised to fixed values. */
    protected Parameter weight(String name, Shape shape, float[] values) {
        return addParameter(Parameter.builder().setName(name).setType(Parameter.Type.WEIGHT).optShape(shape)
                .optInitializer(constant(values)).build());
    }

    /** An initializer that returns the given values (their count must match the shape). */
    static Initializer constant(float[] values) {
        float[] copy = values.clone();
        return (manager, shape, dataType) -> {
            Checks.check(shape.size() == copy.length, "UnfoldedEstimator", "a parameter of " + copy.length + " values", shape);
            return manager.create(copy, shape).toType(dataType, false);
        };
    }

    /** {@code D/L} row-major {@code (n, m)}. */
    protected float[] scaledDictionary(float scale) {
        float[] out = new float[dictionary.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = dictionary[i] * scale;
        }
        return out;
    }

    /** {@code I − DᵀD/L} row-major {@code (m, m)} (symmetric). */
    protected float[] istaRecurrence() {
        float[] s = new float[m * m];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < m; j++) {
                double g = 0;
                for (int k = 0; k < n; k++) {
                    g += dictionary[k * m + i] * dictionary[k * m + j];
                }
                s[i * m + j] = (float) ((i == j ? 1 : 0) - g / lipschitz);
            }
        }
        return s;
    }

    /** A vector of {@code size} copies of {@code value}. */
    protected static float[] filled(int size, float value) {
        float[] out = new float[size];
        java.util.Arrays.fill(out, value);
        return out;
    }

    /**
     * The builder options every estimator shares.
     *
     * @param <T> the concrete builder
     */
    public abstract static class BaseBuilder<T extends BaseBuilder<T>> {
        float[] dictionary;
        int n;
        int m;
        int numLayers = 10;
        float lambda = 0.5f;
        float lipschitz;
        int powerIterations = 200;

        /** This builder. */
        protected abstract T self();

        /**
         * The dictionary {@code D (n, m)}, copied; L = ‖D‖₂² is computed from it by power iteration
         * ({@link SparseCoding#lipschitz}).
         */
        public T setDictionary(NDArray d) {
            SparseCoding.checkDictionary(d, "UnfoldedEstimator");
            this.n = Math.toIntExact(d.getShape().get(0));
            this.m = Math.toIntExact(d.getShape().get(1));
            if (d.getDataType() == ai.djl.ndarray.types.DataType.FLOAT32) {
                this.dictionary = d.toFloatArray();
            } else {
                try (NDArray f = d.toType(ai.djl.ndarray.types.DataType.FLOAT32, true)) {
                    this.dictionary = f.toFloatArray();
                }
            }
            this.lipschitz = SparseCoding.lipschitz(d, powerIterations);
            return self();
        }

        /** The depth K (default 10, the paper's headline depth). */
        public T setNumLayers(int numLayers) {
            this.numLayers = Checks.positive(numLayers, "UnfoldedEstimator", "numLayers");
            return self();
        }

        /** λ of the LASSO whose ISTA step initialises the network (default 0.5, the paper's, relative to λ_max). */
        public T optLambda(float lambda) {
            this.lambda = (float) Checks.nonNegative(lambda, "UnfoldedEstimator", "lambda");
            return self();
        }
    }
}

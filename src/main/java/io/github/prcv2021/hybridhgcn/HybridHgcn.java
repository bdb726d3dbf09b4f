package io.github.prcv2021.hybridhgcn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.norm.Dropout;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import io.github.prcv2021.core.Checks;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * HybridHGCN, the paper's Eq. 8: K branches of a two-layer hypergraph convolutional network, branch k
 * propagating over the k-hop operator {@code Ĥ^(k)}, merged by the hybrid message operator HM of Eq. 7
 * (element-wise max) before the softmax:
 *
 * <pre>
 *   Z_k = Ĥ^(k) · ReLU( Ĥ^(k) · (X Θ1 + b1) ) · Θ2 (+ Ĥ^(k) b2)     for k in the orders
 *   logits = HM(Z_1, …, Z_K) = max_k Z_k                          (Y = softmax(logits), Eq. 8)
 * </pre>
 *
 * <p>As Eqs. 6 and 8 write it, {@code Θ1} and {@code Θ2} are shared by the branches (the default);
 * {@link Builder#optShareWeights(boolean) optShareWeights(false)} gives each branch its own. Orders
 * {@code {1}} is HGNN (Feng et al., AAAI 2019; the paper's Eq. 5), see {@link #hgnn}.
 *
 * <p>Named additions the paper does not state, taken from HGNN's reference code: a bias in each layer
 * ({@link HypergraphConv}) and dropout after the first ReLU (p = 0.5, training only).
 *
 * <p>Input {@code NDList(X (n, d), Ĥ^(k_1) (n, n), …, Ĥ^(k_K) (n, n))} with the operators in the order of
 * {@link #orders()} (from {@link Hypergraph#hopOperators}); output {@code NDList(logits (n, q))}, the
 * pre-softmax scores (train with {@link MaskedSoftmaxCrossEntropyLoss}).
 */
public final class HybridHgcn extends AbstractBlock {

    private static final byte VERSION = 1;

    private final int[] orders;
    private final int hidden;
    private final int classes;
    private final float dropout;
    private final boolean shareWeights;
    private final Fusion fusion;
    private final List<HypergraphConv> first = new ArrayList<>();
    private final List<HypergraphConv> second = new ArrayList<>();

    private HybridHgcn(Builder b) {
        super(VERSION);
        this.orders = b.orders.clone();
        this.hidden = b.hidden;
        this.classes = b.classes;
        this.dropout = b.dropout;
        this.shareWeights = b.shareWeights;
        this.fusion = b.fusion;
        int sets = shareWeights ? 1 : orders.length;
        for (int i = 0; i < sets; i++) {
            String suffix = shareWeights ? "" : "_k" + orders[i] + "_" + i;
            first.add(addChildBlock("layer1" + suffix, HypergraphConv.create(hidden, b.bias)));
            second.add(addChildBlock("layer2" + suffix, HypergraphConv.create(classes, b.bias)));
        }
    }

    /** A builder; orders, hidden units and classes are required. */
    public static Builder builder() {
        return new Builder();
    }

    /** HGNN, the baseline: orders {1} (the paper's Eq. 5), dropout 0.5. */
    public static HybridHgcn hgnn(int hiddenUnits, int numClasses) {
        return builder().setOrders(1).setHiddenUnits(hiddenUnits).setNumClasses(numClasses).build();
    }

    /**
     * The hybrid message operator HM of Eq. 7 as a function.
     *
     * @param branches K arrays of one shape
     * @return the element-wise max (or mean) over the branches; a single branch is returned unchanged
     */
    public static NDArray fuse(NDList branches, Fusion fusion) {
        String who = "HybridHgcn.fuse";
        Checks.notNull(branches, who, "branches");
        Checks.notNull(fusion, who, "fusion");
        Checks.check(!branches.isEmpty(), who, "at least one branch", 0);
        Shape s = branches.head().getShape();
        for (NDArray a : branches) {
            Checks.check(a.getShape().equals(s), who, "branches of one shape " + s, a.getShape());
        }
        if (branches.size() == 1) {
            return branches.head();
        }
        NDArray stacked = NDArrays.stack(branches);
        return fusion == Fusion.MAX ? stacked.max(new int[] {0}) : stacked.mean(new int[] {0});
    }

    /** The orders k of the branches, in input order. */
    public int[] orders() {
        return orders.clone();
    }

    /** Hidden width d1. */
    public int hiddenUnits() {
        return hidden;
    }

    /** Number of classes q. */
    public int numClasses() {
        return classes;
    }

    /** Whether Θ1, Θ2 are shared by the branches (Eqs. 6, 8). */
    public boolean sharesWeights() {
        return shareWeights;
    }

    /** The fusion HM. */
    public Fusion fusion() {
        return fusion;
    }

    /** The first-layer convolution of branch i (the shared one when weights are shared). */
    public HypergraphConv firstLayer(int branch) {
        return first.get(shareWeights ? 0 : branch);
    }

    /** The second-layer convolution of branch i (the shared one when weights are shared). */
    public HypergraphConv secondLayer(int branch) {
        return second.get(shareWeights ? 0 : branch);
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        checkInputs(inputShapes);
        Shape op = inputShapes[1];
        Shape hiddenShape = new Shape(inputShapes[0].get(0), hidden);
        for (int i = 0; i < first.size(); i++) {
            first.get(i).initialize(manager, dataType, inputShapes[0], op);
            second.get(i).initialize(manager, dataType, hiddenShape, op);
        }
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
        Checks.check(inputs.size() == orders.length + 1, "HybridHgcn", "inputs (X and " + orders.length + " operators)",
                inputs.size() + " arrays");
        NDArray x = inputs.get(0);
        NDList branches = new NDList(orders.length);
        for (int i = 0; i < orders.length; i++) {
            NDArray g = inputs.get(i + 1);
            NDArray h = Activation.relu(firstLayer(i).forward(store, new NDList(x, g), training).head());
            if (training && dropout > 0) {
                h = Dropout.dropout(h, dropout, true).head();
            }
            branches.add(secondLayer(i).forward(store, new NDList(h, g), training).head());
        }
        return new NDList(fuse(branches, fusion));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        checkInputs(inputShapes);
        return new Shape[] {new Shape(inputShapes[0].get(0), classes)};
    }

    @Override
    public DataType[] getOutputDataTypes() {
        return new DataType[] {DataType.FLOAT32};
    }

    private void checkInputs(Shape[] s) {
        String who = "HybridHgcn";
        Checks.check(s.length == orders.length + 1, who, (orders.length + 1) + " input shapes (X and one operator per order "
                + Arrays.toString(orders) + ")", s.length + " shapes");
        Checks.check(s[0].dimension() == 2, who, "X of shape (n, d)", s[0]);
        long n = s[0].get(0);
        for (int i = 1; i < s.length; i++) {
            Checks.check(s[i].equals(new Shape(n, n)), who, "operator (" + n + ", " + n + ")", s[i]);
        }
    }

    @Override
    public String toString() {
        return "HybridHgcn(orders " + Arrays.toString(orders) + ", hidden " + hidden + ", classes " + classes + ", "
                + fusion + (shareWeights ? ", shared" : ", per-branch") + " weights)";
    }

    /** Builds a {@link HybridHgcn}. */
    public static final class Builder {
        private int[] orders;
        private int hidden;
        private int classes;
        private float dropout = 0.5f;
        private boolean shareWeights = true;
        private boolean bias = true;
        private Fusion fusion = Fusion.MAX;

        private Builder() {}

        /** The orders k of the branches (the paper: 1, 2, 3); distinct positive integers. */
        public Builder setOrders(int... orders) {
            this.orders = orders == null ? null : orders.clone();
            return this;
        }

        /** Hidden width d1 (the paper: 16 to 256 by data set). */
        public Builder setHiddenUnits(int hidden) {
            this.hidden = hidden;
            return this;
        }

        /** Number of classes q. */
        public Builder setNumClasses(int classes) {
            this.classes = classes;
            return this;
        }

        /** Dropout after the first ReLU, in [0, 1) (default 0.5, HGNN's code). */
        public Builder optDropout(float dropout) {
            this.dropout = dropout;
            return this;
        }

        /** Share Θ1, Θ2 across branches (default true, as Eqs. 6 and 8 write them). */
        public Builder optShareWeights(boolean share) {
            this.shareWeights = share;
            return this;
        }

        /** Biases in both layers (default true, HGNN's code). */
        public Builder optBias(boolean bias) {
            this.bias = bias;
            return this;
        }

        /** The hybrid message operator (default {@link Fusion#MAX}, Eq. 7). */
        public Builder optFusion(Fusion fusion) {
            this.fusion = fusion;
            return this;
        }

        /** Validates and builds. */
        public HybridHgcn build() {
            String who = "HybridHgcn.Builder";
            Checks.check(orders != null && orders.length > 0, who, "at least one order (setOrders)",
                    orders == null ? "none" : "[]");
            for (int i = 0; i < orders.length; i++) {
                Checks.check(orders[i] >= 1, who, "orders >= 1", orders[i]);
                for (int j = 0; j < i; j++) {
                    Checks.check(orders[i] != orders[j], who, "distinct orders", Arrays.toString(orders));
                }
            }
            Checks.check(hidden >= 1, who, "hidden units >= 1 (setHiddenUnits)", hidden);
            Checks.check(classes >= 2, who, "at least 2 classes (setNumClasses)", classes);
            Checks.check(dropout >= 0 && dropout < 1, who, "dropout in [0, 1)", dropout);
            Checks.notNull(fusion, who, "fusion");
            return new HybridHgcn(this);
        }
    }
}

package io.github.prcv2021.sarg;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import io.github.prcv2021.core.Checks;

/**
 * The paper's contribution, the subgraph of the actor relation graph (Sect. 3.2, Eq. 5–10), for one graph:
 *
 * <ol>
 *   <li>action features {@code H = ReLU(FC(H^(1)))} (Eq. 5; the activation is not stated, ReLU is used);
 *   <li>self-attention scores {@code S ∈ (0, 1)^N} from the {@link AttentionEncoder} (Eq. 6 or 7);
 *   <li>{@code idx = top-rank(S, ⌈kN⌉)} (Eq. 8) as a one-hot selection matrix P (⌈kN⌉ × N);
 *   <li>{@code H_s = H[idx] ⊙ S[idx] = P (H ⊙ S)} and {@code A_out = A[idx, idx] = P A Pᵀ} (Eq. 9); gating by
 *       S is what lets gradients reach the score encoder, as in SAGPool;
 *   <li>reasoning on the subgraph, {@code H^(1)_s = ReLU(LN(Ã_out H_s W_s))} with its own weights. The paper
 *       says the subgraph is "constructed in the same way" as the ARG but gives no formula; one graph
 *       convolution over {@code A_out}, rows renormalised over the kept actors (optional), is the standard
 *       reading;
 *   <li>scatter back, {@code H'^(1)_s = distribute(0_{N×d}, H^(1)_s, idx) = Pᵀ H^(1)_s} (Eq. 10): rows of
 *       dropped actors are zero.
 * </ol>
 *
 * <p>Input {@code NDList(H^(1) (B, N, d), A (B, N, N))}; output {@code NDList(H'^(1)_s (B, N, d), S (B, N))}.
 */
public final class SubgraphPool extends AbstractBlock {

    private static final byte VERSION = 1;

    private final int units;
    private final float ratio;
    private final AttentionEncoder encoder;
    private final boolean renormalize;
    private final Linear action;
    private final Linear score;
    private final Linear scoreHidden;
    private final GraphConvolution subgraph;

    private SubgraphPool(Builder b) {
        super(VERSION);
        units = b.units;
        ratio = b.ratio;
        encoder = b.encoder;
        renormalize = b.renormalize;
        action = addChildBlock("action", Linear.builder().setUnits(units).build());
        if (encoder == AttentionEncoder.FC) {
            scoreHidden = addChildBlock("scoreHidden", Linear.builder().setUnits(Math.max(1, units / 2)).build());
        } else {
            scoreHidden = null;
        }
        score = addChildBlock("score", Linear.builder().setUnits(1).build());
        subgraph = addChildBlock("subgraph", GraphConvolution.builder().setUnits(units).build());
    }

    /** A builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** ⌈kN⌉, the number of actors kept (Eq. 8), at least one. */
    public static int keptCount(long numActors, float ratio) {
        Checks.check(ratio > 0 && ratio <= 1, "SubgraphPool", "a ratio k in (0, 1]", ratio);
        return (int) Math.max(1, Math.ceil(ratio * numActors - 1e-6));
    }

    /**
     * The top-rank selection of Eq. 8 as one-hot rows: {@code P[b, r, n] = 1} iff actor n has the r-th
     * highest score in scene b (descending; ties in arbitrary order). The selection itself carries no
     * gradient; gradients reach the scores through the gating of Eq. 9.
     *
     * @param scores S, (B, N)
     * @param kept ⌈kN⌉
     * @return P, (B, kept, N), in the scores' data type
     */
    public static NDArray selection(NDArray scores, int kept) {
        Checks.rank(scores, 2, "SubgraphPool.selection", "scores (B, N)");
        long n = scores.getShape().get(1);
        Checks.check(kept >= 1 && kept <= n, "SubgraphPool.selection", "1 <= kept <= N = " + n, kept);
        NDArray idx = scores.stopGradient().argSort(1, false).get(":, :" + kept);
        return idx.oneHot((int) n).toType(scores.getDataType(), false);
    }

    /** Eq. 9–10 with a given selection: {@code P (H ⊙ S)}, {@code P A Pᵀ} (rows renormalised if asked). */
    static NDList gather(NDArray p, NDArray h, NDArray s, NDArray a, boolean renormalize) {
        NDArray hs = p.batchMatMul(h.mul(s.expandDims(2)));
        NDArray aOut = p.batchMatMul(a).batchMatMul(p.transpose(0, 2, 1));
        if (renormalize) {
            aOut = aOut.div(aOut.sum(new int[] {2}, true));
        }
        return new NDList(hs, aOut);
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        Checks.check(inputs.size() == 2, "SubgraphPool", "NDList(H (B, N, d), A (B, N, N))", inputs.size() + " arrays");
        NDArray h1 = inputs.get(0);
        NDArray a = inputs.get(1);
        Checks.rank(h1, 3, "SubgraphPool", "H^(1) (B, N, d)");
        long n = h1.getShape().get(1);
        Checks.shape(a, new Shape(h1.getShape().get(0), n, n), "SubgraphPool", "A");
        NDArray h = Activation.relu(action.forward(ps, new NDList(h1), training).singletonOrThrow());
        NDArray raw;
        if (encoder == AttentionEncoder.GCN) {
            NDArray aHat = a.add(a.getManager().eye((int) n).toType(a.getDataType(), false));
            raw = score.forward(ps, new NDList(aHat.batchMatMul(h)), training).singletonOrThrow();
        } else {
            NDArray hidden = Activation.relu(scoreHidden.forward(ps, new NDList(h), training).singletonOrThrow());
            raw = score.forward(ps, new NDList(hidden), training).singletonOrThrow();
        }
        NDArray s = Activation.sigmoid(raw.squeeze(2));
        NDArray p = selection(s, keptCount(n, ratio));
        NDList sub = gather(p, h, s, a, renormalize);
        NDArray hs1 = subgraph.forward(ps, sub, training).singletonOrThrow();
        return new NDList(p.transpose(0, 2, 1).batchMatMul(hs1), s);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape h = inputShapes[0];
        return new Shape[] {new Shape(h.get(0), h.get(1), units), new Shape(h.get(0), h.get(1))};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape h = inputShapes[0];
        Shape hd = new Shape(h.get(0), h.get(1), units);
        action.initialize(manager, dataType, h);
        if (scoreHidden != null) {
            scoreHidden.initialize(manager, dataType, hd);
            score.initialize(manager, dataType, new Shape(h.get(0), h.get(1), Math.max(1, units / 2)));
        } else {
            score.initialize(manager, dataType, hd);
        }
        int kept = keptCount(h.get(1), ratio);
        subgraph.initialize(manager, dataType, new Shape(h.get(0), kept, units), new Shape(h.get(0), kept, kept));
    }

    /** The builder. */
    public static final class Builder {
        private int units;
        private float ratio = 0.5f;
        private AttentionEncoder encoder = AttentionEncoder.GCN;
        private boolean renormalize = true;

        private Builder() {}

        /** d, the width of the action features and of the subgraph convolution (the paper: 1024). */
        public Builder setUnits(int units) {
            this.units = Checks.positive(units, "SubgraphPool", "units");
            return this;
        }

        /** k, the kept fraction of actors (default 0.5, the paper's). */
        public Builder optRatio(float ratio) {
            this.ratio = (float) Checks.inRange(ratio, 1e-6, 1, "SubgraphPool", "ratio");
            return this;
        }

        /** The score encoder (default {@link AttentionEncoder#GCN}, the paper's final model). */
        public Builder optEncoder(AttentionEncoder encoder) {
            this.encoder = Checks.notNull(encoder, "SubgraphPool", "encoder");
            return this;
        }

        /**
         * Renormalise the rows of {@code A[idx, idx]} over the kept actors before the subgraph convolution
         * (default true; not specified by the paper, which keeps ARG's row-normalised adjacency).
         */
        public Builder optRenormalize(boolean renormalize) {
            this.renormalize = renormalize;
            return this;
        }

        /** Builds the block. */
        public SubgraphPool build() {
            Checks.check(units > 0, "SubgraphPool.Builder", "setUnits(..) to be called", "no units");
            return new SubgraphPool(this);
        }
    }
}

package io.github.prcv2021.sarg;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.Dropout;
import ai.djl.nn.norm.LayerNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import io.github.prcv2021.core.Checks;
import java.util.ArrayList;
import java.util.List;

/**
 * The group-activity network on actor features (the paper's Fig. 2 after the RoI encoder): N_g actor
 * relation graphs ({@link ActorRelationGraph}, Eq. 1–2) each followed by a graph convolution
 * ({@link GraphConvolution}, Eq. 3–4) and, unless disabled, its own subgraph ({@link SubgraphPool},
 * Eq. 5–10); the fusion of Eq. 11–13 ({@link FusionMode}); dropout; an individual-action classifier on
 * every actor's Z and a group-activity classifier on the pooled Z'.
 *
 * <p>With {@code optUseSubgraph(false)} and {@link FusionMode#MAXPOOL} this is ARG: {@code Z = X + Σ_i
 * H^(1,i)}, Z' the maximum over actors.
 *
 * <p>Input {@code NDList(X (B, N, d), centres (B, N, 2))}: one frame per scene. Clips of T frames are
 * folded into the batch ({@code (B·T, N, d)}) and their scores averaged over T, as ARG does. Output
 * {@code NDList(activity logits (B, G), action logits (B, N, A))}, plus the self-attention scores averaged
 * over the graphs, (B, N), when subgraphs are used.
 */
public final class SargNet extends AbstractBlock {

    private static final byte VERSION = 1;

    private final int dim;
    private final int numGraphs;
    private final boolean useSubgraph;
    private final FusionMode fusion;
    private final int numActions;
    private final int numActivities;
    private final List<ActorRelationGraph> graphs = new ArrayList<>();
    private final List<GraphConvolution> convolutions = new ArrayList<>();
    private final List<SubgraphPool> pools = new ArrayList<>();
    private final List<Linear> fusions = new ArrayList<>();
    private final boolean embed;
    private final Linear embedding;
    private final LayerNorm embeddingNorm;
    private final Dropout dropout;
    private final Linear actionHead;
    private final Linear activityHead;

    private SargNet(Builder b) {
        super(VERSION);
        dim = b.dim;
        numGraphs = b.numGraphs;
        useSubgraph = b.useSubgraph;
        fusion = b.fusion;
        numActions = b.numActions;
        numActivities = b.numActivities;
        embed = b.embed;
        embedding = embed ? addChildBlock("embedding", Linear.builder().setUnits(dim).build()) : null;
        embeddingNorm = embed ? addChildBlock("embeddingNorm", LayerNorm.builder().axis(2).build()) : null;
        for (int i = 0; i < numGraphs; i++) {
            graphs.add(addChildBlock("graph" + i, ActorRelationGraph.builder().optRelationDim(b.relationDim)
                    .optDistanceThreshold(b.distanceThreshold).build()));
            convolutions.add(addChildBlock("gcn" + i, GraphConvolution.builder().setUnits(dim).build()));
            if (useSubgraph) {
                pools.add(addChildBlock("subgraph" + i, SubgraphPool.builder().setUnits(dim).optRatio(b.ratio)
                        .optEncoder(b.encoder).optRenormalize(b.renormalize).build()));
            }
            if (fusion == FusionMode.FUSION_NET) {
                fusions.add(addChildBlock("fusion" + i, Linear.builder().setUnits(dim).build()));
            }
        }
        dropout = addChildBlock("dropout", Dropout.builder().optRate(b.dropout).build());
        actionHead = addChildBlock("actions", Linear.builder().setUnits(numActions).build());
        activityHead = addChildBlock("activities", Linear.builder().setUnits(numActivities).build());
    }

    /** A builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** Whether the network has subgraphs (SARG) or not (ARG). */
    public boolean usesSubgraph() {
        return useSubgraph;
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        Checks.check(inputs.size() == 2, "SargNet", "NDList(X (B, N, d), centres (B, N, 2))", inputs.size() + " arrays");
        NDArray x = inputs.get(0);
        Checks.rank(x, 3, "SargNet", "actor features X (B, N, d)");
        Checks.check(embed || x.getShape().get(2) == dim, "SargNet", "actor features of width d = " + dim, x.getShape());
        Checks.shape(inputs.get(1), new Shape(x.getShape().get(0), x.getShape().get(1), 2), "SargNet", "centres");
        if (embed) {
            NDArray e = embedding.forward(ps, new NDList(x), training).singletonOrThrow();
            x = Activation.relu(embeddingNorm.forward(ps, new NDList(e), training).singletonOrThrow());
            inputs = new NDList(x, inputs.get(1));
        }
        NDArray z = fusion == FusionMode.FUSION_NET ? null : x;
        NDArray scores = null;
        for (int i = 0; i < numGraphs; i++) {
            NDArray a = graphs.get(i).forward(ps, inputs, training).singletonOrThrow();
            NDArray h1 = convolutions.get(i).forward(ps, new NDList(x, a), training).singletonOrThrow();
            NDArray hs = null;
            if (useSubgraph) {
                NDList pooled = pools.get(i).forward(ps, new NDList(h1, a), training);
                hs = pooled.get(0);
                scores = scores == null ? pooled.get(1) : scores.add(pooled.get(1));
            }
            NDArray part;
            if (fusion == FusionMode.FUSION_NET) {
                NDArray cat = hs == null ? NDArrays.concat(new NDList(x, h1), 2) : NDArrays.concat(new NDList(x, h1, hs), 2);
                part = Activation.relu(fusions.get(i).forward(ps, new NDList(cat), training).singletonOrThrow());
            } else {
                part = hs == null ? h1 : h1.add(hs);
            }
            z = z == null ? part : z.add(part);
        }
        NDArray pooledScene = fusion == FusionMode.MAXPOOL ? z.max(new int[] {1}) : z.sum(new int[] {1});
        NDArray zd = dropout.forward(ps, new NDList(z), training).singletonOrThrow();
        NDArray zpd = dropout.forward(ps, new NDList(pooledScene), training).singletonOrThrow();
        NDArray actions = actionHead.forward(ps, new NDList(zd), training).singletonOrThrow();
        NDArray activities = activityHead.forward(ps, new NDList(zpd), training).singletonOrThrow();
        return scores == null ? new NDList(activities, actions) : new NDList(activities, actions, scores.div(numGraphs));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape x = inputShapes[0];
        Shape act = new Shape(x.get(0), numActivities);
        Shape actions = new Shape(x.get(0), x.get(1), numActions);
        return useSubgraph ? new Shape[] {act, actions, new Shape(x.get(0), x.get(1))} : new Shape[] {act, actions};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape raw = inputShapes[0];
        Checks.check(raw.dimension() == 3 && (embed || raw.get(2) == dim), "SargNet", "input shape (B, N, " + dim + ")", raw);
        Shape x = new Shape(raw.get(0), raw.get(1), dim);
        if (embed) {
            embedding.initialize(manager, dataType, raw);
            embeddingNorm.initialize(manager, dataType, x);
        }
        inputShapes = new Shape[] {x, inputShapes[1]};
        Shape a = new Shape(x.get(0), x.get(1), x.get(1));
        for (int i = 0; i < numGraphs; i++) {
            graphs.get(i).initialize(manager, dataType, inputShapes);
            convolutions.get(i).initialize(manager, dataType, x, a);
            if (useSubgraph) {
                pools.get(i).initialize(manager, dataType, x, a);
            }
            if (fusion == FusionMode.FUSION_NET) {
                fusions.get(i).initialize(manager, dataType, new Shape(x.get(0), x.get(1), (useSubgraph ? 3 : 2) * dim));
            }
        }
        dropout.initialize(manager, dataType, x);
        actionHead.initialize(manager, dataType, x);
        activityHead.initialize(manager, dataType, new Shape(x.get(0), dim));
    }

    /** The builder; {@code setDim}, {@code setNumActions} and {@code setNumActivities} are required. */
    public static final class Builder {
        private int dim;
        private int numGraphs = 8;
        private int relationDim = 256;
        private float distanceThreshold = 0.2f;
        private boolean useSubgraph = true;
        private float ratio = 0.5f;
        private AttentionEncoder encoder = AttentionEncoder.GCN;
        private boolean renormalize = true;
        private FusionMode fusion = FusionMode.FUSION_NET;
        private float dropout = 0.3f;
        private boolean embed;
        private int numActions;
        private int numActivities;

        private Builder() {}

        /** d = f, the actor feature width (the paper: 1024). */
        public Builder setDim(int dim) {
            this.dim = Checks.positive(dim, "SargNet", "dim");
            return this;
        }

        /** The number of individual-action classes (Volleyball 9, Collective 6). */
        public Builder setNumActions(int numActions) {
            this.numActions = Checks.positive(numActions, "SargNet", "numActions");
            return this;
        }

        /** The number of group-activity classes (Volleyball 8, Collective 5). */
        public Builder setNumActivities(int numActivities) {
            this.numActivities = Checks.positive(numActivities, "SargNet", "numActivities");
            return this;
        }

        /** N_g, the number of graphs, each with its own subgraph (default 8, the paper's best, Table 3). */
        public Builder optNumGraphs(int numGraphs) {
            this.numGraphs = Checks.positive(numGraphs, "SargNet", "numGraphs");
            return this;
        }

        /** d_k of the embedded dot product (default 256, the ARG code's). */
        public Builder optRelationDim(int relationDim) {
            this.relationDim = Checks.positive(relationDim, "SargNet", "relationDim");
            return this;
        }

        /** μ of the position relation in the centres' units (default 0.2, the ARG code's fraction of the width). */
        public Builder optDistanceThreshold(float mu) {
            this.distanceThreshold = (float) Checks.positive(mu, "SargNet", "distanceThreshold");
            return this;
        }

        /** Subgraphs on (SARG, default) or off (ARG). */
        public Builder optUseSubgraph(boolean useSubgraph) {
            this.useSubgraph = useSubgraph;
            return this;
        }

        /** k, the kept fraction (default 0.5). */
        public Builder optRatio(float ratio) {
            this.ratio = (float) Checks.inRange(ratio, 1e-6, 1, "SargNet", "ratio");
            return this;
        }

        /** The score encoder (default GCN, Table 1). */
        public Builder optEncoder(AttentionEncoder encoder) {
            this.encoder = Checks.notNull(encoder, "SargNet", "encoder");
            return this;
        }

        /** Row renormalisation of the subgraph adjacency (default true; see {@link SubgraphPool}). */
        public Builder optRenormalize(boolean renormalize) {
            this.renormalize = renormalize;
            return this;
        }

        /** The fusion (default Fusion Net, the paper's final choice, Table 2). */
        public Builder optFusion(FusionMode fusion) {
            this.fusion = Checks.notNull(fusion, "SargNet", "fusion");
            return this;
        }

        /** Dropout before both classifiers (default 0.3, ARG's Volleyball value; 0.2 for Collective). */
        public Builder optDropout(float dropout) {
            this.dropout = (float) Checks.inRange(dropout, 0, 0.999, "SargNet", "dropout");
            return this;
        }

        /**
         * Embed the input features first by {@code ReLU(LN(FC(x)))} to d (default false: the input is already
         * the RoI encoder's embedding, {@link RoiActorEncoder}; true for raw features of any width).
         */
        public Builder optInputEmbedding(boolean embed) {
            this.embed = embed;
            return this;
        }

        /** Builds the network. */
        public SargNet build() {
            Checks.check(dim > 0 && numActions > 0 && numActivities > 0, "SargNet.Builder",
                    "setDim, setNumActions and setNumActivities to be called", "dim " + dim + ", actions " + numActions
                            + ", activities " + numActivities);
            return new SargNet(this);
        }
    }
}

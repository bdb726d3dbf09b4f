package io.github.prcv2021.distcam;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.github.prcv2021.core.Checks;

/**
 * Dist-CAM (Shen et al., PRCV 2021, Sect. 2): a class activation map for a model that classifies by
 * distance to class prototypes and so has no FC weights for CAM to use.
 *
 * <p>For a test feature map {@code Q} of shape {@code (K, H, W)} (the last convolutional stage, the
 * network's global average pooling and FC removed) and the prototype {@code P^c} of class {@code c}:
 * <ul>
 *   <li>Eq. 4, channel distance: {@code D^c = |GAP(P^c) − GAP(Q)|}, a vector in {@code R^K}, the element-wise
 *       absolute difference (the paper's "element-wise 1-norm").</li>
 *   <li>Eq. 5, channel weights: {@code W^c = norm(1 / D^c)}. The paper leaves {@code norm} unspecified; the
 *       default here is the sum normalisation {@code W_k = (1/(D_k+ε)) / Σ_j 1/(D_j+ε)} with {@code ε = 1e-8}
 *       so that a channel where {@code Q} equals the prototype stays finite (and dominates).
 *       {@link WeightNorm#L2} and {@link WeightNorm#MAX} are the alternatives; all three are a positive
 *       rescaling of {@code 1/(D+ε)}, so the min-max normalised heatmap is the same for all of them.</li>
 *   <li>Eq. 6, heatmap: {@code M^c = Σ_k W^c_k Q_k}, of shape {@code (H, W)}.</li>
 * </ul>
 * The class explained is normally the prediction, the nearest prototype ({@link PrototypeBank#nearest}).
 * Post-processing as in CAM (ReLU, min-max normalisation, upsampling to the input) is in {@link Heatmaps}.
 *
 * <pre>{@code
 * DistCam distCam = DistCam.builder().build();                  // L1 nearest prototype, sum norm, ε = 1e-8
 * DistCam.Explanation e = distCam.explain(featureMaps, bank);   // featureMaps (N, K, H, W)
 * int[] predicted = e.classes();                                // nearest prototypes
 * NDArray maps = e.heatmaps();                                  // (N, H, W), Eq. 6
 * }</pre>
 *
 * <p>All computations are batched NDArray operations on the feature map's device; no gradients are
 * needed. Instances are immutable and thread-safe.
 */
public final class DistCam {

    /** The distance between pooled features used to pick the nearest prototype. */
    public enum Distance {
        /** Sum of absolute differences, {@code Σ_k |q_k − p_k|}: the sum of Eq. 4's {@code D^c} (default). */
        L1,
        /** Euclidean distance. */
        L2
    }

    /** The element-wise normalisation {@code norm(·)} of Eq. 5, applied to {@code 1/(D + ε)}. */
    public enum WeightNorm {
        /** Divide by the sum: the weights sum to 1 (default). */
        SUM,
        /** Divide by the Euclidean norm. */
        L2,
        /** Divide by the largest weight. */
        MAX
    }

    /** The default ε of Eq. 5's reciprocal. */
    public static final float DEFAULT_EPSILON = 1e-8f;

    private final Distance distance;
    private final WeightNorm norm;
    private final float epsilon;

    private DistCam(Builder b) {
        this.distance = b.distance;
        this.norm = b.norm;
        this.epsilon = b.epsilon;
    }

    /** A builder: L1 distance, sum normalisation, ε = 1e-8. */
    public static Builder builder() {
        return new Builder();
    }

    /** The distance used for the nearest prototype. */
    public Distance distance() {
        return distance;
    }

    /** Eq. 5's normalisation. */
    public WeightNorm weightNorm() {
        return norm;
    }

    /** Eq. 5's ε. */
    public float epsilon() {
        return epsilon;
    }

    /** {@code GAP(Q)}: the mean over the spatial axes of {@code (N, K, H, W)}, giving {@code (N, K)}. */
    public static NDArray globalAveragePool(NDArray featureMaps) {
        Checks.rank(featureMaps, 4, "DistCam.globalAveragePool", "feature maps (N, K, H, W)");
        Shape s = featureMaps.getShape();
        return featureMaps.reshape(s.get(0), s.get(1), s.get(2) * s.get(3)).mean(new int[] {2});
    }

    /**
     * Eq. 4: the channel distance {@code D = |p − q|} between pooled features.
     *
     * @param pooled {@code GAP(Q)}, shape {@code (N, K)}
     * @param prototypes {@code GAP(P^c)} of the class explained for each row, shape {@code (N, K)}
     * @return {@code (N, K)}
     */
    public static NDArray channelDistance(NDArray pooled, NDArray prototypes) {
        String who = "DistCam.channelDistance";
        Checks.rank(pooled, 2, who, "pooled features (N, K)");
        Checks.shape(prototypes, pooled.getShape(), who, "prototypes like the pooled features");
        return prototypes.sub(pooled).abs();
    }

    /**
     * Eq. 5: the channel weights {@code W = norm(1 / (D + ε))}, row by row.
     *
     * @param channelDistance {@code D}, shape {@code (N, K)} (or {@code (K)}), non-negative
     * @return the weights, same shape
     */
    public NDArray channelWeights(NDArray channelDistance) {
        Checks.check(channelDistance.getShape().dimension() >= 1, "DistCam.channelWeights", "D of shape (N, K) or (K)",
                channelDistance.getShape());
        NDArray inv = channelDistance.add(epsilon).pow(-1f);
        int axis = channelDistance.getShape().dimension() - 1;
        switch (norm) {
            case L2:
                return inv.div(inv.pow(2).sum(new int[] {axis}, true).sqrt());
            case MAX:
                return inv.div(inv.max(new int[] {axis}, true));
            case SUM:
            default:
                return inv.div(inv.sum(new int[] {axis}, true));
        }
    }

    /**
     * Eq. 5 on host values, for checks and small uses: {@code norm(1 / (D + ε))} of one vector.
     *
     * @param channelDistance {@code D}, non-negative
     * @param epsilon ε
     * @param norm the normalisation
     * @return the weights
     */
    public static double[] channelWeights(double[] channelDistance, double epsilon, WeightNorm norm) {
        Checks.check(channelDistance.length > 0, "DistCam.channelWeights", "a non-empty D", 0);
        double[] w = new double[channelDistance.length];
        double sum = 0;
        double sq = 0;
        double max = 0;
        for (int k = 0; k < w.length; k++) {
            Checks.check(channelDistance[k] >= 0, "DistCam.channelWeights", "D >= 0", channelDistance[k]);
            w[k] = 1 / (channelDistance[k] + epsilon);
            sum += w[k];
            sq += w[k] * w[k];
            max = Math.max(max, w[k]);
        }
        double d = norm == WeightNorm.SUM ? sum : norm == WeightNorm.L2 ? Math.sqrt(sq) : max;
        for (int k = 0; k < w.length; k++) {
            w[k] /= d;
        }
        return w;
    }

    /**
     * Eq. 6 (and CAM's Eq. 3 with FC weights): {@code M = Σ_k W_k Q_k} for each image.
     *
     * @param featureMaps {@code Q}, shape {@code (N, K, H, W)}
     * @param weights one weight vector per image, shape {@code (N, K)}
     * @return the heatmaps {@code (N, H, W)}
     */
    public static NDArray weightedSum(NDArray featureMaps, NDArray weights) {
        String who = "DistCam.weightedSum";
        Checks.rank(featureMaps, 4, who, "feature maps (N, K, H, W)");
        Shape s = featureMaps.getShape();
        Checks.shape(weights, new Shape(s.get(0), s.get(1)), who, "weights (N, K)");
        // (N, 1, K) x (N, K, H*W) -> (N, 1, H*W)
        NDArray q = featureMaps.reshape(s.get(0), s.get(1), s.get(2) * s.get(3));
        return weights.expandDims(1).batchMatMul(q).reshape(s.get(0), s.get(2), s.get(3));
    }

    /**
     * Eqs. 4-6 for given classes: the Dist-CAM heatmap of class {@code classes[i]} for image {@code i}.
     *
     * @param featureMaps {@code Q}, shape {@code (N, K, H, W)}
     * @param bank the prototypes (Eq. 7)
     * @param classes the class to explain per image
     * @return {@code (N, H, W)}
     */
    public NDArray heatmaps(NDArray featureMaps, PrototypeBank bank, int[] classes) {
        String who = "DistCam.heatmaps";
        Checks.rank(featureMaps, 4, who, "feature maps (N, K, H, W)");
        Checks.check(classes.length == featureMaps.getShape().get(0), who, "one class per image ("
                + featureMaps.getShape().get(0) + ")", classes.length);
        NDManager m = featureMaps.getManager();
        NDArray pooled = globalAveragePool(featureMaps);
        NDArray protos = bank.prototypes(m, classes);
        return weightedSum(featureMaps, channelWeights(channelDistance(pooled, protos)));
    }

    /**
     * Dist-CAM of the prediction: the nearest prototype by {@link #distance()} to {@code GAP(Q)}, and its
     * heatmap (Eqs. 4-6).
     *
     * @param featureMaps {@code Q}, shape {@code (N, K, H, W)}
     * @param bank the prototypes
     * @return the predicted classes, the distances to every prototype and the heatmaps
     */
    public Explanation explain(NDArray featureMaps, PrototypeBank bank) {
        Checks.rank(featureMaps, 4, "DistCam.explain", "feature maps (N, K, H, W)");
        NDArray pooled = globalAveragePool(featureMaps);
        NDArray dist = bank.distances(pooled, distance);
        int[] classes = PrototypeBank.argmin(dist);
        NDArray protos = bank.prototypes(featureMaps.getManager(), classes);
        NDArray maps = weightedSum(featureMaps, channelWeights(channelDistance(pooled, protos)));
        return new Explanation(classes, dist, maps);
    }

    /**
     * {@link #explain(NDArray, PrototypeBank)} with the prototypes already on the device, for repeated
     * calls: every class has a prototype; the nearest one is picked and gathered on the device.
     *
     * @param featureMaps {@code Q}, shape {@code (N, K, H, W)}
     * @param prototypes {@code GAP(P^c)} of every class, {@code (C, K)} (from {@link PrototypeBank#prototypes(NDManager)})
     * @return the predicted classes, the distances to every prototype and the heatmaps
     */
    public Explanation explain(NDArray featureMaps, NDArray prototypes) {
        String who = "DistCam.explain";
        Checks.rank(featureMaps, 4, who, "feature maps (N, K, H, W)");
        Checks.rank(prototypes, 2, who, "prototypes (C, K)");
        Checks.check(prototypes.getShape().get(1) == featureMaps.getShape().get(1), who,
                "prototypes with K = " + featureMaps.getShape().get(1) + " columns", prototypes.getShape());
        NDArray pooled = globalAveragePool(featureMaps);
        NDArray diff = pooled.expandDims(1).sub(prototypes.expandDims(0)); // (N, C, K)
        NDArray dist = distance == Distance.L1 ? diff.abs().sum(new int[] {2}) : diff.pow(2).sum(new int[] {2}).sqrt();
        NDArray idx = dist.argMin(1);
        NDArray protos = prototypes.get(new ai.djl.ndarray.index.NDIndex("{}", idx));
        NDArray maps = weightedSum(featureMaps, channelWeights(channelDistance(pooled, protos)));
        long[] c = idx.toType(ai.djl.ndarray.types.DataType.INT64, false).toLongArray();
        int[] classes = new int[c.length];
        for (int i = 0; i < c.length; i++) {
            classes[i] = (int) c[i];
        }
        return new Explanation(classes, dist, maps);
    }

    /**
     * What {@link #explain} returns.
     *
     * @param classes the nearest prototype of each image (the prediction)
     * @param distances distances from each image to every prototype, {@code (N, C)}
     * @param heatmaps the Dist-CAM of the predicted class, {@code (N, H, W)}, before post-processing
     */
    public record Explanation(int[] classes, NDArray distances, NDArray heatmaps) {}

    /** Options of {@link DistCam}. */
    public static final class Builder {
        private Distance distance = Distance.L1;
        private WeightNorm norm = WeightNorm.SUM;
        private float epsilon = DEFAULT_EPSILON;

        private Builder() {}

        /** The distance for the nearest prototype (default {@link Distance#L1}, as Eq. 4). */
        public Builder optDistance(Distance distance) {
            this.distance = Checks.notNull(distance, "DistCam", "a distance");
            return this;
        }

        /** Eq. 5's normalisation (default {@link WeightNorm#SUM}). */
        public Builder optWeightNorm(WeightNorm norm) {
            this.norm = Checks.notNull(norm, "DistCam", "a weight normalisation");
            return this;
        }

        /** Eq. 5's ε, added to {@code D} before the reciprocal (default 1e-8). */
        public Builder optEpsilon(float epsilon) {
            Checks.positive(epsilon, "DistCam", "epsilon");
            this.epsilon = epsilon;
            return this;
        }

        /** The Dist-CAM. */
        public DistCam build() {
            return new DistCam(this);
        }
    }
}

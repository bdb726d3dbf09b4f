package io.github.prcv2021.shapetexture;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.loss.Loss;
import io.github.prcv2021.core.Checks;
import java.util.List;

/**
 * The total loss of Eq. 8, {@code L_total = eta L_classification + alpha L_reconstruction + beta
 * L_discrepancy}, over the outputs of {@link MultiViewNet}. Labels are {@code NDList{classes (N), images
 * (N, C, H, W)}}: the images are the reconstruction's target.
 *
 * <ul>
 *   <li><b>Classification (Eq. 4-5).</b> The paper writes the cross-entropy of {@code argmax_y sum_v w_v
 *       p_v}, which has no gradient with respect to the weights. The standard reading, used here, is the
 *       negative log-likelihood of the mixture, {@code -log(sum_v w_v p_v[y])}: the cross-entropy of the
 *       combined distribution whose argmax is Eq. 5's prediction.
 *   <li><b>Reconstruction (Eq. 6).</b> {@code ||G(B, F^S, F^T) - x||_1}, averaged over pixels (the
 *       paper sums over images; the mean only rescales alpha).
 *   <li><b>Discrepancy (Eq. 7).</b> The sum of the cosine similarities of every pair of view codes
 *       (three pairs with a background view, one without), averaged over the batch; in [-3, 3] (or
 *       [-1, 1]).
 * </ul>
 *
 * <p>The paper gives no values for eta, alpha and beta; the defaults 1, 1, 0.1 are the ones of this
 * library's reproduction.
 */
public final class MultiViewLoss extends Loss {

    private final float eta;
    private final float alpha;
    private final float beta;

    private MultiViewLoss(Builder b) {
        super("MultiViewLoss");
        this.eta = b.eta;
        this.alpha = b.alpha;
        this.beta = b.beta;
    }

    /** A builder: eta 1, alpha 1, beta 0.1. */
    public static Builder builder() {
        return new Builder();
    }

    /** The loss weights {eta, alpha, beta} of Eq. 8. */
    public float[] weights() {
        return new float[] {eta, alpha, beta};
    }

    /** Eq. 8, a scalar. */
    @Override
    public NDArray evaluate(NDList labels, NDList predictions) {
        NDArray[] terms = terms(labels, predictions);
        return terms[0].mul(eta).add(terms[1].mul(alpha)).add(terms[2].mul(beta));
    }

    /**
     * The three terms before weighting: {classification, reconstruction, discrepancy}, each a scalar.
     *
     * @param labels {@code NDList{classes (N), images (N, C, H, W)}}
     * @param predictions the outputs of {@link MultiViewNet}
     */
    public NDArray[] terms(NDList labels, NDList predictions) {
        String who = "MultiViewLoss";
        Checks.check(labels.size() == 2, who, "labels NDList{classes, images}", labels.size() + " arrays");
        Checks.check(predictions.size() == 6 || predictions.size() == 8, who, "the 6 or 8 outputs of MultiViewNet",
                predictions.size() + " arrays");
        NDArray cls = mixtureNll(predictions.get(MultiViewNet.MIXTURE), labels.get(0));
        NDArray rec = reconstructionL1(predictions.get(MultiViewNet.RECONSTRUCTION), labels.get(1));
        List<NDArray> codes = predictions.size() == 8
                ? List.of(predictions.get(MultiViewNet.Z_BACKGROUND), predictions.get(MultiViewNet.Z_SHAPE),
                        predictions.get(MultiViewNet.Z_TEXTURE))
                : List.of(predictions.get(MultiViewNet.Z_SHAPE), predictions.get(MultiViewNet.Z_TEXTURE));
        return new NDArray[] {cls, rec, discrepancy(codes)};
    }

    /**
     * The mixture negative log-likelihood (the differentiable reading of Eq. 4),
     * {@code mean_i -log(max(q_i[y_i], 1e-12))}.
     *
     * @param mixture the combined class probabilities {@code q (N, K)}
     * @param classes the labels {@code (N)}, integer or float class indices
     */
    public static NDArray mixtureNll(NDArray mixture, NDArray classes) {
        String who = "MultiViewLoss.mixtureNll";
        Checks.rank(mixture, 2, who, "probabilities (N, K)");
        long n = mixture.getShape().get(0);
        Checks.check(classes.getShape().size() == n, who, n + " labels", classes.getShape());
        NDArray idx = classes.reshape(n, 1).toType(DataType.INT64, false);
        NDArray picked = mixture.gather(idx, 1).reshape(n);
        return picked.maximum(1e-12f).log().neg().mean();
    }

    /** Eq. 6 per pixel: {@code mean |reconstruction - images|}. */
    public static NDArray reconstructionL1(NDArray reconstruction, NDArray images) {
        Checks.check(reconstruction.getShape().equals(images.getShape()), "MultiViewLoss.reconstructionL1",
                "a reconstruction of the images' shape " + images.getShape(), reconstruction.getShape());
        return reconstruction.sub(images).abs().mean();
    }

    /**
     * Eq. 7: the sum over pairs of codes of their cosine similarity, averaged over the batch.
     *
     * @param codes two or three codes of equal shape {@code (N, D)}
     */
    public static NDArray discrepancy(List<NDArray> codes) {
        String who = "MultiViewLoss.discrepancy";
        Checks.check(codes != null && codes.size() >= 2, who, "at least two codes", codes == null ? "null" : codes.size());
        for (NDArray c : codes) {
            Checks.rank(c, 2, who, "codes (N, D)");
            Checks.check(c.getShape().equals(codes.get(0).getShape()), who, "codes of one shape " + codes.get(0).getShape(),
                    c.getShape());
        }
        NDArray sum = null;
        for (int i = 0; i < codes.size(); i++) {
            for (int j = i + 1; j < codes.size(); j++) {
                NDArray cos = cosine(codes.get(i), codes.get(j));
                sum = sum == null ? cos : sum.add(cos);
            }
        }
        return sum.mean();
    }

    /** Row-wise cosine similarity {@code a.b / (|a| |b|)} of two {@code (N, D)} arrays, {@code (N)}. */
    public static NDArray cosine(NDArray a, NDArray b) {
        NDArray dot = a.mul(b).sum(new int[] {1});
        NDArray na = a.square().sum(new int[] {1}).add(1e-12f).sqrt();
        NDArray nb = b.square().sum(new int[] {1}).add(1e-12f).sqrt();
        return dot.div(na.mul(nb));
    }

    /** Builder for {@link MultiViewLoss}. */
    public static final class Builder {
        private float eta = 1f;
        private float alpha = 1f;
        private float beta = 0.1f;

        private Builder() {}

        /** eta, the classification weight of Eq. 8 (not given by the paper; default 1). */
        public Builder optEta(float eta) {
            this.eta = (float) Checks.nonNegative(eta, "MultiViewLoss", "eta");
            return this;
        }

        /** alpha, the reconstruction weight of Eq. 8 (not given; default 1). */
        public Builder optAlpha(float alpha) {
            this.alpha = (float) Checks.nonNegative(alpha, "MultiViewLoss", "alpha");
            return this;
        }

        /** beta, the discrepancy weight of Eq. 8 (not given; default 0.1). */
        public Builder optBeta(float beta) {
            this.beta = (float) Checks.nonNegative(beta, "MultiViewLoss", "beta");
            return this;
        }

        /** Builds the loss. */
        public MultiViewLoss build() {
            return new MultiViewLoss(this);
        }
    }
}

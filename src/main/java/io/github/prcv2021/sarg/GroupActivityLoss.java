package io.github.prcv2021.sarg;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.loss.Loss;
import io.github.prcv2021.core.Checks;

/**
 * The paper's Eq. 14: {@code L = CE(y_G, ŷ_G) + λ · CE(y_I, ŷ_I)}, the group-activity cross entropy plus the
 * individual-action cross entropy over all actors. The action term may weight classes as ARG does on
 * Volleyball ({@code [1, 1, 2, 3, 1, 2, 2, 0.2, 1]}); the weighted mean is {@code Σ w_y ℓ / Σ w_y}
 * (PyTorch's {@code CrossEntropyLoss(weight=...)}, which ARG uses).
 *
 * <p>Labels {@code NDList(group (B), actions (B, N))}; predictions {@code NDList(activity logits (B, G),
 * action logits (B, N, A), ...)} as {@link SargNet} returns them.
 */
public final class GroupActivityLoss extends Loss {

    private final float lambda;
    private final float[] actionWeights;

    /** λ = 1 and unweighted actions. */
    public GroupActivityLoss() {
        this(1f, null);
    }

    /**
     * @param lambda λ of Eq. 14 (ARG: 1)
     * @param actionWeights per-action-class weights, or null for none
     */
    public GroupActivityLoss(float lambda, float[] actionWeights) {
        super("GroupActivityLoss");
        this.lambda = (float) Checks.nonNegative(lambda, "GroupActivityLoss", "lambda");
        if (actionWeights != null) {
            for (float w : actionWeights) {
                Checks.check(w >= 0, "GroupActivityLoss", "non-negative action class weights", w);
            }
        }
        this.actionWeights = actionWeights == null ? null : actionWeights.clone();
    }

    /** Mean cross entropy of logits (M, K) against integer labels (M), optionally class-weighted. */
    static NDArray crossEntropy(NDArray logits, NDArray labels, float[] weights) {
        int k = (int) logits.getShape().get(1);
        NDArray oneHot = labels.toType(DataType.INT64, false).oneHot(k).toType(logits.getDataType(), false);
        NDArray nll = logits.logSoftmax(1).mul(oneHot).sum(new int[] {1}).neg();
        if (weights == null) {
            return nll.mean();
        }
        Checks.check(weights.length == k, "GroupActivityLoss", weights.length + " action weights for " + k + " classes", k);
        NDArray w = oneHot.matMul(logits.getManager().create(weights).toType(logits.getDataType(), false));
        return nll.mul(w).sum().div(w.sum());
    }

    @Override
    public NDArray evaluate(NDList labels, NDList predictions) {
        Checks.check(labels.size() >= 2 && predictions.size() >= 2, "GroupActivityLoss",
                "labels (group, actions) and predictions (activity logits, action logits)",
                labels.size() + " labels, " + predictions.size() + " predictions");
        NDArray activity = predictions.get(0);
        NDArray actions = predictions.get(1);
        Checks.rank(activity, 2, "GroupActivityLoss", "activity logits (B, G)");
        Checks.rank(actions, 3, "GroupActivityLoss", "action logits (B, N, A)");
        long b = activity.getShape().get(0);
        long n = actions.getShape().get(1);
        Checks.check(labels.get(0).size() == b, "GroupActivityLoss", b + " group labels", labels.get(0).getShape());
        Checks.check(labels.get(1).size() == b * n, "GroupActivityLoss", "action labels (" + b + ", " + n + ")",
                labels.get(1).getShape());
        NDArray group = crossEntropy(activity, labels.get(0).reshape(b), null);
        NDArray action = crossEntropy(actions.reshape(b * n, -1), labels.get(1).reshape(b * n), actionWeights);
        return group.add(action.mul(lambda));
    }
}

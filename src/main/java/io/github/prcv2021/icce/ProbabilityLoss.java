package io.github.prcv2021.icce;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.loss.Loss;
import io.github.prcv2021.core.Checks;

/**
 * Base of the classification losses that are a function of {@code p = softmax(z)_y}, the predicted
 * probability of the labelled class: CCE, ICCE, MAE, GCE and IMAE. It owns the shared contract:
 * predictions are logits of shape (N, K); labels are class indices of shape (N) or (N, 1), or
 * one-hot / soft labels of shape (N, K) when built with {@code sparseLabel = false}. The value is the
 * mean over the batch.
 */
public abstract class ProbabilityLoss extends Loss {

    private final boolean sparseLabel;

    protected ProbabilityLoss(String name, boolean sparseLabel) {
        super(name);
        this.sparseLabel = sparseLabel;
    }

    /** Whether labels are class indices (true) or one-hot rows (false). */
    public boolean isSparseLabel() {
        return sparseLabel;
    }

    @Override
    public NDArray evaluate(NDList labels, NDList predictions) {
        NDArray logits = predictions.singletonOrThrow();
        NDArray label = labels.singletonOrThrow();
        Shape s = logits.getShape();
        Checks.check(s.dimension() == 2 && s.get(1) >= 2, getName(), "logits of shape (N, K) with K >= 2", s);
        NDArray logP = logits.logSoftmax(1);
        NDArray logPy;
        if (sparseLabel) {
            Shape ls = label.getShape();
            boolean ok = (ls.dimension() == 1 && ls.get(0) == s.get(0))
                    || (ls.dimension() == 2 && ls.get(0) == s.get(0) && ls.get(1) == 1);
            Checks.check(ok, getName(), "class-index labels of shape (" + s.get(0) + ") or (" + s.get(0) + ", 1)", ls);
            NDArray idx = label.reshape(s.get(0), 1).toType(ai.djl.ndarray.types.DataType.INT64, false);
            long min = idx.min().getLong();
            long max = idx.max().getLong();
            Checks.check(min >= 0 && max < s.get(1), getName(),
                    "class indices in [0, " + (s.get(1) - 1) + "]", "indices in [" + min + ", " + max + "]");
            logPy = logP.get(new NDIndex().addAllDim().addPickDim(idx)); // (N, 1)
        } else {
            Checks.check(label.getShape().equals(s), getName(), "one-hot labels of shape " + s, label.getShape());
            logPy = logP.mul(label).sum(new int[] {1}, true);
        }
        return perExample(logPy.reshape(s.get(0)), logits, logP).mean();
    }

    /**
     * The per-example loss, given {@code log p_y} of shape (N) and, for losses that need them, the
     * logits and log-probabilities of shape (N, K).
     */
    protected abstract NDArray perExample(NDArray logPy, NDArray logits, NDArray logP);
}

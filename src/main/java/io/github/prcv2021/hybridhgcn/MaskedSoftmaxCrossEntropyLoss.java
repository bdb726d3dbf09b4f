package io.github.prcv2021.hybridhgcn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.loss.Loss;
import io.github.prcv2021.core.Checks;

/**
 * The transductive cross-entropy of the paper's Eq. 9, {@code L = −Σ_{i∈V_L} Σ_j Ŷ_ij ln Y_ij} with
 * {@code Y = softmax(logits)}, over the labelled vertices {@code V_L} only, divided by {@code |V_L|} (the
 * mean, as HGNN's and HyperGCN's code compute it; the paper writes the sum, which differs by a constant
 * factor).
 *
 * <p>Labels {@code (n)} hold the class index of each labelled vertex and −1 for unlabelled vertices;
 * predictions {@code (n, q)} are logits.
 */
public final class MaskedSoftmaxCrossEntropyLoss extends Loss {

    /** The loss named "masked_softmax_ce". */
    public MaskedSoftmaxCrossEntropyLoss() {
        super("masked_softmax_ce");
    }

    /**
     * The loss as a function.
     *
     * @param logits (n, q)
     * @param labels (n), class indices in [0, q) or −1 (unlabelled); at least one labelled vertex
     * @return a scalar
     */
    public static NDArray maskedCrossEntropy(NDArray logits, NDArray labels) {
        String who = "MaskedSoftmaxCrossEntropyLoss";
        Checks.rank(logits, 2, who, "logits (n, q)");
        long n = logits.getShape().get(0);
        long q = logits.getShape().get(1);
        Checks.check(labels.getShape().dimension() == 1 && labels.getShape().get(0) == n, who, "labels (" + n + ")",
                labels.getShape());
        NDArray lab = labels.toType(DataType.INT64, false);
        long labelled = lab.gte(0).sum().toType(DataType.INT64, false).getLong();
        Checks.check(labelled > 0, who, "at least one labelled vertex (label >= 0)", "none");
        long max = lab.max().getLong();
        Checks.check(max < q, who, "labels in [-1, " + q + ")", max);
        long min = lab.min().getLong();
        Checks.check(min >= -1, who, "labels in [-1, " + q + ")", min);
        NDArray mask = lab.gte(0);
        NDArray index = lab.maximum(0L).reshape(n, 1);
        NDArray logp = logits.logSoftmax(1).gather(index, 1).reshape(n);
        NDArray maskF = mask.toType(logits.getDataType(), false);
        return logp.mul(maskF).sum().neg().div((float) labelled);
    }

    @Override
    public NDArray evaluate(NDList labels, NDList predictions) {
        return maskedCrossEntropy(predictions.head(), labels.head());
    }
}

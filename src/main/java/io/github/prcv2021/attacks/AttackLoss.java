package io.github.prcv2021.attacks;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import io.github.prcv2021.core.Checks;

/**
 * The objective {@code J(logits, y)} an untargeted attack maximises, per example.
 */
@FunctionalInterface
public interface AttackLoss {

    /**
     * The objective per example.
     *
     * @param logits (N, classes)
     * @param labels class indices (N), any numeric type
     * @return (N) values; larger means more adversarial
     */
    NDArray perExample(NDArray logits, NDArray labels);

    /** Cross-entropy of the softmax, {@code −log softmax(z)_y}: FGSM, PGD and the I-FGSM family. */
    AttackLoss CROSS_ENTROPY = (logits, labels) -> {
        check(logits, labels);
        NDArray idx = labels.toType(DataType.INT64, false).reshape(-1, 1);
        return logits.logSoftmax(1).gather(idx, 1).reshape(-1).neg();
    };

    /**
     * The Carlini-Wagner margin {@code max_{j≠y} z_j − z_y}: positive exactly when the example is
     * misclassified (CW-K-R evaluation of the FGSMPR paper, Sect. 4).
     */
    AttackLoss CW_MARGIN = (logits, labels) -> {
        check(logits, labels);
        long classes = logits.getShape().get(1);
        NDArray idx = labels.toType(DataType.INT64, false).reshape(-1, 1);
        NDArray zy = logits.gather(idx, 1).reshape(-1);
        NDArray onehot = labels.toType(DataType.INT64, false).oneHot((int) classes).toType(logits.getDataType(), false);
        // Push the true class far below every other logit before taking the max over the rest.
        NDArray others = logits.sub(onehot.mul(1e9f)).max(new int[] {1});
        return others.sub(zy);
    };

    private static void check(NDArray logits, NDArray labels) {
        Checks.rank(logits, 2, "AttackLoss", "logits (N, classes)");
        Checks.check(labels.size() == logits.getShape().get(0), "AttackLoss",
                "one label per logit row (" + logits.getShape().get(0) + ")", labels.size() + " labels");
    }
}

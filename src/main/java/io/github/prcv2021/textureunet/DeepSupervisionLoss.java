package io.github.prcv2021.textureunet;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.loss.Loss;
import io.github.prcv2021.core.Checks;
import io.github.prcv2021.nn.Resize;

/**
 * Deep supervision (Sect. 2.3, "deeply-supervised", not detailed by the paper): a base loss on the final
 * prediction plus {@code sideWeight} times the same loss on every side prediction of a
 * {@link io.github.prcv2021.nn.UNet} built with deep supervision, each bilinearly up-sampled to the label's size.
 * The default side weight 0.25 is the digest's reading; 1 gives equal weights. With a single prediction it is
 * the base loss.
 */
public final class DeepSupervisionLoss extends Loss {

    private final Loss base;
    private final double sideWeight;

    /**
     * @param base the loss applied to every output (IMED in the paper)
     * @param sideWeight weight of each side output, ≥ 0
     */
    public DeepSupervisionLoss(Loss base, double sideWeight) {
        super("ds-" + Checks.notNull(base, "DeepSupervisionLoss", "a base loss").getName());
        this.base = base;
        this.sideWeight = Checks.nonNegative(sideWeight, "DeepSupervisionLoss", "sideWeight");
    }

    /** The side weight. */
    public double sideWeight() {
        return sideWeight;
    }

    @Override
    public NDArray evaluate(NDList labels, NDList predictions) {
        NDArray label = labels.head();
        NDArray total = base.evaluate(labels, new NDList(predictions.head()));
        Shape s = label.getShape();
        for (int i = 1; i < predictions.size() && sideWeight > 0; i++) {
            NDArray up = Resize.bilinear(predictions.get(i), (int) s.get(2), (int) s.get(3));
            total = total.add(base.evaluate(labels, new NDList(up)).mul((float) sideWeight));
        }
        return total;
    }
}

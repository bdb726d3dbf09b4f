package io.github.prcv2021.fgsmpr;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.loss.Loss;
import io.github.prcv2021.core.Checks;

/**
 * The PGD regulariser of FGSMPR (Eq. 5), as a DJL {@link Loss}:
 * {@code (1/m) Σ_j ‖f(x_fgsm_j) − f(x_pgd_j)‖₂}, the mean Euclidean distance between paired logit
 * vectors. The paper says "L is L2 norm"; the plain norm is the default, and {@code squared = true}
 * gives the squared form of adversarial logit pairing (Kannan et al. 2018). λ is applied by the caller.
 *
 * <p>{@code evaluate(labels, predictions)} takes the PGD logits as "labels" and the FGSM logits as
 * predictions; gradients flow through both. The gradient of the plain norm at a zero difference is
 * taken as 0.
 */
public final class LogitPairingLoss extends Loss {

    private final boolean squared;

    /** The plain-norm pairing loss named "logit_pairing". */
    public LogitPairingLoss() {
        this("logit_pairing", false);
    }

    /**
     * A pairing loss.
     *
     * @param name the loss's name in DJL's training listeners
     * @param squared use ‖·‖₂² instead of ‖·‖₂
     */
    public LogitPairingLoss(String name, boolean squared) {
        super(name);
        this.squared = squared;
    }

    /** Whether the squared norm is used. */
    public boolean isSquared() {
        return squared;
    }

    @Override
    public NDArray evaluate(NDList labels, NDList predictions) {
        return pairing(predictions.singletonOrThrow(), labels.singletonOrThrow());
    }

    /** The mean (squared) distance between the rows of two (m, K) logit arrays. */
    public NDArray pairing(NDArray a, NDArray b) {
        Checks.rank(a, 2, "LogitPairingLoss", "logits (m, K)");
        Checks.check(a.getShape().equals(b.getShape()), "LogitPairingLoss", "two logit arrays of the same shape "
                + a.getShape(), b.getShape());
        NDArray sq = a.sub(b).square().sum(new int[] {1});
        if (squared) {
            return sq.mean();
        }
        // sqrt with a zero-safe gradient: where the difference is exactly 0 the norm and its gradient are 0
        NDArray zero = sq.eq(0).toType(sq.getDataType(), false);
        return sq.add(zero).sqrt().sub(zero).mean();
    }
}

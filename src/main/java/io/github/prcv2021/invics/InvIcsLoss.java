package io.github.prcv2021.invics;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.loss.Loss;
import io.github.prcv2021.core.Checks;

/**
 * The InvICS training loss (Eq. 12): L = L_disc + γ·L_orth with the discrepancy the mean squared error
 * between x and x̂_K, and the orthogonality term the mean over the M² entries of (ΦΦᵀ − I)² (the paper writes
 * (1/M)‖ΦΦᵀ − I‖²_F; the mean over entries follows the OPINE-Net+ code the paper builds on). γ = 0.01.
 *
 * <p>Labels {@code {x}}, predictions {@code {x̂_K, Φ}} as produced by {@link InvIcsNet#forward}.
 */
public final class InvIcsLoss extends Loss {

    private final float gamma;

    /** @param gamma γ ≥ 0 (the paper: 0.01) */
    public InvIcsLoss(float gamma) {
        super("InvIcsLoss");
        this.gamma = (float) Checks.nonNegative(gamma, "InvIcsLoss", "gamma");
    }

    /** γ. */
    public float gamma() {
        return gamma;
    }

    /** L_orth = mean((ΦΦᵀ − I)²). */
    public static NDArray orthogonality(NDArray phi) {
        Checks.rank(phi, 2, "InvIcsLoss.orthogonality", "phi (M, N)");
        int m = (int) phi.getShape().get(0);
        try (NDManager sub = phi.getManager().newSubManager()) {
            NDArray gram = phi.matMul(phi.transpose());
            gram.attach(sub);
            NDArray d = gram.sub(sub.eye(m, m, 0, phi.getDataType())).square().mean();
            d.attach(phi.getManager());
            return d;
        }
    }

    @Override
    public NDArray evaluate(NDList labels, NDList predictions) {
        String who = "InvIcsLoss";
        Checks.check(predictions.size() == 2, who, "predictions {xHat, phi}", predictions.size() + " arrays");
        NDArray x = labels.head();
        NDArray xHat = predictions.get(0);
        Checks.check(x.getShape().equals(xHat.getShape()), who, "xHat of the label's shape " + x.getShape(), xHat.getShape());
        try (NDArray diff = x.sub(xHat); NDArray sq = diff.square(); NDArray disc = sq.mean();
                NDArray orth = orthogonality(predictions.get(1)); NDArray w = orth.mul(gamma)) {
            return disc.add(w);
        }
    }
}

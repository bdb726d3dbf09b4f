package io.github.prcv2021.emmf;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.loss.Loss;
import io.github.prcv2021.core.Checks;

/**
 * The reconstruction loss of Eq. 5, {@code L_R = Σ_p dist(X^(p), X̂^(p))}. The paper names MSE or BCE without
 * saying which it used; {@link Distance#MSE} (the mean of the squared differences over all {@code n·d_p}
 * entries, PyTorch's {@code MSELoss}) is the default, {@link Distance#BCE} the mean binary cross-entropy for
 * targets in [0, 1] and reconstructions in (0, 1) (clipped to [1e−7, 1 − 1e−7]).
 *
 * <p>{@code evaluate(labels, predictions)}: labels the P views, predictions either the P reconstructions or
 * the {@link EmmfGenerator}'s output {@code (H, X̂^(1), …, X̂^(P))}.
 */
public final class ReconstructionLoss extends Loss {

    /** The distance of Eq. 5. */
    public enum Distance {
        /** Mean squared error (default). */
        MSE,
        /** Mean binary cross-entropy; the decoders then end in a sigmoid. */
        BCE
    }

    private final Distance distance;

    /** The loss named "reconstruction" with the given distance. */
    public ReconstructionLoss(Distance distance) {
        super("reconstruction");
        this.distance = Checks.notNull(distance, "ReconstructionLoss", "a distance");
    }

    /** The distance. */
    public Distance getDistance() {
        return distance;
    }

    /** {@code dist(x, x̂)} of one view, a scalar. */
    public static NDArray dist(NDArray x, NDArray xHat, Distance distance) {
        Checks.check(x.getShape().equals(xHat.getShape()), "ReconstructionLoss", "a reconstruction of shape " + x.getShape(),
                xHat.getShape());
        if (distance == Distance.MSE) {
            return xHat.sub(x).square().mean();
        }
        NDArray p = xHat.clip(1e-7f, 1 - 1e-7f);
        return x.mul(p.log()).add(x.neg().add(1f).mul(p.neg().add(1f).log())).mean().neg();
    }

    @Override
    public NDArray evaluate(NDList labels, NDList predictions) {
        int views = labels.size();
        Checks.check(predictions.size() == views || predictions.size() == views + 1, "ReconstructionLoss",
                views + " reconstructions (or " + (views + 1) + " with H first)", predictions.size());
        int offset = predictions.size() - views;
        NDArray total = dist(labels.get(0), predictions.get(offset), distance);
        for (int p = 1; p < views; p++) {
            total = total.add(dist(labels.get(p), predictions.get(offset + p), distance));
        }
        return total;
    }
}

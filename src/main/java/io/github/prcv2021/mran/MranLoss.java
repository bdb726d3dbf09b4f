package io.github.prcv2021.mran;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.loss.Loss;
import io.github.prcv2021.core.Checks;

/**
 * The training loss of Eq. 6, {@code L(Φ) = (1/N) Σ_i ‖y_gt^i − MRANet(x_noise^i)‖₁}, taken, as PyTorch's
 * {@code L1Loss} and DJL's {@code L1Loss} do, as the mean absolute error per pixel. It reads the despeckled
 * image y, the first output of {@link Mranet} (which also returns the speckle component z), so DJL's
 * {@code L1Loss} (which wants a single prediction) is not used directly.
 */
public final class MranLoss extends Loss {

    /** The loss, named "L1". */
    public MranLoss() {
        super("L1");
    }

    @Override
    public NDArray evaluate(NDList labels, NDList predictions) {
        NDArray clean = labels.head();
        NDArray y = predictions.head();
        Checks.check(clean.getShape().equals(y.getShape()), "MranLoss", "a clean target of shape " + y.getShape(),
                clean.getShape());
        return clean.sub(y).abs().mean();
    }
}

package io.github.prcv2021.emmf;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Activation;
import ai.djl.training.loss.Loss;
import io.github.prcv2021.core.Checks;

/**
 * The adversarial terms of Sect. 3.2 on discriminator logits {@code z} ({@code D = σ(z)}), written with
 * {@code ln σ(z) = −softplus(−z)} and {@code ln(1 − σ(z)) = −softplus(z)}:
 *
 * <ul>
 *   <li>{@link Role#DISCRIMINATOR}, {@code L2 = −L_D} (Eqs. 6, 7 and 10): {@code Σ_p [ (1/n) Σ_j softplus(−z_p(x_j))
 *       + (1/n) Σ_j softplus(z_p(x̂_j)) ]}, the binary cross-entropy of "real" rows against 1 and of
 *       reconstructed rows against 0. Predictions: the P real-row logits then the P fake-row logits.
 *   <li>{@link Role#GENERATOR}, {@code L_RD} (Eq. 8, the non-saturating generator loss):
 *       {@code −Σ_p (1/n) Σ_j ln D_p(x̂_j) = Σ_p (1/n) Σ_j softplus(−z_p(x̂_j))}. Predictions: the P fake-row logits.
 * </ul>
 *
 * Labels are not used (pass an empty list).
 */
public final class AdversarialLoss extends Loss {

    /** Which player's loss. */
    public enum Role {
        /** {@code L_RD}, Eq. 8. */
        GENERATOR,
        /** {@code −L_D}, Eqs. 6–7. */
        DISCRIMINATOR
    }

    private final Role role;

    /** The loss for the given player, named "adversarial_generator" or "adversarial_discriminator". */
    public AdversarialLoss(Role role) {
        super("adversarial_" + Checks.notNull(role, "AdversarialLoss", "a role").name().toLowerCase(java.util.Locale.ROOT));
        this.role = role;
    }

    /** The role. */
    public Role getRole() {
        return role;
    }

    /** {@code L_RD} of Eq. 8 from the fake rows' logits of every view. */
    public static NDArray generatorLoss(NDList fakeLogits) {
        Checks.check(!fakeLogits.isEmpty(), "AdversarialLoss", "at least one view's logits", 0);
        NDArray total = Activation.softPlus(fakeLogits.get(0).neg()).mean();
        for (int p = 1; p < fakeLogits.size(); p++) {
            total = total.add(Activation.softPlus(fakeLogits.get(p).neg()).mean());
        }
        return total;
    }

    /** {@code −L_D} of Eqs. 6–7 from the real and the fake rows' logits of every view. */
    public static NDArray discriminatorLoss(NDList realLogits, NDList fakeLogits) {
        Checks.check(!realLogits.isEmpty() && realLogits.size() == fakeLogits.size(), "AdversarialLoss",
                "as many real as fake logit arrays (at least one)", realLogits.size() + " and " + fakeLogits.size());
        NDArray total = null;
        for (int p = 0; p < realLogits.size(); p++) {
            NDArray term = Activation.softPlus(realLogits.get(p).neg()).mean()
                    .add(Activation.softPlus(fakeLogits.get(p)).mean());
            total = total == null ? term : total.add(term);
        }
        return total;
    }

    @Override
    public NDArray evaluate(NDList labels, NDList predictions) {
        if (role == Role.GENERATOR) {
            return generatorLoss(predictions);
        }
        Checks.check(predictions.size() % 2 == 0 && !predictions.isEmpty(), "AdversarialLoss",
                "2P logit arrays (P real, then P fake)", predictions.size());
        int views = predictions.size() / 2;
        return discriminatorLoss(new NDList(predictions.subList(0, views)), new NDList(predictions.subList(views, 2 * views)));
    }
}

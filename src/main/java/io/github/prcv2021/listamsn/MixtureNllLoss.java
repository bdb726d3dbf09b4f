package io.github.prcv2021.listamsn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.loss.Loss;
import io.github.prcv2021.core.Checks;

/**
 * The Mixture Sparsity Network's training loss (the paper's Eq. 7, whose printed signs are garbled):
 * {@code E_q = −log Σ_i α_i φ_i(z_q)} with the diagonal Gaussian
 * {@code log φ_i(z) = −(m/2) log 2π − Σ_j log σ_ij − Σ_j (z_j − μ_ij)²/(2σ_ij²)} (Eq. 6), computed as
 * {@code −logsumexp_i(log α_i + log φ_i)} and averaged over the batch. The label is the target code
 * {@code z* (B, m)}; the prediction is the MSN's {@code NDList(log α, μ, σ)}. Its gradients are the
 * paper's Eqs. 8–10, here by autograd.
 */
public final class MixtureNllLoss extends Loss {

    private static final double LOG_2PI = Math.log(2 * Math.PI);

    /** The loss named "msn_nll". */
    public MixtureNllLoss() {
        this("msn_nll");
    }

    /** The loss under a given name. */
    public MixtureNllLoss(String name) {
        super(name);
    }

    /**
     * The per-sample negative log-likelihood {@code E_q} (Eq. 7).
     *
     * @param logAlpha {@code log α (B, M)}
     * @param mu centres {@code (B, M, m)}
     * @param sigma standard deviations {@code (B, M, m)}, positive
     * @param z targets {@code (B, m)}
     * @return {@code (B)} on {@code logAlpha}'s manager
     */
    public static NDArray nll(NDArray logAlpha, NDArray mu, NDArray sigma, NDArray z) {
        String who = "MixtureNllLoss";
        Checks.notNull(logAlpha, who, "log alpha");
        Checks.notNull(mu, who, "centres");
        Checks.notNull(sigma, who, "sigmas");
        Checks.notNull(z, who, "targets");
        Checks.rank(logAlpha, 2, who, "log alpha (B, M)");
        Checks.rank(mu, 3, who, "centres (B, M, m)");
        Checks.check(sigma.getShape().equals(mu.getShape()), who, "sigmas of shape " + mu.getShape(), sigma.getShape());
        Checks.check(mu.getShape().get(0) == logAlpha.getShape().get(0) && mu.getShape().get(1) == logAlpha.getShape().get(1),
                who, "centres (" + logAlpha.getShape().get(0) + ", " + logAlpha.getShape().get(1) + ", m)", mu.getShape());
        Checks.check(z.getShape().dimension() == 2 && z.getShape().get(0) == mu.getShape().get(0)
                && z.getShape().get(1) == mu.getShape().get(2), who, "targets (" + mu.getShape().get(0) + ", "
                + mu.getShape().get(2) + ")", z.getShape());
        long m = mu.getShape().get(2);
        NDArray zz = z.expandDims(1);
        NDArray sq = zz.sub(mu).div(sigma).square().sum(new int[] {2}).mul(0.5f);
        NDArray logPhi = sigma.log().sum(new int[] {2}).add(sq).neg().sub((float) (0.5 * m * LOG_2PI));
        NDArray a = logAlpha.add(logPhi); // (B, M)
        NDArray max = a.max(new int[] {1}, true).stopGradient();
        NDArray lse = a.sub(max).exp().sum(new int[] {1}).log().add(max.squeeze(1));
        return lse.neg();
    }

    @Override
    public NDArray evaluate(NDList labels, NDList predictions) {
        Checks.check(predictions.size() == 3, "MixtureNllLoss", "predictions (log alpha, mu, sigma)", predictions.size() + " arrays");
        return nll(predictions.get(0), predictions.get(1), predictions.get(2), labels.head()).mean();
    }
}

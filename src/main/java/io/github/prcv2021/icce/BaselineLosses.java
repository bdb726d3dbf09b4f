package io.github.prcv2021.icce;

import ai.djl.ndarray.NDArray;
import io.github.prcv2021.core.Checks;

/**
 * The loss functions the ICCE paper compares against (Sect. 2.1 and 3), with the same contract as
 * {@link IcceLoss}: logits (N, K), class-index labels, mean over the batch.
 *
 * <ul>
 *   <li>{@link #cce()}: categorical cross-entropy, {@code −ln p}; example weight 1.
 *   <li>{@link #mae()}: mean absolute error {@code Σ_j |y_j − p_j| = 2(1 − p)}; its gradient is
 *       Eq. 3, i.e. CE's gradient times {@code 2p}.
 *   <li>{@link #gce(float)}: generalised cross-entropy (Zhang & Sabuncu, 2018), {@code (1 − p^q)/q};
 *       CE's gradient times {@code p^q}. The paper does not give q; 0.7 is GCE's own default.
 *   <li>{@link #imae(float)}: improved MAE (Wang et al., 2019), whose gradient on the labelled logit
 *       has magnitude {@code e^{T p(1−p)}} in place of MAE's {@code 2p(1−p)}: CE's gradient times
 *       {@code e^{T p(1−p)} / (1 − p)}. It has no finite closed-form value (the integral diverges at
 *       p → 1), so it is trained through the surrogate {@code stopgrad(weight) · (−ln p)}, whose value
 *       is reported. The ICCE paper does not give IMAE's T; the default 8 follows the IMAE paper's
 *       CIFAR setting as we read it.
 * </ul>
 */
public final class BaselineLosses {

    private BaselineLosses() {}

    /** Categorical cross-entropy. */
    public static ProbabilityLoss cce() {
        return new ProbabilityLoss("CCE", true) {
            @Override
            protected NDArray perExample(NDArray logPy, NDArray logits, NDArray logP) {
                return logPy.neg();
            }
        };
    }

    /** Mean absolute error between the one-hot label and the softmax, {@code 2(1 − p)}. */
    public static ProbabilityLoss mae() {
        return new ProbabilityLoss("MAE", true) {
            @Override
            protected NDArray perExample(NDArray logPy, NDArray logits, NDArray logP) {
                return logPy.exp().neg().add(1f).mul(2f);
            }
        };
    }

    /** Generalised cross-entropy {@code (1 − p^q)/q} with q in (0, 1]. */
    public static ProbabilityLoss gce(float q) {
        Checks.check(q > 0 && q <= 1, "GCE", "q in (0, 1]", q);
        return new ProbabilityLoss("GCE", true) {
            @Override
            protected NDArray perExample(NDArray logPy, NDArray logits, NDArray logP) {
                return logPy.mul(q).exp().neg().add(1f).div(q);
            }
        };
    }

    /** Improved MAE with exponent {@code t >= 0}, as the detached-weight surrogate described above. */
    public static ProbabilityLoss imae(float t) {
        Checks.check(t >= 0 && t <= 50, "IMAE", "T in [0, 50]", t);
        return new ProbabilityLoss("IMAE", true) {
            @Override
            protected NDArray perExample(NDArray logPy, NDArray logits, NDArray logP) {
                NDArray p = logPy.exp().stopGradient();
                NDArray oneMinus = p.neg().add(1f).maximum(1e-6f);
                NDArray w = p.mul(oneMinus).mul(t).exp().div(oneMinus);
                return w.mul(logPy.neg());
            }
        };
    }

    /**
     * A loss by its paper name: {@code CCE}, {@code MAE}, {@code GCE}, {@code IMAE} or {@code ICCE}
     * (case-insensitive), with the given hyperparameters.
     */
    public static ProbabilityLoss byName(String name, float iceT, float gceQ, float imaeT) {
        switch (name.trim().toUpperCase(java.util.Locale.ROOT)) {
            case "CCE":
            case "CE":
                return cce();
            case "MAE":
                return mae();
            case "GCE":
                return gce(gceQ);
            case "IMAE":
                return imae(imaeT);
            case "ICCE":
                return IcceLoss.builder().setT(iceT).build();
            default:
                throw new IllegalArgumentException(
                        "BaselineLosses.byName expects one of CCE, MAE, GCE, IMAE, ICCE, got " + name);
        }
    }
}

package io.github.prcv2021.logpbcd;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.types.DataType;
import io.github.prcv2021.core.Checks;

/**
 * The two proximal maps of LOG-PBCD, element-wise on NDArrays (and as scalar functions, which the
 * NDArray forms equal entry by entry).
 *
 * <ul>
 *   <li>{@link #logThreshold(NDArray, double, double)}: the log-thresholding operator, Eq. 17 of
 *       Xie, Li, Zhao (PRCV 2021), i.e. a stationary point of {@code ½(a − x)² + t·log(1 + |a|/ε)}.
 *   <li>{@link #reluProx(NDArray, NDArray, double)}: the proximal map of the ReLU fit, Eq. 13 (Lemma 13
 *       of Zeng et al., ICML 2019), i.e. the global minimiser of {@code ½(a − relu(z))² + η/2·(z − s)²}
 *       over {@code z}.
 * </ul>
 *
 * <p>Outputs belong to the manager of the first array argument; intermediates are freed.
 */
public final class Prox {

    private Prox() {}

    /**
     * The log-thresholding operator of Eq. 17, {@code prox_{log, t}(x)} with {@code t = λ/δ}:
     *
     * <pre>
     *   a(x) = sign(x) · ½[(|x| − ε) + √((|x| + ε)² − 4t)]   if |x| > τ
     *        = 0                                             otherwise
     * </pre>
     *
     * <p>The printed threshold is {@code x0 = √(4t) − ε}. It is right when {@code t ≥ ε²} (the
     * penalty is then non-convex near 0, and every value the formula returns is a local minimiser of
     * positive magnitude). When {@code t < ε²} (for instance with a large Lipschitz-safe δ) the
     * printed x0 lets through inputs {@code x0 < |x| < t/ε} for which the root has the wrong sign;
     * there the problem is convex, its minimiser is 0, and the threshold is {@code τ = t/ε}. This
     * method uses {@code τ = x0} for {@code t ≥ ε²} and {@code τ = t/ε} otherwise, so it equals
     * Eq. 17 in the paper's own settings (λ/δ ≥ ε² for both MNIST and Fashion-MNIST).
     *
     * <p>In the non-convex case the returned root is a local minimiser but not always the global one:
     * just above x0, {@code a = 0} can be better. See {@link #logThreshold(NDArray, double, double,
     * boolean)} for the exact global minimiser.
     *
     * @param x the input (any shape, floating point)
     * @param t the threshold weight {@code λ/δ}, {@code t ≥ 0}
     * @param eps the log penalty's ε, {@code ε > 0}
     * @return the thresholded array, of the shape and type of {@code x}
     */
    public static NDArray logThreshold(NDArray x, double t, double eps) {
        return logThreshold(x, t, eps, false);
    }

    /**
     * The log-thresholding operator (Eq. 17), optionally compared with {@code a = 0} so that the
     * result is the exact global minimiser of {@code ½(a − x)² + t·log(1 + |a|/ε)} (ties go to 0).
     *
     * @param x the input
     * @param t {@code λ/δ ≥ 0}
     * @param eps {@code ε > 0}
     * @param globalMinimiser when {@code true}, keep the root only where it beats {@code a = 0}
     * @return the thresholded array
     */
    public static NDArray logThreshold(NDArray x, double t, double eps, boolean globalMinimiser) {
        Checks.floating(x, "Prox.logThreshold", "x");
        checkLogParameters(t, eps, "Prox.logThreshold");
        if (t == 0) {
            return Ops.scoped(x.getManager(), m -> x.duplicate(), x);
        }
        double tau = threshold(t, eps);
        DataType type = x.getDataType();
        return Ops.scoped(
                x.getManager(),
                m -> {
                    NDArray ax = x.abs();
                    NDArray disc = ax.add(eps).square().sub(4 * t).maximum(0);
                    NDArray root = ax.sub(eps).add(disc.sqrt()).mul(0.5);
                    NDArray keep = ax.gt(tau);
                    if (globalMinimiser) {
                        NDArray fRoot = root.sub(ax).square().mul(0.5).add(root.div(eps).add(1).log().mul(t));
                        NDArray fZero = ax.square().mul(0.5);
                        keep = keep.logicalAnd(fRoot.lt(fZero));
                    }
                    return NDArrays.where(keep, root.mul(x.sign()), Ops.scalar(m, 0, type));
                },
                x);
    }

    /**
     * Scalar form of {@link #logThreshold(NDArray, double, double, boolean)}, in double precision.
     *
     * @param x the input
     * @param t {@code λ/δ ≥ 0}
     * @param eps {@code ε > 0}
     * @param globalMinimiser compare with {@code a = 0}
     * @return the thresholded value
     */
    public static double logThreshold(double x, double t, double eps, boolean globalMinimiser) {
        checkLogParameters(t, eps, "Prox.logThreshold");
        if (t == 0) {
            return x;
        }
        double ax = Math.abs(x);
        if (!(ax > threshold(t, eps))) {
            return 0;
        }
        double root = 0.5 * ((ax - eps) + Math.sqrt(Math.max(0, (ax + eps) * (ax + eps) - 4 * t)));
        if (globalMinimiser) {
            double fRoot = 0.5 * (root - ax) * (root - ax) + t * Math.log1p(root / eps);
            if (!(fRoot < 0.5 * ax * ax)) {
                return 0;
            }
        }
        return Math.copySign(root, x);
    }

    /**
     * The threshold below which {@link #logThreshold(NDArray, double, double)} returns 0: the
     * paper's {@code x0 = √(4t) − ε} when {@code t ≥ ε²}, else {@code t/ε}.
     *
     * @param t {@code λ/δ}
     * @param eps {@code ε}
     * @return the threshold τ
     */
    public static double threshold(double t, double eps) {
        return t >= eps * eps ? Math.sqrt(4 * t) - eps : t / eps;
    }

    /**
     * The proximal map of the ReLU fit, Eq. 13: entry-wise
     * {@code argmin_z ½(a − relu(z))² + η/2·(z − s)²}, with {@code c = η − √(η(η+1))}, which is negative:
     *
     * <pre>
     *   z = (a + ηs)/(1 + η)   if a + ηs ≥ 0 and s ≥ 0, or c·a ≤ ηs &lt; 0
     *   z = s                  if −a ≤ ηs ≤ c·a
     *   z = min(s, 0)          if a + ηs &lt; 0
     * </pre>
     *
     * (the cases are applied in the order: third, first, second, so that later ones win at shared
     * boundaries, where both values are minimisers).
     *
     * @param a the activation {@code A_l} (any shape)
     * @param s the proximal centre {@code S_l}, of the same shape
     * @param eta {@code η = (ρ + δ)/γ > 0}
     * @return {@code Z_l}, of the shape of {@code a}
     */
    public static NDArray reluProx(NDArray a, NDArray s, double eta) {
        Checks.floating(a, "Prox.reluProx", "a");
        Checks.check(a.getShape().equals(s.getShape()), "Prox.reluProx", "a and s of the same shape",
                a.getShape() + " and " + s.getShape());
        Checks.positive(eta, "Prox.reluProx", "eta");
        Checks.check(Double.isFinite(eta), "Prox.reluProx", "a finite eta", eta);
        double c = eta - Math.sqrt(eta * (eta + 1));
        DataType type = a.getDataType();
        return Ops.scoped(
                a.getManager(),
                m -> {
                    NDArray es = s.mul(eta);
                    NDArray u = a.add(es);
                    NDArray ca = a.mul(c);
                    NDArray zero = Ops.scalar(m, 0, type);
                    NDArray val = NDArrays.where(u.lt(0), s.minimum(0), zero);
                    NDArray positive = u.gte(0).logicalAnd(s.gte(0)).logicalOr(ca.lte(es).logicalAnd(s.lt(0)));
                    val = NDArrays.where(positive, u.div(1 + eta), val);
                    NDArray negative = a.neg().lte(es).logicalAnd(es.lte(ca));
                    return NDArrays.where(negative, s, val);
                },
                a,
                s);
    }

    /**
     * Scalar form of {@link #reluProx(NDArray, NDArray, double)}, in double precision.
     *
     * @param a the activation entry
     * @param s the proximal centre entry
     * @param eta {@code η > 0}
     * @return the minimiser {@code z}
     */
    public static double reluProx(double a, double s, double eta) {
        Checks.positive(eta, "Prox.reluProx", "eta");
        double c = eta - Math.sqrt(eta * (eta + 1));
        double u = a + eta * s;
        double val = u < 0 ? Math.min(s, 0) : 0;
        if ((u >= 0 && s >= 0) || (c * a <= eta * s && s < 0)) {
            val = u / (1 + eta);
        }
        if (-a <= eta * s && eta * s <= c * a) {
            val = s;
        }
        return val;
    }

    private static void checkLogParameters(double t, double eps, String who) {
        Checks.nonNegative(t, who, "t = lambda/delta");
        Checks.check(Double.isFinite(t), who, "a finite t = lambda/delta", t);
        Checks.positive(eps, who, "epsilon");
        Checks.check(Double.isFinite(eps), who, "a finite epsilon", eps);
    }
}

package io.github.prcv2021.listamsn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.github.prcv2021.core.Checks;

/**
 * The LASSO problem of the paper's Sect. 3, {@code F_x(z) = ½‖x − D z‖² + λ‖z‖₁} with a dictionary
 * {@code D ∈ R^{n×m}}, and the quantities every solver and metric needs. Codes and signals are rows:
 * {@code x} is {@code (B, n)}, {@code z} is {@code (B, m)}, so {@code D z} is {@code z · Dᵀ}.
 */
public final class SparseCoding {

    private SparseCoding() {}

    /**
     * The soft threshold {@code h_θ(u) = sign(u) ⊙ max(|u| − θ, 0)} (the paper's shrinkage, used by ISTA,
     * every LISTA layer and the MSN's sparsity restriction, Eq. 3). Written with sign and max so that
     * autograd gives the derivative {@code 1[|u| > θ]} with respect to {@code u}.
     *
     * @param u any floating array
     * @param theta a threshold {@code ≥ 0} broadcast against {@code u} (a scalar array or one per column)
     * @return the shrunk array, on {@code u}'s manager
     */
    public static NDArray softThreshold(NDArray u, NDArray theta) {
        Checks.notNull(u, "softThreshold", "an input");
        Checks.notNull(theta, "softThreshold", "a threshold");
        return u.sign().mul(u.abs().sub(theta).maximum(0f));
    }

    /** {@link #softThreshold(NDArray, NDArray)} with a scalar threshold {@code θ ≥ 0}. */
    public static NDArray softThreshold(NDArray u, float theta) {
        Checks.notNull(u, "softThreshold", "an input");
        Checks.nonNegative(theta, "softThreshold", "theta");
        return u.sign().mul(u.abs().sub(theta).maximum(0f));
    }

    /**
     * {@code L = ‖D‖₂² = λ_max(DᵀD)}, the Lipschitz constant of the gradient of the quadratic term (ISTA's
     * step is 1/L), by power iteration on {@code DᵀD} from the all-ones vector (the Rayleigh quotient of
     * the last iterate).
     *
     * @param d the dictionary {@code (n, m)}
     * @param iterations power iterations, {@code ≥ 1} (100 give 5 digits on the paper's dictionaries)
     */
    public static float lipschitz(NDArray d, int iterations) {
        checkDictionary(d, "lipschitz");
        Checks.positive(iterations, "lipschitz", "iterations");
        try (NDScope scope = new NDScope()) {
            NDArray gram = d.transpose().matMul(d);
            NDArray v = d.getManager().ones(new Shape(d.getShape().get(1), 1));
            float rayleigh = 0f;
            for (int i = 0; i < iterations; i++) {
                NDArray w = gram.matMul(v);
                rayleigh = v.mul(w).sum().getFloat() / v.square().sum().getFloat();
                v = w.div(w.norm());
            }
            return rayleigh;
        }
    }

    /** {@code λ_max(x) = ‖Dᵀx‖_∞} per row of {@code x (B, n)}: the smallest λ whose LASSO solution is 0. */
    public static NDArray lambdaMax(NDArray d, NDArray x) {
        checkPair(d, x, "lambdaMax");
        try (NDScope scope = new NDScope()) {
            return keep(x.matMul(d).abs().max(new int[] {1}));
        }
    }

    /**
     * Each row of {@code x} divided by its {@code λ_max}, so that λ is relative to λ_max (the protocol of
     * Ablin et al., 2019, which the paper follows; with λ = 0.5 it gives the 94–97% zeros of Table 1).
     */
    public static NDArray scaleToUnitLambdaMax(NDArray d, NDArray x) {
        checkPair(d, x, "scaleToUnitLambdaMax");
        try (NDScope scope = new NDScope()) {
            return keep(x.div(lambdaMax(d, x).reshape(-1, 1)));
        }
    }

    /** The residual {@code x − D z} per row, {@code (B, n)}. */
    public static NDArray residual(NDArray d, NDArray x, NDArray z) {
        checkPair(d, x, "residual");
        Checks.notNull(z, "residual", "codes");
        Checks.check(z.getShape().dimension() == 2 && z.getShape().get(1) == d.getShape().get(1)
                && z.getShape().get(0) == x.getShape().get(0), "residual", "codes (B, m) = (" + x.getShape().get(0)
                + ", " + d.getShape().get(1) + ")", z.getShape());
        try (NDScope scope = new NDScope()) {
            return keep(x.sub(z.matMul(d.transpose())));
        }
    }

    /** {@code F_x(z) = ½‖x − Dz‖² + λ‖z‖₁} per row, {@code (B)} (the LASSO objective, Sect. 3). */
    public static NDArray objective(NDArray d, NDArray x, NDArray z, float lambda) {
        Checks.nonNegative(lambda, "objective", "lambda");
        try (NDScope scope = new NDScope()) {
            NDArray r = residual(d, x, z);
            return keep(r.square().sum(new int[] {1}).mul(0.5f).add(z.abs().sum(new int[] {1}).mul(lambda)));
        }
    }

    /**
     * The prediction error {@code mean_q ‖x_q − D ẑ_q‖²} (Sect. 4: "the squared error between the input data
     * and the predicted codes in a certain dictionary").
     */
    public static double predictionError(NDArray d, NDArray x, NDArray z) {
        try (NDScope scope = new NDScope()) {
            return residual(d, x, z).square().sum(new int[] {1}).mean().getFloat();
        }
    }

    /** The code error {@code mean_q ‖ẑ_q − z*_q‖²}. */
    public static double codeError(NDArray z, NDArray zStar) {
        Checks.notNull(z, "codeError", "codes");
        Checks.notNull(zStar, "codeError", "target codes");
        Checks.check(z.getShape().equals(zStar.getShape()), "codeError", "codes of shape " + zStar.getShape(), z.getShape());
        try (NDScope scope = new NDScope()) {
            return z.sub(zStar).square().sum(new int[] {1}).mean().getFloat();
        }
    }

    /** The share of entries with {@code |z| ≤ tol} (Table 1's sparsity; {@code tol = 0} counts exact zeros). */
    public static double sparsity(NDArray z, float tol) {
        Checks.notNull(z, "sparsity", "codes");
        Checks.nonNegative(tol, "sparsity", "tol");
        try (NDScope scope = new NDScope()) {
            return z.abs().lte(tol).toType(DataType.FLOAT32, false).mean().getFloat();
        }
    }

    /** Takes {@code a} out of the enclosing {@link NDScope} so it outlives it. */
    static NDArray keep(NDArray a) {
        NDScope.unregister(a);
        return a;
    }

    static void checkDictionary(NDArray d, String who) {
        Checks.notNull(d, who, "a dictionary");
        Checks.rank(d, 2, who, "a dictionary (n, m)");
        Checks.floating(d, who, "a dictionary");
    }

    static void checkPair(NDArray d, NDArray x, String who) {
        checkDictionary(d, who);
        Checks.notNull(x, who, "signals");
        Checks.check(x.getShape().dimension() == 2 && x.getShape().get(1) == d.getShape().get(0), who,
                "signals (B, " + d.getShape().get(0) + ")", x.getShape());
    }
}

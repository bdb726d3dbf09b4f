package io.github.prcv2021.invics;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.Initializer;
import ai.djl.training.initializer.NormalInitializer;
import ai.djl.util.PairList;
import io.github.prcv2021.core.Checks;

/**
 * The orthogonal 1×1 channel mixing U_k of the coupling module (Eq. 6 and 11; the paper reuses i-RIM's
 * learnable "permutation" layer). The z×z weight is kept exactly orthogonal by parametrising it as a
 * Cayley transform of a skew-symmetric matrix, {@code W = (I − A)(I + A)⁻¹, A = S − Sᵀ}, with S learned
 * and started at a random draw (std 0.5 by default); the parametrisation is not given by the paper.
 * (A product of Householder reflections, tried first, produced non-finite gradients in DJL's engine
 * after about a hundred Adam steps.) The inverse, U_kᵀ, convolves with Wᵀ.
 *
 * <p>Input {@code {u (N, z, H, W)}}, output {@code {W ⋆ u}}.
 */
public final class OrthogonalConv1x1 extends AbstractBlock implements InvertibleBlock {

    private static final byte VERSION = 1;

    private final int channels;
    private final Parameter vectors; // S

    /**
     * Mixing of {@code channels} channels.
     *
     * @param channels z
     * @param initScale standard deviation of S's normal start (0 starts at the identity)
     */
    public OrthogonalConv1x1(int channels, float initScale) {
        super(VERSION);
        this.channels = Checks.positive(channels, "OrthogonalConv1x1", "channels");
        Checks.nonNegative(initScale, "OrthogonalConv1x1", "initScale");
        vectors = addParameter(Parameter.builder().setName("skew").setType(Parameter.Type.WEIGHT)
                .optShape(new Shape(channels, channels)).optInitializer(initScale == 0 ? Initializer.ZEROS
                        : new NormalInitializer(initScale)).build());
    }

    /**
     * The Cayley transform {@code W = (I − A)(I + A)⁻¹} of the skew-symmetric {@code A = S − Sᵀ}: exactly
     * orthogonal for every S (I + A is always invertible), W = I at S = 0, and differentiable in S.
     *
     * @param s (z, z), any matrix
     * @return (z, z)
     */
    public static NDArray cayley(NDArray s) {
        Checks.rank(s, 2, "OrthogonalConv1x1.cayley", "S (z, z)");
        Checks.check(s.getShape().get(0) == s.getShape().get(1), "OrthogonalConv1x1.cayley", "a square S", s.getShape());
        int z = (int) s.getShape().get(0);
        NDManager owner = s.getManager();
        try (NDManager m = owner.newSubManager()) {
            NDArray st = s.transpose();
            st.attach(m);
            NDArray a = s.sub(st);
            a.attach(m);
            NDArray eye = m.eye(z, z, 0, s.getDataType());
            NDArray w = eye.sub(a).matMul(eye.add(a).inverse());
            w.attach(owner);
            return w;
        }
    }

    /** The current z×z weight W (exactly orthogonal up to float rounding). */
    public NDArray weight(ParameterStore ps, Device device, boolean training) {
        return cayley(ps.getValue(vectors, device, training));
    }

    /** {@code W ⋆ u} for a (z, z) matrix {@code w}: out[:, c] = Σ_d W[c, d] u[:, d]. */
    static NDArray mix(NDArray u, NDArray w) {
        long z = w.getShape().get(0);
        try (NDArray k = w.reshape(z, z, 1, 1)) {
            return Conv2d.conv2d(u, k, null, new Shape(1, 1), new Shape(0, 0), new Shape(1, 1), 1).singletonOrThrow();
        }
    }

    private NDArray check(NDList list, String who) {
        Checks.check(list.size() >= 1, who, "inputs {u}", list.size() + " arrays");
        NDArray u = list.get(0);
        Checks.rank(u, 4, who, "u (N, z, H, W)");
        Checks.check(u.getShape().get(1) == channels, who, "u with z = " + channels + " channels", u.getShape());
        return u;
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray u = check(inputs, "OrthogonalConv1x1.forward");
        try (NDArray w = weight(ps, u.getDevice(), training)) {
            return new NDList(mix(u, w));
        }
    }

    /** U_kᵀ: convolution with Wᵀ, the exact inverse (Eq. 11). */
    @Override
    public NDList inverse(ParameterStore ps, NDList outputs) {
        return transpose(ps, outputs, false);
    }

    /** U_kᵀ as a differentiable map (the last step of the coupling module, Eq. 11). */
    public NDList transpose(ParameterStore ps, NDList inputs, boolean training) {
        NDArray u = check(inputs, "OrthogonalConv1x1.transpose");
        try (NDArray w = weight(ps, u.getDevice(), training); NDArray wt = w.transpose()) {
            return new NDList(mix(u, wt));
        }
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }
}

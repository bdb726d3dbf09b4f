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
import ai.djl.training.initializer.NormalInitializer;
import ai.djl.util.PairList;
import io.github.prcv2021.core.Checks;

/**
 * The orthogonal 1×1 channel mixing U_k of the coupling module (Eq. 6 and 11; the paper reuses i-RIM's
 * learnable "permutation" layer). The z×z weight is kept exactly orthogonal by parametrising it as a
 * product of Householder reflections, {@code W = Π_i (I − 2 v_i v_iᵀ / v_iᵀv_i)}; the parametrisation is not
 * given by the paper (i-RIM's own code uses the same idea). The inverse, U_kᵀ, convolves with Wᵀ.
 *
 * <p>Input {@code {u (N, z, H, W)}}, output {@code {W ⋆ u}}.
 */
public final class OrthogonalConv1x1 extends AbstractBlock implements InvertibleBlock {

    private static final byte VERSION = 1;

    private final int channels;
    private final Parameter vectors;

    /**
     * Mixing of {@code channels} channels with {@code reflections} Householder vectors.
     *
     * @param channels z
     * @param reflections the number of reflections (z reaches every orthogonal matrix up to sign conventions)
     */
    public OrthogonalConv1x1(int channels, int reflections) {
        super(VERSION);
        this.channels = Checks.positive(channels, "OrthogonalConv1x1", "channels");
        Checks.positive(reflections, "OrthogonalConv1x1", "reflections");
        vectors = addParameter(Parameter.builder().setName("householder").setType(Parameter.Type.WEIGHT)
                .optShape(new Shape(reflections, channels)).optInitializer(new NormalInitializer(1f)).build());
    }

    /**
     * The orthogonal matrix {@code Π_i (I − 2 v_i v_iᵀ / v_iᵀv_i)} of the rows v_i of {@code v}.
     *
     * @param v (R, z), no zero row
     * @return (z, z)
     */
    public static NDArray householderProduct(NDArray v) {
        Checks.rank(v, 2, "OrthogonalConv1x1.householderProduct", "v (R, z)");
        int r = (int) v.getShape().get(0);
        int z = (int) v.getShape().get(1);
        NDManager owner = v.getManager();
        try (NDManager m = owner.newSubManager()) {
            NDArray w = m.eye(z, z, 0, v.getDataType());
            for (int i = 0; i < r; i++) {
                NDArray vi = v.get(i).reshape(z, 1);
                vi.attach(m);
                NDArray norm2 = vi.square().sum();
                // W H_i = W − 2 (W v)(vᵀ) / vᵀv
                w = w.sub(w.matMul(vi).matMul(vi.transpose()).mul(2).div(norm2));
            }
            w.attach(owner);
            return w;
        }
    }

    /** The current z×z weight W (exactly orthogonal up to float rounding). */
    public NDArray weight(ParameterStore ps, Device device, boolean training) {
        return householderProduct(ps.getValue(vectors, device, training));
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

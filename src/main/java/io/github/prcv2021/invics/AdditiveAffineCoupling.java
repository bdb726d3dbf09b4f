package io.github.prcv2021.invics;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import io.github.prcv2021.core.Checks;
import io.github.prcv2021.nn.Residual;

/**
 * The additive and affine coupling module AACM_k = U_kᵀ ∘ Q_k ∘ U_k of an InvICS phase (Eq. 6–11):
 *
 * <pre>
 *   ζ = U_k(û),  ζ1 = ζ[0:z/2],  ζ2 = ζ[z/2:z]                     (Eq. 6–7)
 *   ξ1 = ζ1 + F_k(ζ2)                                              (Eq. 8, additive)
 *   ξ2 = g(G_k(ξ1)) ⊙ ζ2 + H_k(ξ1),   g(s) = 0.5 + 0.5·sigmoid(s)   (Eq. 9, affine)
 *   u  = U_kᵀ(concat(ξ1, ξ2))                                      (Eq. 10–11)
 * </pre>
 *
 * Inverse: ζ2 = (ξ2 − H_k(ξ1)) ⊘ g(G_k(ξ1)), ζ1 = ξ1 − F_k(ζ2). F_k is a {@link DenseBlock}; G_k and H_k are
 * residual blocks (3×3 conv, ReLU, 3×3 conv, plus the identity). The sub-network layouts are not given by
 * the paper (see {@link DenseBlock}); the stabilised scale g ∈ (0.5, 1) follows the paper's description.
 */
public final class AdditiveAffineCoupling extends AbstractBlock implements InvertibleBlock {

    private static final byte VERSION = 1;

    private final int channels;
    private final OrthogonalConv1x1 mixing;
    private final Block f;
    private final Block g;
    private final Block h;

    /**
     * @param channels z, even and at least 2
     * @param denseLayers layers of F_k
     * @param denseGrowth growth of F_k
     * @param residualHidden hidden channels of G_k and H_k
     */
    public AdditiveAffineCoupling(int channels, int denseLayers, int denseGrowth, int residualHidden) {
        super(VERSION);
        Checks.check(channels >= 2 && channels % 2 == 0, "AdditiveAffineCoupling", "an even channel count z >= 2", channels);
        this.channels = channels;
        mixing = addChildBlock("U", new OrthogonalConv1x1(channels, 0.5f));
        f = addChildBlock("F", new DenseBlock(channels / 2, denseLayers, denseGrowth));
        g = addChildBlock("G", residualBlock(channels / 2, residualHidden));
        h = addChildBlock("H", residualBlock(channels / 2, residualHidden));
    }

    /** x + Conv3×3(ReLU(Conv3×3(x))), keeping {@code channels}. */
    static Block residualBlock(int channels, int hidden) {
        return Residual.around(new SequentialBlock()
                .add(Conv2d.builder().setKernelShape(new Shape(3, 3)).optPadding(new Shape(1, 1)).setFilters(hidden).build())
                .add(Activation::relu)
                .add(Conv2d.builder().setKernelShape(new Shape(3, 3)).optPadding(new Shape(1, 1)).setFilters(channels).build()));
    }

    /** The orthogonal mixing U_k. */
    public OrthogonalConv1x1 mixing() {
        return mixing;
    }

    /** g(s) = 0.5 + 0.5·sigmoid(s), the scale of Eq. 9, in (0.5, 1). */
    public static NDArray scale(NDArray s) {
        try (NDArray sg = s.getNDArrayInternal().sigmoid()) {
            return sg.mul(0.5f).add(0.5f);
        }
    }

    private NDArray check(NDList list, String who) {
        Checks.check(list.size() >= 1, who, "inputs {u}", list.size() + " arrays");
        NDArray u = list.get(0);
        Checks.rank(u, 4, who, "u (N, z, H, W)");
        Checks.check(u.getShape().get(1) == channels, who, "u with z = " + channels + " channels", u.getShape());
        return u;
    }

    private static NDArray run(Block b, ParameterStore ps, NDArray x, boolean training) {
        return b.forward(ps, new NDList(x), training).singletonOrThrow();
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray u = check(inputs, "AdditiveAffineCoupling.forward");
        NDManager owner = u.getManager();
        int half = channels / 2;
        try (NDManager m = owner.newSubManager()) {
            NDArray zeta = mixing.forward(ps, new NDList(u), training).singletonOrThrow();
            zeta.attach(m);
            NDList parts = zeta.split(new long[] {half}, 1);
            parts.attach(m);
            NDArray xi1 = parts.get(0).add(attach(run(f, ps, parts.get(1), training), m));
            xi1.attach(m);
            NDArray gate = scale(attach(run(g, ps, xi1, training), m));
            gate.attach(m);
            NDArray xi2 = gate.mul(parts.get(1)).add(attach(run(h, ps, xi1, training), m));
            xi2.attach(m);
            NDArray cat = xi1.concat(xi2, 1);
            cat.attach(m);
            NDArray out = mixing.transpose(ps, new NDList(cat), training).singletonOrThrow();
            out.attach(owner);
            return new NDList(out);
        }
    }

    /** The exact inverse, Q_k⁻¹ between U_k and U_kᵀ. */
    @Override
    public NDList inverse(ParameterStore ps, NDList outputs) {
        NDArray u = check(outputs, "AdditiveAffineCoupling.inverse");
        NDManager owner = u.getManager();
        int half = channels / 2;
        try (NDManager m = owner.newSubManager()) {
            NDArray xi = mixing.forward(ps, new NDList(u), false).singletonOrThrow();
            xi.attach(m);
            NDList parts = xi.split(new long[] {half}, 1);
            parts.attach(m);
            NDArray xi1 = parts.get(0);
            NDArray gate = scale(attach(run(g, ps, xi1, false), m));
            gate.attach(m);
            NDArray zeta2 = parts.get(1).sub(attach(run(h, ps, xi1, false), m)).div(gate);
            zeta2.attach(m);
            NDArray zeta1 = xi1.sub(attach(run(f, ps, zeta2, false), m));
            zeta1.attach(m);
            NDArray cat = zeta1.concat(zeta2, 1);
            cat.attach(m);
            NDArray out = mixing.inverse(ps, new NDList(cat)).singletonOrThrow();
            out.attach(owner);
            return new NDList(out);
        }
    }

    private static NDArray attach(NDArray a, NDManager m) {
        a.attach(m);
        return a;
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape s = inputShapes[0];
        Shape halfShape = new Shape(s.get(0), channels / 2, s.get(2), s.get(3));
        mixing.initialize(manager, dataType, s);
        f.initialize(manager, dataType, halfShape);
        g.initialize(manager, dataType, halfShape);
        h.initialize(manager, dataType, halfShape);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }
}

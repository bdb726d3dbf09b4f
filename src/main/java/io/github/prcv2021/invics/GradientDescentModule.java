package io.github.prcv2021.invics;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.ConstantInitializer;
import ai.djl.util.PairList;
import io.github.prcv2021.core.Checks;

/**
 * The gradient-descent module GDM_k of an InvICS phase (Eq. 2–5), lifted to the z-channel state u:
 *
 * <pre>
 *   r_k = x̂_{k−1} − ρ_k φᵀ(φ(x̂_{k−1}) − y),   x̂_{k−1} = u_{k−1}[0:1]       (Eq. 2)
 *   û_k = concat(r_k, u_{k−1}[1:z])                                           (Eq. 3)
 *   ρ_k = sigmoid(ρ*_k) + 1 ∈ (1, 2)
 * </pre>
 *
 * with a learnable scalar ρ*_k (initial value not given by the paper; default 0, i.e. ρ = 1.5). The inverse
 * (Eq. 4–5) solves, per block, {@code x = (I − ρΦᵀΦ)⁻¹ (r − ρΦᵀy)} through the Woodbury identity
 * {@code (I − ρΦᵀΦ)⁻¹ = I + ρΦᵀ(I_M − ρΦΦᵀ)⁻¹Φ}, so only an M×M matrix is inverted; it is computed in float64.
 * It exists when no eigenvalue of ΦΦᵀ equals 1/ρ (the paper's "ρ ≠ 1" is the case ΦΦᵀ = I).
 *
 * <p>Inputs of {@link #forward}: {@code {u (N, z, H, W), y (N, M, H/B, W/B), Φ (M, B²)}}; output {@code {û}}.
 */
public final class GradientDescentModule extends AbstractBlock implements InvertibleBlock {

    private static final byte VERSION = 1;

    private final int blockSize;
    private final Parameter rhoStar;

    /**
     * A module for B×B blocks.
     *
     * @param blockSize B (the paper: 33)
     * @param initialRhoStar ρ*'s initial value (ρ = sigmoid(ρ*) + 1)
     */
    public GradientDescentModule(int blockSize, float initialRhoStar) {
        super(VERSION);
        this.blockSize = Checks.positive(blockSize, "GradientDescentModule", "blockSize");
        rhoStar = addParameter(Parameter.builder().setName("rhoStar").setType(Parameter.Type.OTHER)
                .optShape(new Shape(1)).optInitializer(new ConstantInitializer(initialRhoStar)).build());
    }

    /** The step size ρ_k = sigmoid(ρ*_k) + 1, as a scalar (1). */
    public NDArray rho(ParameterStore ps, Device device, boolean training) {
        NDArray rs = ps.getValue(rhoStar, device, training);
        try (NDArray s = rs.getNDArrayInternal().sigmoid()) {
            return s.add(1f);
        }
    }

    /** ρ_k as a number. */
    public double rhoValue(ParameterStore ps, Device device) {
        try (NDArray r = rho(ps, device, false)) {
            return r.toType(DataType.FLOAT64, false).getDouble(0);
        }
    }

    /**
     * Eq. 2 on an image estimate, the plain gradient step on ½‖φ(x) − y‖² with step ρ.
     *
     * @param x (N, 1, H, W)
     * @param y (N, M, H/B, W/B)
     * @param phi Φ (M, B²)
     * @param rho ρ, a scalar array (1) or a number wrapped as such
     */
    public static NDArray gradientStep(NDArray x, NDArray y, NDArray phi, NDArray rho, int blockSize) {
        try (NDArray ax = CsOperators.sample(x, phi, blockSize); NDArray res = ax.sub(y);
                NDArray g = CsOperators.transposeSample(res, phi, blockSize); NDArray sg = g.mul(rho)) {
            return x.sub(sg);
        }
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray u = checkInputs(inputs, "GradientDescentModule.forward");
        NDArray y = inputs.get(1);
        NDArray phi = inputs.get(2);
        try (NDArray rho = rho(ps, u.getDevice(), training); NDArray x = u.get(":, 0:1"); NDArray rest = u.get(":, 1:");
                NDArray r = gradientStep(x, y, phi, rho, blockSize)) {
            return new NDList(r.concat(rest, 1));
        }
    }

    /** Eq. 4–5: recovers u_{k−1} from û_k = GDM_k(u_{k−1}); inputs {û, y, Φ}. */
    @Override
    public NDList inverse(ParameterStore ps, NDList outputs) {
        NDArray uHat = checkInputs(outputs, "GradientDescentModule.inverse");
        double rho = rhoValue(ps, uHat.getDevice());
        Shape s = uHat.getShape();
        DataType type = uHat.getDataType();
        NDManager owner = uHat.getManager();
        try (NDManager m = owner.newSubManager()) {
            NDArray y = outputs.get(1).toType(DataType.FLOAT64, true);
            y.attach(m);
            NDArray phi = outputs.get(2).toType(DataType.FLOAT64, true);
            phi.attach(m);
            NDArray r = uHat.get(":, 0:1").toType(DataType.FLOAT64, true);
            r.attach(m);
            NDArray rest = uHat.get(":, 1:");
            rest.attach(m);
            long mm = phi.getShape().get(0);
            NDArray rp = r.sub(CsOperators.transposeSample(y, phi, blockSize).mul(rho));
            NDArray v = CsOperators.toBlocks(rp, blockSize);
            NDArray core = m.eye((int) mm, (int) mm, 0, DataType.FLOAT64).sub(phi.matMul(phi.transpose()).mul(rho)).inverse();
            NDArray x = v.add(v.matMul(phi.transpose()).matMul(core).matMul(phi).mul(rho));
            NDArray img = CsOperators.fromBlocks(x, s.get(0), s.get(2) / blockSize, s.get(3) / blockSize, blockSize);
            NDArray out = img.toType(type, true).concat(rest, 1);
            out.attach(owner);
            return new NDList(out);
        }
    }

    private NDArray checkInputs(NDList inputs, String who) {
        Checks.check(inputs.size() == 3, who, "inputs {u, y, phi}", inputs.size() + " arrays");
        NDArray u = inputs.get(0);
        Checks.rank(u, 4, who, "u (N, z, H, W)");
        Checks.check(u.getShape().get(1) >= 1, who, "u with at least one channel", u.getShape());
        CsOperators.checkPhi(inputs.get(2), blockSize, who);
        return u;
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }
}

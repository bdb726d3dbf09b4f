package io.github.prcv2021.invics;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * One recovery phase of InvICS, Phase_k = AACM_k ∘ GDM_k (Section 3.3): a {@link GradientDescentModule} on
 * the first state channel followed by an {@link AdditiveAffineCoupling}. Both are bijections, so the phase
 * is; {@link #inverse} runs their inverses in reverse order.
 *
 * <p>Inputs {@code {u_{k−1} (N, z, H, W), y (N, M, H/B, W/B), Φ (M, B²)}}, output {@code {u_k}}.
 */
public final class InvIcsPhase extends AbstractBlock implements InvertibleBlock {

    private static final byte VERSION = 1;

    private final GradientDescentModule gdm;
    private final AdditiveAffineCoupling aacm;

    /**
     * @param blockSize B
     * @param channels z
     * @param denseLayers layers of F_k
     * @param denseGrowth growth of F_k
     * @param residualHidden hidden channels of G_k and H_k
     * @param initialRhoStar ρ*_k's initial value
     */
    public InvIcsPhase(int blockSize, int channels, int denseLayers, int denseGrowth, int residualHidden, float initialRhoStar) {
        super(VERSION);
        gdm = addChildBlock("gdm", new GradientDescentModule(blockSize, initialRhoStar));
        aacm = addChildBlock("aacm", new AdditiveAffineCoupling(channels, denseLayers, denseGrowth, residualHidden));
    }

    /** GDM_k. */
    public GradientDescentModule gradientStep() {
        return gdm;
    }

    /** AACM_k. */
    public AdditiveAffineCoupling coupling() {
        return aacm;
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray uHat = gdm.forward(ps, inputs, training).singletonOrThrow();
        try (NDManager m = uHat.getManager().newSubManager()) {
            NDManager owner = uHat.getManager();
            uHat.attach(m);
            NDArray out = aacm.forward(ps, new NDList(uHat), training).singletonOrThrow();
            out.attach(owner);
            return new NDList(out);
        }
    }

    /** Phase_k⁻¹ = GDM_k⁻¹ ∘ AACM_k⁻¹; inputs {u_k, y, Φ}. */
    @Override
    public NDList inverse(ParameterStore ps, NDList outputs) {
        try (NDArray uHat = aacm.inverse(ps, new NDList(outputs.get(0))).singletonOrThrow()) {
            return gdm.inverse(ps, new NDList(uHat, outputs.get(1), outputs.get(2)));
        }
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        gdm.initialize(manager, dataType, inputShapes);
        aacm.initialize(manager, dataType, inputShapes[0]);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }
}

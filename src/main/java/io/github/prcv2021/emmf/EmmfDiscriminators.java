package io.github.prcv2021.emmf;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import io.github.prcv2021.core.Checks;
import java.util.ArrayList;
import java.util.List;

/**
 * The paper's view discriminators (Sect. 3.2): one MLP {@code D_p: d_p → 200 → 100 → 50 → 1} per view with
 * ReLU hidden layers; {@code D_p(x) = σ(z_p(x))} is the probability that a row is real data rather than a
 * reconstruction. The block returns the logits {@code z_p} (the sigmoid is applied inside
 * {@link AdversarialLoss}, as {@code ln σ(z) = −softplus(−z)}, which is the numerically stable form of
 * Eqs. 6–8).
 *
 * <p>Input {@code NDList(X^(1), …, X^(P))} with {@code X^(p) (B_p, d_p)}; output the P logit columns
 * {@code (B_p, 1)}.
 */
public final class EmmfDiscriminators extends AbstractBlock {

    private static final byte VERSION = 1;

    private final List<SequentialBlock> nets = new ArrayList<>();
    private final int[] viewDims;

    /**
     * @param viewDims {@code d_p} of every view
     * @param widths the hidden widths (paper: 200, 100, 50)
     */
    public EmmfDiscriminators(int[] viewDims, int[] widths) {
        super(VERSION);
        String who = "EmmfDiscriminators";
        Checks.check(viewDims != null && viewDims.length >= 1, who, "at least one view", viewDims == null ? "null" : 0);
        Checks.notNull(widths, who, "widths");
        this.viewDims = viewDims.clone();
        for (int p = 0; p < viewDims.length; p++) {
            Checks.positive(viewDims[p], who, "every view width");
            SequentialBlock d = new SequentialBlock();
            for (int w : widths) {
                Checks.positive(w, who, "every width");
                d.add(Linear.builder().setUnits(w).build()).add(Activation.reluBlock());
            }
            d.add(Linear.builder().setUnits(1).build());
            nets.add(addChildBlock("discriminator" + p, d));
        }
    }

    /** The discriminator of view p (logits). */
    public SequentialBlock getDiscriminator(int p) {
        return nets.get(p);
    }

    /** P. */
    public int numViews() {
        return nets.size();
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        for (int p = 0; p < nets.size(); p++) {
            nets.get(p).initialize(manager, dataType, inputShapes[p]);
        }
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
        Checks.check(inputs.size() == nets.size(), "EmmfDiscriminators", nets.size() + " views", inputs.size());
        NDList out = new NDList();
        for (int p = 0; p < nets.size(); p++) {
            Checks.check(inputs.get(p).getShape().dimension() == 2 && inputs.get(p).getShape().get(1) == viewDims[p],
                    "EmmfDiscriminators", "view " + p + " of shape (B, " + viewDims[p] + ")", inputs.get(p).getShape());
            out.add(nets.get(p).forward(store, new NDList(inputs.get(p)), training, params).head());
        }
        return out;
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape[] out = new Shape[inputShapes.length];
        for (int p = 0; p < out.length; p++) {
            out[p] = new Shape(inputShapes[p].get(0), 1);
        }
        return out;
    }
}

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
 * The paper's auto-encoder (Sect. 3.1, Fig. 1): the shared {@link IdentityInputEncoder} f and one decoder
 * ("generator") {@code g_p} per view, {@code k → 200 → 500 → 1000 → d_p} with ReLU hidden layers (the
 * encoder's widths mirrored), so that {@code X̂^(p) = g_p(f(I_n))} (Eq. 4 with non-linear factors).
 *
 * <p>Input {@code (B)} sample indices; output {@code NDList(H, X̂^(1), …, X̂^(P))}, {@code H (B, k)},
 * {@code X̂^(p) (B, d_p)}. The decoders' output layer is linear for the MSE distance and a sigmoid for BCE.
 */
public final class EmmfGenerator extends AbstractBlock {

    private static final byte VERSION = 1;

    private final IdentityInputEncoder encoder;
    private final List<SequentialBlock> decoders = new ArrayList<>();
    private final int codeSize;

    /**
     * @param encoder the shared encoder
     * @param viewDims {@code d_p} of every view
     * @param decoderWidths the hidden widths of each decoder (paper: 200, 500, 1000)
     * @param sigmoidOutput whether the decoders end in a sigmoid (for the BCE distance)
     */
    public EmmfGenerator(IdentityInputEncoder encoder, int[] viewDims, int[] decoderWidths, boolean sigmoidOutput) {
        super(VERSION);
        String who = "EmmfGenerator";
        this.encoder = addChildBlock("encoder", Checks.notNull(encoder, who, "an encoder"));
        this.codeSize = encoder.getCodeSize();
        Checks.check(viewDims != null && viewDims.length >= 1, who, "at least one view", viewDims == null ? "null" : 0);
        Checks.notNull(decoderWidths, who, "decoder widths");
        for (int w : decoderWidths) {
            Checks.positive(w, who, "every decoder width");
        }
        for (int p = 0; p < viewDims.length; p++) {
            Checks.positive(viewDims[p], who, "every view width");
            SequentialBlock g = new SequentialBlock();
            for (int w : decoderWidths) {
                g.add(Linear.builder().setUnits(w).build()).add(Activation.reluBlock());
            }
            g.add(Linear.builder().setUnits(viewDims[p]).build());
            if (sigmoidOutput) {
                g.add(Activation.sigmoidBlock());
            }
            decoders.add(addChildBlock("decoder" + p, g));
        }
    }

    /** The shared encoder f. */
    public IdentityInputEncoder getEncoder() {
        return encoder;
    }

    /** The decoder {@code g_p}. */
    public SequentialBlock getDecoder(int p) {
        return decoders.get(p);
    }

    /** P. */
    public int numViews() {
        return decoders.size();
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        encoder.initialize(manager, dataType, inputShapes);
        Shape code = new Shape(inputShapes[0].get(0), codeSize);
        for (SequentialBlock g : decoders) {
            g.initialize(manager, dataType, code);
        }
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
        NDList h = encoder.forward(store, inputs, training, params);
        NDList out = new NDList(h.head());
        for (SequentialBlock g : decoders) {
            out.add(g.forward(store, h, training, params).head());
        }
        return out;
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape[] out = new Shape[decoders.size() + 1];
        Shape code = new Shape(inputShapes[0].get(0), codeSize);
        out[0] = code;
        for (int p = 0; p < decoders.size(); p++) {
            out[p + 1] = decoders.get(p).getOutputShapes(new Shape[] {code})[0];
        }
        return out;
    }

    @Override
    public String toString() {
        return "EmmfGenerator(" + encoder + ", " + decoders.size() + " decoders)";
    }
}

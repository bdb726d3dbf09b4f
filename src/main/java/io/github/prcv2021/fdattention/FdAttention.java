package io.github.prcv2021.fdattention;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import io.github.prcv2021.core.Checks;

/**
 * The Feature Difference (FD) module (Xu et al., PRCV 2021, Sect. 3.1): a parameter-free attention
 * that refines the output of a shape-preserving operator by how much the operator changed its input.
 * For an input {@code X} and the operator's output {@code F = f(X; W)} of the same shape (C, H, W):
 *
 * <pre>
 *   D(X) = smooth(F − X)                                   (Eq. 2)
 *   smooth(x) = 0.5·x²/β if |x| &lt; β, |x| − 0.5·β otherwise,  β = 1   (Eq. 3)
 *   M(X) = σ(D(X))                                         (Eq. 4)
 *   F̃ = M(X) ⊙ F                                           (Eq. 5)
 * </pre>
 *
 * The mask has the shape of {@code F} (channel- and spatial-wise). σ is the logistic sigmoid: the paper
 * leaves σ to "the next section", which never names it, but Sect. 5 says nearly equal features give a
 * mask "close to 0.5", which only the logistic sigmoid (σ(0) = 0.5) does. Since {@code D ≥ 0} the mask
 * lies in [0.5, 1): positions the operator left alone are halved, strongly changed ones pass. The
 * paper prints the threshold of Eq. 3 as {@code |x| < 1}; with its β = 1 both readings agree, and
 * {@link Builder#optBeta(float)} uses β for both. No gradient is stopped: both {@code X} and {@code F}
 * receive gradients through the mask and through the product.
 *
 * <p>The block wraps the operator ({@link Builder#setInner(Block)}, for example a 3x3 convolution with
 * its BatchNorm): its input is {@code X}, its output {@code F̃}. The static functions are the same
 * math without a block, for callers that hold {@code X} and {@code F} themselves.
 *
 * <pre>{@code
 * Block fd = FdAttention.builder().setInner(CifarResNet.convBn(16, 1)).build(); // F̃ = σ(smooth(F − X)) ⊙ F
 * }</pre>
 */
public final class FdAttention extends AbstractBlock {

    private static final byte VERSION = 1;

    private final Block inner;
    private final float beta;

    private FdAttention(Builder b) {
        super(VERSION);
        this.inner = addChildBlock("inner", b.inner);
        this.beta = b.beta;
    }

    /** A builder; {@code setInner} is required. */
    public static Builder builder() {
        return new Builder();
    }

    /** {@code FdAttention.builder().setInner(inner).build()}: FD with the paper's β = 1 around {@code inner}. */
    public static FdAttention wrap(Block inner) {
        return builder().setInner(inner).build();
    }

    /** The wrapped operator f. */
    public Block getInner() {
        return inner;
    }

    /** β of Eq. 3. */
    public float getBeta() {
        return beta;
    }

    /**
     * The smooth-L1 function of Eq. 3, element-wise: {@code 0.5·x²/β} where {@code |x| < β}, else
     * {@code |x| − 0.5·β}. Computed branch-free as {@code m = min(|x|, β)}, {@code 0.5·m²/β + |x| − m},
     * which has the same value and gradient everywhere.
     *
     * @param x any floating-point array
     * @param beta β &gt; 0 (the paper: 1)
     * @return an array of x's shape, non-negative
     */
    public static NDArray smooth(NDArray x, float beta) {
        Checks.notNull(x, "FdAttention.smooth", "x");
        Checks.positive(beta, "FdAttention.smooth", "beta");
        Checks.floating(x, "FdAttention.smooth", "x");
        NDArray a = x.abs();
        NDArray m = a.minimum(beta);
        return m.square().mul(0.5f / beta).add(a.sub(m));
    }

    /** The feature difference {@code D = smooth(F − X)} of Eq. 2; {@code x} and {@code f} of the same shape. */
    public static NDArray difference(NDArray x, NDArray f, float beta) {
        checkSameShape(x, f);
        return smooth(f.sub(x), beta);
    }

    /** The attention mask {@code M = σ(smooth(F − X))} of Eq. 4, in [0.5, 1), of the shape of {@code f}. */
    public static NDArray mask(NDArray x, NDArray f, float beta) {
        return Activation.sigmoid(difference(x, f, beta));
    }

    /** The refined features {@code F̃ = σ(smooth(F − X)) ⊙ F} of Eq. 5. */
    public static NDArray refine(NDArray x, NDArray f, float beta) {
        return mask(x, f, beta).mul(f);
    }

    private static void checkSameShape(NDArray x, NDArray f) {
        Checks.notNull(x, "FdAttention", "X");
        Checks.notNull(f, "FdAttention", "F");
        Checks.check(x.getShape().equals(f.getShape()), "FdAttention",
                "an operator output F of the input's shape " + x.getShape() + " (Eq. 2)", f.getShape());
    }

    @Override
    protected NDList forwardInternal(ParameterStore parameterStore, NDList inputs, boolean training,
            PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        NDArray f = inner.forward(parameterStore, inputs, training, params).singletonOrThrow();
        return new NDList(refine(x, f, beta));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape[] out = inner.getOutputShapes(inputShapes);
        Checks.check(out.length == 1 && out[0].equals(inputShapes[0]), "FdAttention",
                "an inner block that keeps the input shape " + inputShapes[0] + " (the paper applies FD only there)",
                out.length == 1 ? out[0] : out.length + " outputs");
        return out;
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        inner.initialize(manager, dataType, inputShapes);
        getOutputShapes(inputShapes);
    }

    @Override
    public String toString() {
        return "FdAttention(beta=" + beta + ", " + inner + ")";
    }

    /** Builder for {@link FdAttention}. */
    public static final class Builder {
        private Block inner;
        private float beta = 1f;

        private Builder() {}

        /** Sets the shape-preserving operator f whose output is refined (stride 1, same channels). */
        public Builder setInner(Block inner) {
            this.inner = Checks.notNull(inner, "FdAttention", "inner");
            return this;
        }

        /** Sets β of Eq. 3 (default 1, the paper's value). */
        public Builder optBeta(float beta) {
            this.beta = (float) Checks.positive(beta, "FdAttention", "beta");
            return this;
        }

        /** Builds the block. */
        public FdAttention build() {
            Checks.check(inner != null, "FdAttention", "setInner(block) to be called", "no inner block");
            return new FdAttention(this);
        }
    }
}

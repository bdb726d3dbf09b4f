package io.github.prcv2021.attacks;

import ai.djl.ndarray.NDArray;
import io.github.prcv2021.nn.GaussianKernel;
import java.util.function.UnaryOperator;

/**
 * An iterative L∞ attack built for transfer to unseen models, with the two gradient tricks the
 * transfer-attack papers combine: DI's input diversity {@code D} (the gradient is taken through a random
 * resize-and-pad of the input, Xie et al. 2019) and TI's translation-invariant smoothing {@code W}
 * (the gradient is convolved with a Gaussian kernel, Dong et al. 2019). Members ({@link IterativeFgsm},
 * {@link AdamTransferAttack}) differ in how they accumulate {@link #gradient} into an update.
 */
public abstract class TransferAttack extends LinfAttack {

    private final GaussianKernel kernel;
    private final UnaryOperator<NDArray> diversity;

    /** Builds the common settings from a builder. */
    protected TransferAttack(Builder<?> b) {
        super(b);
        this.kernel = b.kernel;
        this.diversity = b.diversity;
    }

    /**
     * {@code ĝ = W ⊛ ∇_x J(D(x), y)}: the input gradient at {@code x} through the input-diversity
     * transform, smoothed by the translation kernel (each step only when configured).
     */
    protected NDArray gradient(AttackTarget target, NDArray x, NDArray labels) {
        return smooth(inputGradient(target, x, labels, null));
    }

    /**
     * The raw input gradient {@code ∇_x J(D(pre(x)), y)} through the optional {@code pre} transform and
     * the input-diversity transform, not smoothed.
     *
     * @param pre a differentiable transform applied before {@code D}, or null
     */
    protected NDArray inputGradient(AttackTarget target, NDArray x, NDArray labels, UnaryOperator<NDArray> pre) {
        UnaryOperator<NDArray> transform;
        if (pre == null) {
            transform = diversity;
        } else if (diversity == null) {
            transform = pre;
        } else {
            transform = v -> diversity.apply(pre.apply(v));
        }
        return target.inputGradient(x, labels, loss, transform);
    }

    /** {@code W ⊛ g}: TI's smoothing, or {@code g} itself when no translation kernel is configured. */
    protected NDArray smooth(NDArray grad) {
        return kernel == null ? grad : kernel.apply(grad);
    }

    /**
     * {@code g / mean(|g|)} per example: the normalisation of MI-FGSM's and NI-FGSM's accumulator as their
     * reference code computes it (the papers write the L1 norm, which differs by the constant number of
     * features: the same sign updates, but NI's look-ahead {@code x + α μ g} is then on the pixel scale).
     */
    protected static NDArray meanAbsNormalised(NDArray g) {
        long features = g.size() / g.getShape().get(0);
        NDArray scale = g.abs().reshape(g.getShape().get(0), features).mean(new int[] {1}).reshape(perExampleShape(g));
        return g.div(scale.add(1e-12f));
    }

    /** Whether TI's translation kernel is configured. */
    protected boolean hasTranslationKernel() {
        return kernel != null;
    }

    /** Builder settings shared by the transfer attacks. */
    @SuppressWarnings("unchecked")
    public abstract static class Builder<T extends Builder<T>> extends BaseBuilder<T> {
        GaussianKernel kernel;
        UnaryOperator<NDArray> diversity;

        /** TI: smooth each gradient with this kernel (15×15 in TI-DIM, 9×9 for AITM in paper 13). */
        public T optTranslationKernel(GaussianKernel kernel) {
            this.kernel = kernel;
            return (T) this;
        }

        /** DI: the transform applied to the input before each forward pass ({@link InputDiversity}). */
        public T optInputDiversity(UnaryOperator<NDArray> diversity) {
            this.diversity = diversity;
            return (T) this;
        }
    }
}

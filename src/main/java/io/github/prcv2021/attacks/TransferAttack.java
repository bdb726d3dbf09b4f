package io.github.prcv2021.attacks;

import ai.djl.ndarray.NDArray;
import java.util.function.UnaryOperator;

/**
 * An iterative L∞ attack built for transfer to unseen models, with the two gradient tricks the
 * transfer-attack papers combine: DI's input diversity {@code D} (the gradient is taken through a random
 * resize-and-pad of the input, Xie et al. 2019) and TI's translation-invariant smoothing {@code W}
 * (the gradient is convolved with a Gaussian kernel, Dong et al. 2019). Members ({@link IterativeFgsm},
 * {@link AiFgtm}) differ in how they accumulate {@link #gradient} into an update.
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
        NDArray grad = target.inputGradient(x, labels, loss, diversity);
        return kernel == null ? grad : kernel.apply(grad);
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

package io.github.prcv2021.core;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import java.util.HashMap;
import java.util.Map;

/**
 * SGD with momentum applied in place to a block's parameters: the update of DJL's {@code
 * Optimizer.sgd()} (same formula, same results) without the trainer's parameter server.
 *
 * <p>Update, for each parameter {@code w} with gradient {@code g} (DJL's convention, which equals
 * PyTorch's {@code torch.optim.SGD} for a fixed learning rate): {@code g' = g + wd * w},
 * {@code v = momentum * v + lr * g'}, {@code w = w - v}, then {@code g = 0}.
 *
 * <p>Why it exists (measured in {@code benchmarks/README.md}, "Where the time goes"): {@code
 * Trainer.step()} goes through {@code LocalParameterServer}, which copies every gradient
 * ({@code duplicate}) before the engine's {@code sgdUpdate} clones it again and adds
 * {@code 0 * w} when there is no weight decay: eight passes over every parameter and two
 * allocations. This class makes five (scale the gradient, scale the velocity, add, subtract, zero
 * the gradient) and allocates nothing after the first step. For the 784-512-512-10
 * MLP at batch 128 the update is 10-25% of the step; for a small CNN it is under 1%.
 * Every engine op is also one OpenMP parallel region for tensors above 32K elements, and on a
 * shared 2-core machine each region can stall for a scheduler tick, so fewer ops matter more
 * there.
 *
 * <p>Use it instead of {@code trainer.step()}, after the gradient collector is closed:
 *
 * <pre>{@code
 * LeanSgd sgd = LeanSgd.builder().setLearningRate(0.01f).optMomentum(0.9f).build();
 * try (GradientCollector gc = trainer.newGradientCollector()) {
 *     NDArray loss = trainer.getLoss().evaluate(labels, trainer.forward(data, labels));
 *     gc.backward(loss);
 * }
 * sgd.step(trainer.getModel().getBlock());
 * }</pre>
 *
 * <p>It updates the block's own parameter arrays, which is what the trainer's forward uses on a
 * single device; with several devices use {@code trainer.step()}. Momentum buffers belong to the
 * parameters' manager; {@link #close()} frees them.
 */
public final class LeanSgd implements AutoCloseable {

    private final float learningRate;
    private final float momentum;
    private final float weightDecay;
    private final Map<String, NDArray> velocity = new HashMap<>();

    private LeanSgd(Builder b) {
        learningRate = b.learningRate;
        momentum = b.momentum;
        weightDecay = b.weightDecay;
    }

    /** A builder; the learning rate is required. */
    public static Builder builder() {
        return new Builder();
    }

    /** Updates every parameter of {@code block} that requires a gradient, then zeroes its gradient. */
    public void step(Block block) {
        Checks.notNull(block, "LeanSgd.step", "a block");
        for (Pair<String, Parameter> p : block.getParameters()) {
            Parameter parameter = p.getValue();
            if (parameter.requiresGradient() && parameter.isInitialized()) {
                update(parameter.getId(), parameter.getArray());
            }
        }
    }

    /** Updates one weight from its attached gradient, then zeroes the gradient. */
    public void update(String id, NDArray weight) {
        try (NDArray grad = weight.getGradient()) {
            if (weightDecay != 0f) {
                try (NDArray decay = weight.mul(weightDecay)) {
                    grad.addi(decay);
                }
            }
            grad.muli(learningRate);
            if (momentum != 0f) {
                NDArray v = velocity.get(id);
                if (v == null) {
                    v = weight.zerosLike();
                    velocity.put(id, v);
                }
                v.muli(momentum).addi(grad);
                weight.subi(v);
            } else {
                weight.subi(grad);
            }
        }
        Gradients.zero(weight);
    }

    /** The learning rate. */
    public float getLearningRate() {
        return learningRate;
    }

    /** The momentum. */
    public float getMomentum() {
        return momentum;
    }

    /** Frees the momentum buffers. */
    @Override
    public void close() {
        velocity.values().forEach(NDArray::close);
        velocity.clear();
    }

    /** Builder of {@link LeanSgd}: {@code setLearningRate} is required. */
    public static final class Builder {

        private float learningRate = Float.NaN;
        private float momentum;
        private float weightDecay;

        private Builder() {}

        /** Sets the learning rate ({@code lr > 0}). */
        public Builder setLearningRate(float learningRate) {
            this.learningRate = (float) Checks.positive(learningRate, "LeanSgd", "learningRate");
            return this;
        }

        /** Sets the momentum in {@code [0, 1)}; default 0. */
        public Builder optMomentum(float momentum) {
            Checks.check(momentum >= 0f && momentum < 1f, "LeanSgd", "momentum in [0, 1)", momentum);
            this.momentum = momentum;
            return this;
        }

        /** Sets the L2 weight decay ({@code >= 0}); default 0. */
        public Builder optWeightDecay(float weightDecay) {
            this.weightDecay = (float) Checks.nonNegative(weightDecay, "LeanSgd", "weightDecay");
            return this;
        }

        /** Builds the optimizer; fails if the learning rate was not set. */
        public LeanSgd build() {
            Checks.check(!Float.isNaN(learningRate), "LeanSgd", "a learning rate (setLearningRate)",
                    "none");
            return new LeanSgd(this);
        }
    }
}

package io.github.prcv2021.attacks;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import io.github.prcv2021.core.Checks;

/**
 * Base type of the L∞ attacks: an untargeted attack that, given a classifier, inputs {@code x} and their
 * labels, returns {@code x'} in the feasible set
 * {@code S(x) = {x' : ‖x' − x‖∞ ≤ ε, min ≤ x' ≤ max}} (the ε-ball intersected with the valid pixel
 * range). {@link #perturb} always projects the member's output onto {@code S(x)}, so every member
 * honours the constraint whatever its update rule.
 *
 * <p>Work happens batch-wise in an {@link NDScope}: the intermediate arrays of all iterations are freed
 * when {@code perturb} returns; only the result survives, owned by {@code x}'s manager and detached
 * from autograd.
 */
public abstract class LinfAttack {

    /** The L∞ radius ε. */
    protected final float epsilon;
    /** Lower end of the valid pixel range. */
    protected final float min;
    /** Upper end of the valid pixel range. */
    protected final float max;
    /** The objective maximised. */
    protected final AttackLoss loss;

    /** Builds the common settings from a builder. */
    protected LinfAttack(BaseBuilder<?> b) {
        Checks.check(b.epsilon != null, getClass().getSimpleName(), "setEpsilon(ε) to be called", "no ε");
        this.epsilon = (float) Checks.nonNegative(b.epsilon, getClass().getSimpleName(), "epsilon");
        Checks.check(b.max > b.min, getClass().getSimpleName(), "a pixel range with min < max",
                "[" + b.min + ", " + b.max + "]");
        this.min = b.min;
        this.max = b.max;
        this.loss = b.loss;
    }

    /** The L∞ radius ε. */
    public float getEpsilon() {
        return epsilon;
    }

    /**
     * Attacks a batch.
     *
     * @param target the classifier
     * @param x clean inputs (N, ...) inside the pixel range; not modified
     * @param labels true class indices (N)
     * @return adversarial inputs in {@code S(x)}, same shape as {@code x}, owned by {@code x}'s manager
     */
    public final NDArray perturb(AttackTarget target, NDArray x, NDArray labels) {
        String who = getClass().getSimpleName() + ".perturb";
        Checks.notNull(target, who, "target");
        Checks.floating(x, who, "x");
        Checks.check(x.getShape().dimension() >= 2, who, "x of shape (N, ...)", x.getShape());
        Checks.check(labels.size() == x.getShape().get(0), who, "one label per input (" + x.getShape().get(0)
                + ")", labels.size() + " labels");
        try (NDScope scope = new NDScope()) {
            float lo = x.min().getFloat();
            float hi = x.max().getFloat();
            Checks.check(lo >= min - 1e-6f && hi <= max + 1e-6f, who, "x inside the pixel range [" + min + ", "
                    + max + "]", "values in [" + lo + ", " + hi + "]");
            NDArray adv;
            if (epsilon == 0) {
                adv = x.duplicate();
            } else {
                NDArray raw = attack(target, x, labels);
                adv = project(raw, x);
                release(raw, x);
            }
            NDScope.unregister(adv);
            return adv;
        }
    }

    /**
     * The member's update rule; its result is projected onto {@code S(x)} by {@link #perturb}. Members
     * that iterate run each iteration in its own {@link NDScope} and pass the arrays they carry to the
     * next iteration through {@link #carry}, so memory stays flat however many steps they take.
     */
    protected abstract NDArray attack(AttackTarget target, NDArray x, NDArray labels);

    /**
     * Keeps {@code next} alive beyond the current iteration's scope and frees {@code previous}, the
     * value it replaces (unless that is the caller's input {@code x} or {@code next} itself).
     *
     * @return {@code next}
     */
    protected static NDArray carry(NDArray previous, NDArray next, NDArray x) {
        if (next != null && next != x) {
            NDScope.unregister(next);
        }
        if (previous != next) {
            release(previous, x);
        }
        return next;
    }

    /** Closes {@code array} unless it is null or the caller's input. */
    protected static void release(NDArray array, NDArray x) {
        if (array != null && array != x) {
            array.close();
        }
    }

    /** Projection onto {@code S(x)}: clip to {@code [x − ε, x + ε]}, then to the pixel range. */
    public NDArray project(NDArray candidate, NDArray x) {
        return candidate.minimum(x.add(epsilon)).maximum(x.sub(epsilon)).clip(min, max);
    }

    /** The shape (N, 1, ..., 1) that broadcasts one value per example over an array shaped like {@code x}. */
    protected static long[] perExampleShape(NDArray x) {
        long[] s = new long[x.getShape().dimension()];
        java.util.Arrays.fill(s, 1);
        s[0] = x.getShape().get(0);
        return s;
    }

    /** A uniform random start {@code x + U[−ε, ε]}, projected onto {@code S(x)}. */
    protected NDArray uniformStart(NDArray x) {
        NDArray noise = x.getManager().randomUniform(-epsilon, epsilon, x.getShape(), x.getDataType(), x.getDevice());
        return project(x.add(noise), x);
    }

    /** Common builder settings of the L∞ attacks. */
    @SuppressWarnings("unchecked")
    public abstract static class BaseBuilder<T extends BaseBuilder<T>> {
        Float epsilon;
        float min = 0f;
        float max = 1f;
        AttackLoss loss = AttackLoss.CROSS_ENTROPY;

        /** The L∞ radius ε (required), on the scale of the pixel range. */
        public T setEpsilon(float epsilon) {
            this.epsilon = epsilon;
            return (T) this;
        }

        /** The valid pixel range; default [0, 1]. */
        public T optPixelRange(float min, float max) {
            this.min = min;
            this.max = max;
            return (T) this;
        }

        /** The objective; default {@link AttackLoss#CROSS_ENTROPY}. */
        public T optLoss(AttackLoss loss) {
            this.loss = Checks.notNull(loss, "LinfAttack.Builder", "loss");
            return (T) this;
        }

        /** The ε set so far, for members whose defaults depend on it. */
        protected float epsilonOrFail() {
            if (epsilon == null) {
                throw new IllegalArgumentException("the attack expects setEpsilon(ε) before build(), got no ε");
            }
            return epsilon;
        }
    }
}

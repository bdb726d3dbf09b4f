package io.github.prcv2021.attacks;

import ai.djl.ndarray.NDArray;
import io.github.prcv2021.core.Checks;

/**
 * The fast gradient sign method (Goodfellow et al. 2015; FGSMPR paper Eq. 2):
 * {@code x' = Π_S(x₀ + α · sign(∇_x J(x₀, y)))} with {@code x₀ = x} and {@code α = ε} by default.
 * With {@link Builder#optRandomStart} it is Wong et al.'s FAST-FGSM: {@code x₀ = x + U[−ε, ε]} and
 * {@code α = 1.25ε}.
 */
public final class Fgsm extends LinfAttack {

    private final float step;
    private final boolean randomStart;

    private Fgsm(Builder b) {
        super(b);
        this.step = b.step == null ? epsilon : (float) Checks.positive(b.step, "Fgsm", "step");
        this.randomStart = b.randomStart;
    }

    /** A builder; {@code setEpsilon} is required. */
    public static Builder builder() {
        return new Builder();
    }

    /** FAST-FGSM (Wong et al. 2020): uniform random start, step 1.25ε. */
    public static Fgsm fast(float epsilon) {
        return builder().setEpsilon(epsilon).optRandomStart(true).optStep(1.25f * epsilon).build();
    }

    /** The step size α. */
    public float getStep() {
        return step;
    }

    /** Whether the attack starts at a uniform random point of the ε-ball. */
    public boolean isRandomStart() {
        return randomStart;
    }

    @Override
    protected NDArray attack(AttackTarget target, NDArray x, NDArray labels) {
        NDArray start = randomStart ? uniformStart(x) : x;
        NDArray g = target.inputGradient(start, labels, loss, null);
        return start.add(g.sign().mul(step));
    }

    /** Builder of {@link Fgsm}. */
    public static final class Builder extends BaseBuilder<Builder> {
        Float step;
        boolean randomStart;

        /** The step α; default ε (1.25ε is FAST-FGSM's). */
        public Builder optStep(float step) {
            this.step = step;
            return this;
        }

        /** Start from {@code x + U[−ε, ε]}; default false. */
        public Builder optRandomStart(boolean randomStart) {
            this.randomStart = randomStart;
            return this;
        }

        /** Builds the attack. */
        public Fgsm build() {
            epsilonOrFail();
            return new Fgsm(this);
        }
    }
}

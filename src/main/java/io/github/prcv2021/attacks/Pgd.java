package io.github.prcv2021.attacks;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import io.github.prcv2021.core.Checks;

/**
 * Projected gradient descent on the negative loss (Madry et al. 2018; FGSMPR paper Eq. 3 and
 * Algorithm 1 lines 7-10): {@code x_{k+1} = Π_S(x_k + α · sign(∇_x J(x_k, y)))} for {@code K} steps from
 * {@code x₀ = x} or, with a random start, {@code x₀ = x + U[−ε, ε]}.
 *
 * <p>With {@code R > 1} restarts (each from a fresh random start) an example counts as robust only if
 * it survives every restart: the attack returns, per example, the first restart's result that is
 * misclassified, or the last restart's result if none is (the PGD-K-R evaluation of the FGSMPR paper,
 * Sect. 4.1). Restarts stop early once every example is misclassified.
 */
public final class Pgd extends LinfAttack {

    private final int steps;
    private final float step;
    private final boolean randomStart;
    private final int restarts;

    private Pgd(Builder b) {
        super(b);
        this.steps = Checks.positive(b.steps, "Pgd", "steps");
        this.step = b.step == null ? 2.5f * epsilon / steps : (float) Checks.positive(b.step, "Pgd", "step");
        this.randomStart = b.randomStart;
        this.restarts = Checks.positive(b.restarts, "Pgd", "restarts");
        Checks.check(restarts == 1 || randomStart, "Pgd", "a random start when restarts > 1 (deterministic "
                + "restarts would repeat the same attack)", restarts + " restarts without random start");
    }

    /** A builder; {@code setEpsilon} and {@code setSteps} are required. */
    public static Builder builder() {
        return new Builder();
    }

    /** The number of steps K. */
    public int getSteps() {
        return steps;
    }

    /** The step size α. */
    public float getStep() {
        return step;
    }

    /** The number of restarts R. */
    public int getRestarts() {
        return restarts;
    }

    /** Whether each restart begins at a uniform random point of the ε-ball. */
    public boolean isRandomStart() {
        return randomStart;
    }

    @Override
    protected NDArray attack(AttackTarget target, NDArray x, NDArray labels) {
        if (restarts == 1) {
            return run(target, x, labels);
        }
        // Restart r attacks only the examples that every earlier restart failed to misclassify; the
        // result keeps, per example, the first misclassified point found (or the last restart's).
        long n = x.getShape().get(0);
        NDArray best = null;
        long[] open = new long[(int) n];
        for (int i = 0; i < n; i++) {
            open[i] = i;
        }
        for (int r = 0; r < restarts && open.length > 0; r++) {
            try (NDScope scope = new NDScope()) {
                NDArray idx = x.getManager().create(open);
                boolean all = open.length == n;
                NDArray xs = all ? x : x.get(new NDIndex("{}", idx));
                NDArray ys = all ? labels : labels.get(new NDIndex("{}", idx));
                NDArray adv = run(target, xs, ys);
                boolean[] wrong = target.logits(adv).argMax(1).toType(DataType.INT64, false)
                        .neq(ys.toType(DataType.INT64, false)).toBooleanArray();
                NDArray next = best == null ? adv.duplicate() : best.duplicate();
                if (best != null) {
                    next.set(new NDIndex("{}", idx), adv);
                }
                best = carry(best, next, x);
                release(adv, xs);
                int still = 0;
                for (boolean w : wrong) {
                    still += w ? 0 : 1;
                }
                long[] remaining = new long[still];
                for (int i = 0, k = 0; i < wrong.length; i++) {
                    if (!wrong[i]) {
                        remaining[k++] = open[i];
                    }
                }
                open = remaining;
            }
        }
        return best;
    }

    /** One PGD run from a (random) start, each step in its own scope. */
    private NDArray run(AttackTarget target, NDArray x, NDArray labels) {
        NDArray adv = randomStart ? carry(null, uniformStart(x), x) : x;
        for (int k = 0; k < steps; k++) {
            try (NDScope scope = new NDScope()) {
                NDArray g = target.inputGradient(adv, labels, loss, null);
                adv = carry(adv, project(adv.add(g.sign().mul(step)), x), x);
            }
        }
        return adv;
    }

    /** Builder of {@link Pgd}. */
    public static final class Builder extends BaseBuilder<Builder> {
        int steps;
        Float step;
        boolean randomStart = true;
        int restarts = 1;

        /** The number of steps K (required). */
        public Builder setSteps(int steps) {
            this.steps = steps;
            return this;
        }

        /** The step α; default {@code 2.5 ε / K} (Madry et al.). FGSMPR trains with ε/K and evaluates with 0.1 on MNIST. */
        public Builder optStep(float step) {
            this.step = step;
            return this;
        }

        /** Start each restart from {@code x + U[−ε, ε]}; default true. FGSMPR's training PGD starts at x. */
        public Builder optRandomStart(boolean randomStart) {
            this.randomStart = randomStart;
            return this;
        }

        /** The number of restarts R; default 1. */
        public Builder optRestarts(int restarts) {
            this.restarts = restarts;
            return this;
        }

        /** Builds the attack. */
        public Pgd build() {
            epsilonOrFail();
            return new Pgd(this);
        }
    }
}

package io.github.prcv2021.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.util.Pair;
import io.github.prcv2021.core.Checks;
import io.github.prcv2021.core.Gradients;
import java.util.function.BiFunction;
import java.util.function.Consumer;

/**
 * The alternating generator/discriminator update every GAN of the library trains with. Two DJL
 * {@link Trainer}s hold the two players (each its own block, optimizer and learning rate). Every call of
 * {@link #step} makes one discriminator (critic) update on a real batch and fresh fakes, and every
 * {@code n}-th call also one generator update (WGAN's {@code n_critic}; 1 for the classic GAN). What the
 * players minimise is an {@link Objective}: the non-saturating GAN (Goodfellow et al. 2014), the
 * Wasserstein critic (Arjovsky et al. 2017) or a paper's own (QR-GAN's quantile critic). A hook after each
 * discriminator update applies constraints such as WGAN's weight clipping.
 *
 * <p>Fakes are detached for the discriminator update; the generator update back-propagates through the
 * discriminator, and the gradients that leaves on the discriminator's parameters are zeroed before its
 * next update, so neither player is ever moved by the other's objective. Arrays of one step live in a
 * sub-manager of the real batch's manager, closed before {@code step} returns.
 */
public final class GanStep {

    /** The two losses to minimise, from the discriminator's scores (logits or critic values, (N, ...)). */
    public interface Objective {
        /** The discriminator's loss on real and (detached) fake scores. */
        NDArray discriminator(NDArray realScores, NDArray fakeScores);

        /** The generator's loss on the scores of its fakes. */
        NDArray generator(NDArray fakeScores);
    }

    /**
     * The non-saturating GAN on logits: the discriminator minimises
     * {@code mean softplus(−D(x)) + mean softplus(D(G(z)))} (binary cross-entropy with real = 1, fake = 0),
     * the generator {@code mean softplus(−D(G(z)))}, i.e. {@code −log σ(D(G(z)))}.
     */
    public static Objective nonSaturating() {
        return new Objective() {
            @Override
            public NDArray discriminator(NDArray real, NDArray fake) {
                return softplus(real.neg()).mean().add(softplus(fake).mean());
            }

            @Override
            public NDArray generator(NDArray fake) {
                return softplus(fake.neg()).mean();
            }
        };
    }

    /**
     * The Wasserstein critic: the critic minimises {@code mean D(G(z)) − mean D(x)}, the generator
     * {@code −mean D(G(z))} (Arjovsky et al., Algorithm 1; pair it with {@link #clipWeights}).
     */
    public static Objective wasserstein() {
        return new Objective() {
            @Override
            public NDArray discriminator(NDArray real, NDArray fake) {
                return fake.mean().sub(real.mean());
            }

            @Override
            public NDArray generator(NDArray fake) {
                return fake.mean().neg();
            }
        };
    }

    /** A hook that clamps every parameter of the discriminator into {@code [−c, c]} (WGAN's clipping). */
    public static Consumer<Trainer> clipWeights(float c) {
        Checks.positive(c, "GanStep.clipWeights", "c");
        return trainer -> {
            for (Pair<String, Parameter> p : trainer.getModel().getBlock().getParameters()) {
                NDArray a = p.getValue().getArray();
                try (NDArray clipped = a.clip(-c, c)) {
                    a.set(new NDIndex("..."), clipped);
                }
            }
        };
    }

    /** What one step did. {@code generatorLoss} is NaN when the step made no generator update. */
    public record Result(double discriminatorLoss, double generatorLoss, double meanRealScore, double meanFakeScore,
            boolean generatorUpdated) {}

    private final Trainer generator;
    private final Trainer discriminator;
    private final Objective objective;
    private final BiFunction<NDManager, Integer, NDArray> noise;
    private final int discriminatorSteps;
    private final Consumer<Trainer> afterDiscriminatorUpdate;
    private long calls;

    private GanStep(Builder b) {
        this.generator = b.generator;
        this.discriminator = b.discriminator;
        this.objective = b.objective;
        this.noise = b.noise;
        this.discriminatorSteps = b.discriminatorSteps;
        this.afterDiscriminatorUpdate = b.afterDiscriminatorUpdate;
    }

    /** A builder; the two trainers and the latent shape (or a noise source) are required. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * One discriminator update, and a generator update on every {@code n}-th call.
     *
     * @param real a batch of real examples, (N, ...)
     */
    public Result step(NDArray real) {
        Checks.notNull(real, "GanStep.step", "a real batch");
        long n = real.getShape().get(0);
        Checks.check(n >= 1, "GanStep.step", "a non-empty batch", real.getShape());
        calls++;
        boolean updateGenerator = calls % discriminatorSteps == 0;
        try (NDManager sub = real.getManager().newSubManager()) {
            double dLoss;
            double realScore;
            double fakeScore;
            NDArray z = latent(sub, (int) n);
            NDArray fake = generator.forward(new NDList(z)).singletonOrThrow().stopGradient();
            fake.attach(sub);
            try (GradientCollector gc = discriminator.newGradientCollector()) {
                Gradients.zero(discriminator.getModel().getBlock());
                NDArray r = scores(real, sub);
                NDArray f = scores(fake, sub);
                NDArray loss = objective.discriminator(r, f);
                gc.backward(loss);
                dLoss = loss.getFloat();
                realScore = r.mean().getFloat();
                fakeScore = f.mean().getFloat();
            }
            discriminator.step();
            if (afterDiscriminatorUpdate != null) {
                afterDiscriminatorUpdate.accept(discriminator);
            }
            double gLoss = Double.NaN;
            if (updateGenerator) {
                NDArray z2 = latent(sub, (int) n);
                try (GradientCollector gc = generator.newGradientCollector()) {
                    Gradients.zero(generator.getModel().getBlock());
                    NDArray f = generator.forward(new NDList(z2)).singletonOrThrow();
                    f.attach(sub);
                    NDArray loss = objective.generator(scores(f, sub));
                    gc.backward(loss);
                    gLoss = loss.getFloat();
                }
                generator.step();
            }
            return new Result(dLoss, gLoss, realScore, fakeScore, updateGenerator);
        }
    }

    /** {@code n} samples of the generator in inference mode, owned by {@code manager}. */
    public NDArray sample(NDManager manager, int n) {
        Checks.positive(n, "GanStep.sample", "n");
        try (NDManager sub = manager.newSubManager()) {
            NDArray z = latent(sub, n);
            NDArray x = generator.evaluate(new NDList(z)).singletonOrThrow();
            x.attach(manager);
            return x;
        }
    }

    /** The number of {@link #step} calls so far. */
    public long calls() {
        return calls;
    }

    private NDArray latent(NDManager sub, int n) {
        NDArray z = noise.apply(sub, n);
        Checks.check(z.getShape().get(0) == n, "GanStep", "a noise batch of " + n + " rows", z.getShape());
        return z;
    }

    private NDArray scores(NDArray x, NDManager sub) {
        NDArray s = discriminator.forward(new NDList(x)).singletonOrThrow();
        s.attach(sub);
        return s;
    }

    private static NDArray softplus(NDArray x) {
        // log(1 + e^x) = max(x, 0) + log(1 + e^{−|x|}), stable for large |x|
        return x.maximum(0).add(x.abs().neg().exp().add(1).log());
    }

    /** Builder for {@link GanStep}. */
    public static final class Builder {
        private Trainer generator;
        private Trainer discriminator;
        private Objective objective = nonSaturating();
        private BiFunction<NDManager, Integer, NDArray> noise;
        private int discriminatorSteps = 1;
        private Consumer<Trainer> afterDiscriminatorUpdate;

        private Builder() {}

        /** The generator's trainer: its block maps noise (N, ...) to fakes shaped like the real batch. */
        public Builder setGenerator(Trainer generator) {
            this.generator = Checks.notNull(generator, "GanStep", "a generator trainer");
            return this;
        }

        /** The discriminator's trainer: its block maps examples to scores (N, ...). */
        public Builder setDiscriminator(Trainer discriminator) {
            this.discriminator = Checks.notNull(discriminator, "GanStep", "a discriminator trainer");
            return this;
        }

        /** Standard normal noise of shape (N, latent...) from the engine's generator. */
        public Builder setLatentShape(Shape latent) {
            Checks.check(latent != null && latent.dimension() >= 1, "GanStep", "a latent shape", latent);
            this.noise = (m, n) -> m.randomNormal(new Shape(n).addAll(latent), DataType.FLOAT32);
            return this;
        }

        /** A custom noise source {@code (manager, n) -> (n, ...)}. */
        public Builder setNoise(BiFunction<NDManager, Integer, NDArray> noise) {
            this.noise = Checks.notNull(noise, "GanStep", "a noise source");
            return this;
        }

        /** What the players minimise (default {@link #nonSaturating()}). */
        public Builder optObjective(Objective objective) {
            this.objective = Checks.notNull(objective, "GanStep", "an objective");
            return this;
        }

        /** Discriminator updates per generator update, WGAN's n_critic (default 1). */
        public Builder optDiscriminatorSteps(int n) {
            this.discriminatorSteps = Checks.positive(n, "GanStep", "discriminator steps");
            return this;
        }

        /** A hook after each discriminator update, e.g. {@link #clipWeights}. */
        public Builder optAfterDiscriminatorUpdate(Consumer<Trainer> hook) {
            this.afterDiscriminatorUpdate = hook;
            return this;
        }

        /** Builds the step. */
        public GanStep build() {
            Checks.check(generator != null, "GanStep", "setGenerator(...)", "no generator");
            Checks.check(discriminator != null, "GanStep", "setDiscriminator(...)", "no discriminator");
            Checks.check(noise != null, "GanStep", "setLatentShape(...) or setNoise(...)", "no noise source");
            Checks.check(generator != discriminator, "GanStep", "two different trainers", "the same trainer twice");
            return new GanStep(this);
        }
    }
}

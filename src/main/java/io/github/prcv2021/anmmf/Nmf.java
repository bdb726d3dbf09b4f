package io.github.prcv2021.anmmf;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.github.prcv2021.core.Checks;
import java.util.Random;

/**
 * Non-negative matrix factorisation {@code X ≈ U Vᵀ} (X: D×n, samples as columns; U: D×m; V: n×m) by
 * Lee and Seung's multiplicative updates for the squared Frobenius loss,
 * {@code U ← U ⊙ (X V) ⊘ (U VᵀV)} and {@code V ← V ⊙ (Xᵀ U) ⊘ (V UᵀU)}: the NMF baseline of the paper
 * and the initialisation of every ANMMF attribute (Algorithm 1, step 2). Starts from uniform random
 * factors scaled by {@code √(mean(X)/m)} (scikit-learn's "random" initialisation), seeded.
 */
public final class Nmf {

    private static final double EPS = 1e-10;

    private final int rank;
    private final int iterations;
    private final long seed;

    private Nmf(Builder b) {
        this.rank = Checks.positive(b.rank, "Nmf", "rank");
        this.iterations = (int) Checks.nonNegative(b.iterations, "Nmf", "iterations");
        this.seed = b.seed;
    }

    /** A builder; {@code setRank} is required. */
    public static Builder builder() {
        return new Builder();
    }

    /** The factors, float64, owned by the input's manager. */
    public record Factors(NDArray u, NDArray v) implements AutoCloseable {
        @Override
        public void close() {
            u.close();
            v.close();
        }
    }

    /**
     * Factorises X.
     *
     * @param x (D, n), non-negative
     * @return U (D, m) and V (n, m)
     */
    public Factors fit(NDArray x) {
        String who = "Nmf.fit";
        Checks.rank(x, 2, who, "X of shape (D, n)");
        int d = (int) x.getShape().get(0);
        int n = (int) x.getShape().get(1);
        NDManager owner = x.getManager();
        try (NDManager work = owner.newSubManager()) {
            NDArray x64 = x.toType(DataType.FLOAT64, true);
            x64.attach(work);
            double min = x64.min().getDouble();
            Checks.check(min >= 0, who, "non-negative X", "a minimum of " + min);
            double scale = Math.sqrt(x64.mean().getDouble() / rank);
            Random random = new Random(seed);
            NDArray u = work.create(uniform(random, d * rank, scale), new Shape(d, rank));
            NDArray v = work.create(uniform(random, n * rank, scale), new Shape(n, rank));
            for (int t = 0; t < iterations; t++) {
                NDArray uOld = u;
                NDArray vOld = v;
                try (NDManager step = work.newSubManager()) {
                    step.tempAttachAll(x64, u, v);
                    NDArray uNew = u.mul(x64.matMul(v)).div(u.matMul(v.transpose().matMul(v)).add(EPS));
                    NDArray vNew = v.mul(x64.transpose().matMul(uNew)).div(v.matMul(uNew.transpose().matMul(uNew)).add(EPS));
                    uNew.attach(work);
                    vNew.attach(work);
                    u = uNew;
                    v = vNew;
                }
                uOld.close();
                vOld.close();
            }
            u.attach(owner);
            v.attach(owner);
            return new Factors(u, v);
        }
    }

    private static double[] uniform(Random random, int size, double scale) {
        double[] a = new double[size];
        for (int i = 0; i < size; i++) {
            a[i] = random.nextDouble() * scale;
        }
        return a;
    }

    /** Builder of {@link Nmf}. */
    public static final class Builder {
        int rank;
        int iterations = 100;
        long seed;

        /** m (required). */
        public Builder setRank(int rank) {
            this.rank = rank;
            return this;
        }

        /** Multiplicative-update iterations; default 100. */
        public Builder optIterations(int iterations) {
            this.iterations = iterations;
            return this;
        }

        /** Seed of the random start; default 0. */
        public Builder optSeed(long seed) {
            this.seed = seed;
            return this;
        }

        /** Builds the factoriser. */
        public Nmf build() {
            return new Nmf(this);
        }
    }
}

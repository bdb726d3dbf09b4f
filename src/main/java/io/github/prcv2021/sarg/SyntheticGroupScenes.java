package io.github.prcv2021.sarg;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.dataset.ArrayDataset;
import io.github.prcv2021.core.Checks;
import io.github.prcv2021.core.Seeds;
import java.util.Random;

/**
 * Synthetic group scenes that stand in for Volleyball and Collective Activity, which cannot be had offline.
 * A fixed "world" (seeded) holds C class prototypes {@code p_c}, an "active" marker and a "standing" vector,
 * all standard normal in R^f. A scene of class g has N actors in random order:
 *
 * <ul>
 *   <li>K key actors within ±0.05 of a random centre in [0.1, 0.9]², features {@code p_g + active + σ ε},
 *       action label g;
 *   <li>N − K distractors at uniform positions in [0, 1]², features {@code standing + b · p_c' + σ ε} with
 *       c' a random class (decoys), action label C ("standing").
 * </ul>
 *
 * Only the key actors carry the label; the distractors' decoy classes are independent of it.
 */
public final class SyntheticGroupScenes {

    private final int numActors;
    private final int numKeyActors;
    private final int numClasses;
    private final int featureDim;
    private final float decoyWeight;
    private final float noise;
    private final float[][] prototypes;
    private final float[] active;
    private final float[] standing;

    /** The generated scenes, row-major. */
    public record Scenes(int count, int numActors, int featureDim, float[] features, float[] centres, float[] groups,
            float[] actions, boolean[] key) {

        /** Features (S, N, f) on {@code manager}. */
        public NDArray featuresArray(NDManager manager) {
            return manager.create(features, new Shape(count, numActors, featureDim));
        }

        /** Centres (S, N, 2). */
        public NDArray centresArray(NDManager manager) {
            return manager.create(centres, new Shape(count, numActors, 2));
        }

        /** As a DJL dataset: data {@code (features, centres)}, labels {@code (group, actions)}. */
        public ArrayDataset toDataset(NDManager manager, int batchSize, boolean shuffle) {
            return new ArrayDataset.Builder().setData(featuresArray(manager), centresArray(manager))
                    .optLabels(manager.create(groups, new Shape(count)), manager.create(actions, new Shape(count, numActors)))
                    .setSampling(batchSize, shuffle).build();
        }
    }

    private SyntheticGroupScenes(Builder b) {
        numActors = b.numActors;
        numKeyActors = b.numKeyActors;
        numClasses = b.numClasses;
        featureDim = b.featureDim;
        decoyWeight = b.decoyWeight;
        noise = b.noise;
        Random r = new Random(b.seed);
        prototypes = new float[numClasses][];
        for (int c = 0; c < numClasses; c++) {
            prototypes[c] = gaussian(r, featureDim);
        }
        active = gaussian(r, featureDim);
        standing = gaussian(r, featureDim);
    }

    /** A builder. */
    public static Builder builder() {
        return new Builder();
    }

    private static float[] gaussian(Random r, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) r.nextGaussian();
        }
        return v;
    }

    /** The class prototype p_c (a copy). */
    public float[] prototype(int c) {
        return prototypes[c].clone();
    }

    /** The "active" marker shared by key actors (a copy). */
    public float[] activeMarker() {
        return active.clone();
    }

    /** The "standing" vector shared by distractors (a copy). */
    public float[] standingVector() {
        return standing.clone();
    }

    /** C + 1 individual actions: the C group classes and "standing". */
    public int numActions() {
        return numClasses + 1;
    }

    /** C, the group classes. */
    public int numClasses() {
        return numClasses;
    }

    /** Generates {@code count} scenes from {@code seed}; classes are balanced in expectation. */
    public Scenes generate(int count, long seed) {
        Checks.positive(count, "SyntheticGroupScenes.generate", "count");
        Random r = new Random(seed);
        int n = numActors;
        int f = featureDim;
        float[] feats = new float[count * n * f];
        float[] centres = new float[count * n * 2];
        float[] groups = new float[count];
        float[] actions = new float[count * n];
        boolean[] key = new boolean[count * n];
        for (int s = 0; s < count; s++) {
            int g = r.nextInt(numClasses);
            groups[s] = g;
            int[] order = Seeds.permutation(n, r);
            double cx = 0.1 + 0.8 * r.nextDouble();
            double cy = 0.1 + 0.8 * r.nextDouble();
            for (int a = 0; a < n; a++) {
                int slot = s * n + order[a];
                boolean isKey = a < numKeyActors;
                key[slot] = isKey;
                int off = slot * f;
                if (isKey) {
                    centres[slot * 2] = (float) (cx + 0.1 * (r.nextDouble() - 0.5));
                    centres[slot * 2 + 1] = (float) (cy + 0.1 * (r.nextDouble() - 0.5));
                    actions[slot] = g;
                    for (int k = 0; k < f; k++) {
                        feats[off + k] = prototypes[g][k] + active[k] + noise * (float) r.nextGaussian();
                    }
                } else {
                    centres[slot * 2] = (float) r.nextDouble();
                    centres[slot * 2 + 1] = (float) r.nextDouble();
                    actions[slot] = numClasses;
                    int decoy = r.nextInt(numClasses);
                    for (int k = 0; k < f; k++) {
                        feats[off + k] = standing[k] + decoyWeight * prototypes[decoy][k] + noise * (float) r.nextGaussian();
                    }
                }
            }
        }
        return new Scenes(count, n, f, feats, centres, groups, actions, key);
    }

    /** The builder. */
    public static final class Builder {
        private int numActors = 12;
        private int numKeyActors = 3;
        private int numClasses = 5;
        private int featureDim = 64;
        private float decoyWeight = 2f;
        private float noise = 5f;
        private long seed;

        private Builder() {}

        /** N, actors per scene (default 12, as Volleyball). */
        public Builder optNumActors(int n) {
            this.numActors = Checks.positive(n, "SyntheticGroupScenes", "numActors");
            return this;
        }

        /** K, key actors per scene (default 3). */
        public Builder optNumKeyActors(int k) {
            this.numKeyActors = Checks.positive(k, "SyntheticGroupScenes", "numKeyActors");
            return this;
        }

        /** C, group classes (default 5, as Collective Activity). */
        public Builder optNumClasses(int c) {
            this.numClasses = Checks.positive(c, "SyntheticGroupScenes", "numClasses");
            return this;
        }

        /** f, the feature width (default 64). */
        public Builder optFeatureDim(int f) {
            this.featureDim = Checks.positive(f, "SyntheticGroupScenes", "featureDim");
            return this;
        }

        /** b, the weight of the distractors' decoy prototype (default 2). */
        public Builder optDecoyWeight(float b) {
            this.decoyWeight = (float) Checks.nonNegative(b, "SyntheticGroupScenes", "decoyWeight");
            return this;
        }

        /** σ, the feature noise (default 5). */
        public Builder optNoise(float sigma) {
            this.noise = (float) Checks.nonNegative(sigma, "SyntheticGroupScenes", "noise");
            return this;
        }

        /** The world's seed (prototypes and marker vectors). */
        public Builder optSeed(long seed) {
            this.seed = seed;
            return this;
        }

        /** Builds the world. */
        public SyntheticGroupScenes build() {
            Checks.check(numKeyActors <= numActors, "SyntheticGroupScenes", "numKeyActors <= numActors = " + numActors,
                    numKeyActors);
            return new SyntheticGroupScenes(this);
        }
    }
}

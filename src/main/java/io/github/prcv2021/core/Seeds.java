package io.github.prcv2021.core;

import ai.djl.engine.Engine;
import ai.djl.util.RandomUtils;

/**
 * One seed for everything random in a run: the engine's generator (parameter initialisation,
 * dropout, {@code NDManager.random*}), DJL's Java-side {@link RandomUtils} (dataset shuffling) and
 * the caller's own {@link java.util.Random}s derived with {@link #derive(long, String)}.
 */
public final class Seeds {

    private Seeds() {}

    /** Seeds the engine and DJL's Java random generator. Runs on CPU are then repeatable. */
    public static void seedAll(long seed) {
        Engine.getInstance().setRandomSeed((int) (seed ^ (seed >>> 32)));
        RandomUtils.RANDOM.setSeed(seed);
    }

    /** A sub-seed for a named purpose, so that adding one random consumer does not shift the others. */
    public static long derive(long seed, String purpose) {
        long h = seed * 0x9E3779B97F4A7C15L;
        for (int i = 0; i < purpose.length(); i++) {
            h = (h ^ purpose.charAt(i)) * 0x100000001B3L;
        }
        return h ^ (h >>> 31);
    }

    /**
     * A uniformly random permutation of {@code 0 … n−1} (Fisher–Yates, drawing {@code nextInt(i + 1)} for
     * i = n−1 down to 1).
     */
    public static int[] permutation(int n, java.util.Random random) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }
}

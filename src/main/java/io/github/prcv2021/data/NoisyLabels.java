package io.github.prcv2021.data;

import java.util.Random;

/** TEMPORARY stand-in; replaced by the data package's NoisyLabels. */
public final class NoisyLabels {
    public enum Type {
        UNIFORM, PAIR_FLIP;

        public static Type parse(String s) {
            String t = s.trim().toLowerCase(java.util.Locale.ROOT);
            if (t.equals("uniform") || t.equals("symmetric")) {
                return UNIFORM;
            }
            if (t.equals("pairflip") || t.equals("pair-flip") || t.equals("class-dependent")) {
                return PAIR_FLIP;
            }
            throw new IllegalArgumentException("noiseType expects uniform or pairflip, got " + s);
        }
    }

    private final Type type;
    private final float eta;
    private final int k;
    private final long seed;

    public NoisyLabels(Type type, float eta, int k, long seed) {
        this.type = type;
        this.eta = eta;
        this.k = k;
        this.seed = seed;
    }

    public int[] apply(int[] labels) {
        Random r = new Random(seed);
        int[] out = labels.clone();
        for (int i = 0; i < out.length; i++) {
            if (r.nextDouble() < eta) {
                out[i] = type == Type.PAIR_FLIP ? (labels[i] + 1) % k : (labels[i] + 1 + r.nextInt(k - 1)) % k;
            }
        }
        return out;
    }
}

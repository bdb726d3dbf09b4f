package io.github.prcv2021.data;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.github.prcv2021.core.Checks;
import io.github.prcv2021.core.Seeds;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Random;

/**
 * Synthetic label noise, drawn once and reproducibly from a seed, as in the noisy-label experiments
 * of the literature (e.g. ICCE, paper 07): every label is flipped independently with probability
 * {@code eta}.
 *
 * <ul>
 *   <li>{@link Mode#UNIFORM} (symmetric noise): a flipped label moves to one of the <em>other</em>
 *       {@code K - 1} classes, uniformly. The noise transition matrix has {@code 1 - eta} on the
 *       diagonal and {@code eta / (K - 1)} elsewhere.
 *   <li>{@link Mode#PAIR_FLIP} (asymmetric noise): a flipped label of class {@code i} becomes
 *       {@code (i + 1) mod K}.
 * </ul>
 *
 * <p>The draw uses two generators derived from the seed ({@link Seeds#derive}): one decides which
 * items flip (item {@code i} flips when its uniform draw {@code u_i < eta}), the other picks the new
 * class. So for one seed the flipped set does not depend on the mode, and the sets for growing
 * {@code eta} are nested. The clean labels are kept; the object is immutable.
 *
 * <pre>{@code
 * IdxData train = Datasets.mnistData(Usage.TRAIN);
 * NoisyLabels noise = NoisyLabels.corrupt(train.labels(), 10, NoisyLabels.Mode.UNIFORM, 0.4, 42);
 * IdxData noisyTrain = noise.applyTo(train);   // same pixels, noisy labels
 * }</pre>
 */
public final class NoisyLabels {

    /** How a flipped label is chosen. */
    public enum Mode {
        /** To one of the other {@code K - 1} classes, uniformly (symmetric noise). */
        UNIFORM,
        /** Class {@code i} to class {@code (i + 1) mod K} (pair flip, asymmetric noise). */
        PAIR_FLIP
    }

    private final int[] clean;
    private final int[] noisy;
    private final BitSet flipped;
    private final int numClasses;
    private final Mode mode;
    private final double eta;
    private final long seed;

    private NoisyLabels(int[] clean, int[] noisy, BitSet flipped, int numClasses, Mode mode, double eta, long seed) {
        this.clean = clean;
        this.noisy = noisy;
        this.flipped = flipped;
        this.numClasses = numClasses;
        this.mode = mode;
        this.eta = eta;
        this.seed = seed;
    }

    /**
     * Corrupts a copy of {@code labels}.
     *
     * @param labels clean labels in [0, numClasses), at least one; not modified
     * @param numClasses K, at least 2
     * @param mode how a flipped label is chosen
     * @param eta the probability that a label flips, in [0, 1)
     * @param seed the seed of the draw; the same seed gives the same noisy labels
     * @throws IllegalArgumentException for a bad argument, naming the expected and the actual value
     */
    public static NoisyLabels corrupt(int[] labels, int numClasses, Mode mode, double eta, long seed) {
        String who = "NoisyLabels";
        Checks.notNull(labels, who, "labels");
        Checks.notNull(mode, who, "a mode (UNIFORM or PAIR_FLIP)");
        Checks.check(labels.length > 0, who, "at least one label", "none");
        Checks.check(numClasses >= 2, who, "numClasses >= 2", numClasses);
        Checks.check(eta >= 0 && eta < 1, who, "eta in [0, 1)", eta);
        IdxData.checkLabels(labels, numClasses, who);

        int[] clean = labels.clone();
        int[] noisy = labels.clone();
        BitSet flipped = new BitSet(labels.length);
        Random flip = new Random(Seeds.derive(seed, "NoisyLabels.flip"));
        Random target = new Random(Seeds.derive(seed, "NoisyLabels.target"));
        for (int i = 0; i < clean.length; i++) {
            if (flip.nextDouble() < eta) {
                int y = clean[i];
                int z;
                if (mode == Mode.UNIFORM) {
                    z = target.nextInt(numClasses - 1);
                    if (z >= y) {
                        z++; // skip the true class
                    }
                } else {
                    z = (y + 1) % numClasses;
                }
                noisy[i] = z;
                flipped.set(i);
            }
        }
        return new NoisyLabels(clean, noisy, flipped, numClasses, mode, eta, seed);
    }

    /** The noisy labels; a copy. */
    public int[] labels() {
        return noisy.clone();
    }

    /** The clean labels as given; a copy. */
    public int[] cleanLabels() {
        return clean.clone();
    }

    /** The noisy label of item {@code i}. */
    public int label(int i) {
        checkIndex(i);
        return noisy[i];
    }

    /** Whether item {@code i} was flipped (its noisy label differs from its clean one). */
    public boolean isFlipped(int i) {
        checkIndex(i);
        return flipped.get(i);
    }

    /** The indices of the flipped items, in increasing order. */
    public int[] flippedIndices() {
        return flipped.stream().toArray();
    }

    /** How many items were flipped. */
    public int flippedCount() {
        return flipped.cardinality();
    }

    /** The realised noise rate: flipped items over all items. */
    public double actualRate() {
        return (double) flipped.cardinality() / clean.length;
    }

    /** The number of labels. */
    public int size() {
        return clean.length;
    }

    /** K. */
    public int numClasses() {
        return numClasses;
    }

    /** The noise mode. */
    public Mode mode() {
        return mode;
    }

    /** The flip probability asked for. */
    public double eta() {
        return eta;
    }

    /** The seed of the draw. */
    public long seed() {
        return seed;
    }

    /**
     * The noise transition matrix {@code T[i][j] = P(noisy = j | clean = i)} of the mode and
     * {@code eta} (the expected one, not the realised counts).
     */
    public double[][] transitionMatrix() {
        double[][] t = new double[numClasses][numClasses];
        for (int i = 0; i < numClasses; i++) {
            for (int j = 0; j < numClasses; j++) {
                if (i == j) {
                    t[i][j] = 1 - eta;
                } else if (mode == Mode.UNIFORM) {
                    t[i][j] = eta / (numClasses - 1);
                } else {
                    t[i][j] = j == (i + 1) % numClasses ? eta : 0;
                }
            }
        }
        return t;
    }

    /**
     * The same images with the noisy labels.
     *
     * @param data a data set whose labels are the clean labels given to {@link #corrupt}
     * @throws IllegalArgumentException if its labels are not those clean labels
     */
    public IdxData applyTo(IdxData data) {
        Checks.notNull(data, "NoisyLabels.applyTo", "data");
        checkSameLabels(data.labels(), data.numClasses(), data.name());
        return data.withLabels(noisy);
    }

    /**
     * The same rows with the noisy labels.
     *
     * @param data a table whose labels are the clean labels given to {@link #corrupt}
     * @throws IllegalArgumentException if its labels are not those clean labels
     */
    public TabularData applyTo(TabularData data) {
        Checks.notNull(data, "NoisyLabels.applyTo", "data");
        checkSameLabels(data.labels(), data.numClasses(), data.name());
        return data.withLabels(noisy);
    }

    /** The noisy labels as a float32 array of shape {@code (N)} on {@code manager} (DJL's label convention). */
    public NDArray labelsArray(NDManager manager) {
        Checks.notNull(manager, "NoisyLabels.labelsArray", "a manager");
        float[] y = new float[noisy.length];
        for (int i = 0; i < y.length; i++) {
            y[i] = noisy[i];
        }
        return manager.create(y);
    }

    @Override
    public String toString() {
        return String.format("NoisyLabels(%s, eta=%s, K=%d, seed=%d: %d of %d flipped, rate %.4f)", mode, eta,
                numClasses, seed, flippedCount(), clean.length, actualRate());
    }

    private void checkSameLabels(int[] labels, int k, String name) {
        Checks.check(k == numClasses, "NoisyLabels.applyTo", numClasses + " classes", k + " in " + name);
        Checks.check(Arrays.equals(labels, clean), "NoisyLabels.applyTo",
                "data whose labels are the " + clean.length + " clean labels the noise was drawn from",
                name + " with " + labels.length + " other labels");
    }

    private void checkIndex(int i) {
        Checks.check(i >= 0 && i < clean.length, "NoisyLabels", "an index in [0, " + clean.length + ")", i);
    }
}

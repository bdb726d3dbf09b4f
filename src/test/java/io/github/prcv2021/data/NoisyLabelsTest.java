package io.github.prcv2021.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import io.github.prcv2021.data.NoisyLabels.Mode;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class NoisyLabelsTest {

    private static final int N = 60_000;
    private static final int K = 10;

    /** 60,000 balanced labels 0..9. */
    private static int[] labels() {
        int[] y = new int[N];
        for (int i = 0; i < N; i++) {
            y[i] = i % K;
        }
        return y;
    }

    /** Five binomial standard deviations of a rate estimated from n trials. */
    private static double tolerance(double p, int n) {
        return 5 * Math.sqrt(p * (1 - p) / n);
    }

    @Test
    void realisedRateIsWithinBinomialToleranceOfEta() {
        for (Mode mode : Mode.values()) {
            for (double eta : new double[] {0.05, 0.2, 0.45, 0.8}) {
                NoisyLabels n = NoisyLabels.corrupt(labels(), K, mode, eta, 11);
                assertEquals(eta, n.actualRate(), tolerance(eta, N), mode + " eta " + eta);
            }
        }
    }

    @Test
    void uniformNeverKeepsTheClassOfAFlippedItemAndSpreadsOverTheOthers() {
        int[] clean = labels();
        NoisyLabels n = NoisyLabels.corrupt(clean, K, Mode.UNIFORM, 0.4, 5);
        int[] noisy = n.labels();
        long[][] moves = new long[K][K];
        for (int i : n.flippedIndices()) {
            assertNotEquals(clean[i], noisy[i], "flipped item " + i + " kept its class");
            moves[clean[i]][noisy[i]]++;
        }
        // each class sends its flips to the 9 others about equally: 2,400 flips / 9 per target
        for (int c = 0; c < K; c++) {
            long flips = Arrays.stream(moves[c]).sum();
            for (int t = 0; t < K; t++) {
                if (t == c) {
                    assertEquals(0, moves[c][t]);
                } else {
                    double p = 1.0 / (K - 1);
                    assertEquals(p, moves[c][t] / (double) flips, tolerance(p, (int) flips),
                            "share of class " + c + " flips going to " + t);
                }
            }
        }
    }

    @Test
    void pairFlipMapsClassIToIPlusOneModK() {
        int[] clean = labels();
        NoisyLabels n = NoisyLabels.corrupt(clean, K, Mode.PAIR_FLIP, 0.3, 5);
        int[] noisy = n.labels();
        for (int i = 0; i < N; i++) {
            if (n.isFlipped(i)) {
                assertEquals((clean[i] + 1) % K, noisy[i], "item " + i);
            } else {
                assertEquals(clean[i], noisy[i], "item " + i);
            }
        }
        int nine = Arrays.stream(n.flippedIndices()).filter(i -> clean[i] == 9).findFirst().orElseThrow();
        assertEquals(0, noisy[nine], "9 wraps to 0");
    }

    @Test
    void flippedIndicesAgreeWithTheLabelsAndTheRate() {
        int[] clean = labels();
        NoisyLabels n = NoisyLabels.corrupt(clean, K, Mode.UNIFORM, 0.25, 3);
        int[] noisy = n.labels();
        int differing = 0;
        for (int i = 0; i < N; i++) {
            boolean differs = clean[i] != noisy[i];
            assertEquals(differs, n.isFlipped(i), "item " + i);
            differing += differs ? 1 : 0;
        }
        assertEquals(differing, n.flippedIndices().length);
        assertEquals(differing, n.flippedCount());
        assertEquals(differing / (double) N, n.actualRate(), 0);
        int[] idx = n.flippedIndices();
        for (int k = 1; k < idx.length; k++) {
            assertTrue(idx[k - 1] < idx[k], "increasing");
        }
    }

    @Test
    void sameSeedGivesSameFlipsAndOtherSeedDiffers() {
        NoisyLabels a = NoisyLabels.corrupt(labels(), K, Mode.UNIFORM, 0.3, 42);
        NoisyLabels b = NoisyLabels.corrupt(labels(), K, Mode.UNIFORM, 0.3, 42);
        NoisyLabels c = NoisyLabels.corrupt(labels(), K, Mode.UNIFORM, 0.3, 43);
        assertArrayEquals(a.labels(), b.labels());
        assertArrayEquals(a.flippedIndices(), b.flippedIndices());
        assertFalse(Arrays.equals(a.flippedIndices(), c.flippedIndices()));
        assertFalse(Arrays.equals(a.labels(), c.labels()));
    }

    @Test
    void flippedSetsAreNestedInEtaAndSharedAcrossModes() {
        NoisyLabels low = NoisyLabels.corrupt(labels(), K, Mode.UNIFORM, 0.1, 9);
        NoisyLabels high = NoisyLabels.corrupt(labels(), K, Mode.UNIFORM, 0.4, 9);
        NoisyLabels pair = NoisyLabels.corrupt(labels(), K, Mode.PAIR_FLIP, 0.1, 9);
        for (int i : low.flippedIndices()) {
            assertTrue(high.isFlipped(i), "item " + i);
        }
        assertArrayEquals(low.flippedIndices(), pair.flippedIndices());
    }

    @Test
    void etaZeroFlipsNothing() {
        int[] clean = labels();
        NoisyLabels n = NoisyLabels.corrupt(clean, K, Mode.UNIFORM, 0.0, 1);
        assertEquals(0, n.flippedCount());
        assertEquals(0.0, n.actualRate(), 0);
        assertArrayEquals(clean, n.labels());
    }

    @Test
    void cleanLabelsAreKeptAndTheInputIsNotModified() {
        int[] clean = labels();
        int[] copy = clean.clone();
        NoisyLabels n = NoisyLabels.corrupt(clean, K, Mode.PAIR_FLIP, 0.5, 1);
        assertArrayEquals(copy, clean);
        assertArrayEquals(copy, n.cleanLabels());
        n.labels()[0] = 7; // a copy: does not change the object
        assertEquals(n.label(0), n.labels()[0]);
    }

    @Test
    void transitionMatrixRowsAreDistributionsOfTheMode() {
        double[][] u = NoisyLabels.corrupt(labels(), K, Mode.UNIFORM, 0.3, 1).transitionMatrix();
        double[][] p = NoisyLabels.corrupt(labels(), K, Mode.PAIR_FLIP, 0.3, 1).transitionMatrix();
        for (int i = 0; i < K; i++) {
            assertEquals(1.0, Arrays.stream(u[i]).sum(), 1e-12);
            assertEquals(1.0, Arrays.stream(p[i]).sum(), 1e-12);
            assertEquals(0.7, u[i][i], 1e-12);
            assertEquals(0.3 / 9, u[i][(i + 3) % K], 1e-12);
            assertEquals(0.3, p[i][(i + 1) % K], 1e-12);
            assertEquals(0.0, p[i][(i + 2) % K], 0);
        }
    }

    @Test
    void appliesToDataWithTheSameCleanLabels() {
        int[] clean = {0, 1, 2, 0, 1, 2};
        float[] pixels = new float[6 * 4];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = i / 24f;
        }
        IdxData data = IdxData.of("tiny", pixels, clean, 2, 2, 3);
        NoisyLabels n = NoisyLabels.corrupt(clean, 3, Mode.PAIR_FLIP, 0.9, 4);
        IdxData noisy = n.applyTo(data);
        assertArrayEquals(n.labels(), noisy.labels());
        assertSame(data.images(), noisy.images());
        assertArrayEquals(clean, data.labels(), "the source keeps its labels");
        try (NDManager m = NDManager.newBaseManager()) {
            float[] y = n.labelsArray(m).toFloatArray();
            for (int i = 0; i < clean.length; i++) {
                assertEquals(n.label(i), (int) y[i]);
            }
        }
        IdxData other = data.withLabels(new int[] {1, 1, 1, 1, 1, 1});
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> n.applyTo(other));
        assertTrue(e.getMessage().startsWith("NoisyLabels.applyTo expects data whose labels are the 6 clean labels"),
                e.getMessage());
    }

    @Test
    void badInputsAreRejectedWithExpectedAndActualValues() {
        int[] y = {0, 1, 2, 10};
        assertEquals("NoisyLabels expects eta in [0, 1), got 1.0", assertThrows(IllegalArgumentException.class,
                () -> NoisyLabels.corrupt(new int[] {0, 1}, K, Mode.UNIFORM, 1.0, 1)).getMessage());
        assertEquals("NoisyLabels expects eta in [0, 1), got -0.1", assertThrows(IllegalArgumentException.class,
                () -> NoisyLabels.corrupt(new int[] {0, 1}, K, Mode.UNIFORM, -0.1, 1)).getMessage());
        assertEquals("NoisyLabels expects eta in [0, 1), got NaN", assertThrows(IllegalArgumentException.class,
                () -> NoisyLabels.corrupt(new int[] {0, 1}, K, Mode.UNIFORM, Double.NaN, 1)).getMessage());
        assertEquals("NoisyLabels expects numClasses >= 2, got 1", assertThrows(IllegalArgumentException.class,
                () -> NoisyLabels.corrupt(new int[] {0, 0}, 1, Mode.PAIR_FLIP, 0.1, 1)).getMessage());
        assertEquals("NoisyLabels expects labels in [0, 10), got 10 at index 3",
                assertThrows(IllegalArgumentException.class,
                        () -> NoisyLabels.corrupt(y, K, Mode.UNIFORM, 0.1, 1)).getMessage());
        assertEquals("NoisyLabels expects labels in [0, 10), got -1 at index 0",
                assertThrows(IllegalArgumentException.class,
                        () -> NoisyLabels.corrupt(new int[] {-1}, K, Mode.UNIFORM, 0.1, 1)).getMessage());
        assertEquals("NoisyLabels expects at least one label, got none", assertThrows(IllegalArgumentException.class,
                () -> NoisyLabels.corrupt(new int[0], K, Mode.UNIFORM, 0.1, 1)).getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> NoisyLabels.corrupt(new int[] {0}, K, null, 0.1, 1)).getMessage().contains("a mode"));
        // eta above 1 - 1/K is allowed for UNIFORM (the brief asks only for [0, 1))
        assertEquals(0.95, NoisyLabels.corrupt(labels(), K, Mode.UNIFORM, 0.95, 1).actualRate(), tolerance(0.95, N));
    }
}

package io.github.prcv2021.distcam;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.prcv2021.metrics.Localization;
import io.github.prcv2021.metrics.Localization.Box;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The one-pass threshold sweep against {@link Localization#thresholdToBox} called once per fraction. */
class HeatmapsTest {

    private static final double[] FRACTIONS = DistCamReproduction.SWEEP;

    private static void assertSameAsThresholdToBox(float[] map, int h, int w) {
        Box[] sweep = Heatmaps.thresholdSweep(map, h, w, FRACTIONS);
        for (int t = 0; t < FRACTIONS.length; t++) {
            assertEquals(Localization.thresholdToBox(map, h, w, FRACTIONS[t]), sweep[t], "fraction " + FRACTIONS[t]);
        }
    }

    @Test
    void sweepEqualsThresholdToBoxOnRandomMaps() {
        Random rnd = new Random(7);
        for (int trial = 0; trial < 300; trial++) {
            int h = 1 + rnd.nextInt(24);
            int w = 1 + rnd.nextInt(24);
            float[] map = new float[h * w];
            int kind = trial % 4;
            for (int i = 0; i < map.length; i++) {
                switch (kind) {
                    case 0: map[i] = rnd.nextFloat(); break;                               // noise: many components
                    case 1: map[i] = rnd.nextInt(5) / 4f; break;                           // plateaus and ties
                    case 2: map[i] = Math.max(0, rnd.nextFloat() - 0.7f); break;           // sparse, zeros
                    default: map[i] = (float) Math.sin(i * 0.37 + trial) + rnd.nextFloat() * 0.2f; // negatives
                }
            }
            assertSameAsThresholdToBox(map, h, w);
        }
    }

    @Test
    void sweepEqualsThresholdToBoxOnUpsampledMaps() {
        Random rnd = new Random(11);
        for (int trial = 0; trial < 50; trial++) {
            float[] raw = new float[16 * 16];
            for (int i = 0; i < raw.length; i++) {
                raw[i] = (float) rnd.nextGaussian();
            }
            assertSameAsThresholdToBox(Heatmaps.postprocess(raw, 16, 16, 64, 64, true), 64, 64);
        }
    }

    @Test
    void tiesGoToTheComponentMetFirstAndEmptyMapsToTheWholeImage() {
        // two single pixels of equal value: the first in row-major order wins
        float[] two = {0, 0, 0, 1, 0, 0, 0, 0, 1};
        assertEquals(new Box(0, 1, 0, 1), Heatmaps.thresholdSweep(two, 3, 3, FRACTIONS)[10]);
        assertSameAsThresholdToBox(two, 3, 3);
        Box[] zero = Heatmaps.thresholdSweep(new float[6], 2, 3, FRACTIONS);
        Box[] whole = new Box[FRACTIONS.length];
        java.util.Arrays.fill(whole, new Box(0, 0, 2, 1));
        assertArrayEquals(whole, zero);
    }

    @Test
    void rejectsBadInput() {
        assertThrows(IllegalArgumentException.class, () -> Heatmaps.thresholdSweep(new float[5], 2, 3, FRACTIONS));
        assertThrows(IllegalArgumentException.class,
                () -> Heatmaps.thresholdSweep(new float[6], 2, 3, new double[] {0.5, 0.2}));
        assertThrows(IllegalArgumentException.class,
                () -> Heatmaps.thresholdSweep(new float[] {0, Float.NaN}, 1, 2, FRACTIONS));
    }
}

package io.github.prcv2021.shapetexture;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** Accuracies under given view weights, and the single-variable sweep, by hand. */
class ViewPredictionsTest {

    // three samples, two classes; the shape view is right on 0 and 1, the texture view on 1 and 2 (confidently on 2)
    private static final float[] SHAPE = {0.9f, 0.1f, 0.2f, 0.8f, 0.6f, 0.4f};
    private static final float[] TEXTURE = {0.4f, 0.6f, 0.3f, 0.7f, 0.0f, 1.0f};
    private static final int[] LABELS = {0, 1, 1};

    @Test
    void accuracyIsThatOfTheArgmaxOfTheWeightedSum() {
        ViewPredictions p = ViewPredictions.of(new float[][] {SHAPE, TEXTURE}, LABELS, 2);
        assertEquals(2 / 3.0, p.viewAccuracy(0), 1e-12);
        assertEquals(2 / 3.0, p.viewAccuracy(1), 1e-12);
        // w = (0.5, 0.5): sample 0: 0.65 vs 0.35 -> 0 ok; sample 1 -> 1 ok; sample 2: 0.3 vs 0.7 -> 1 ok
        assertEquals(1.0, p.accuracy(0.5f, 0.5f), 1e-12);
        // w = (1, 0.1): sample 2: 0.6 vs 0.5 -> 0 wrong
        assertEquals(2 / 3.0, p.accuracy(1f, 0.1f), 1e-12);
    }

    @Test
    void sweepVariesOneWeightAndKeepsTheOther() {
        ViewPredictions p = ViewPredictions.of(new float[][] {SHAPE, TEXTURE}, LABELS, 2);
        double[] acc = p.sweep(new float[] {0.5f, 0.5f}, 1, new double[] {0, 0.5, 1});
        assertArrayEquals(new double[] {2 / 3.0, 1.0, 1.0}, acc, 1e-12);
        assertThrows(IllegalArgumentException.class, () -> p.sweep(new float[] {0.5f, 0.5f}, 2, new double[] {0}));
        assertThrows(IllegalArgumentException.class, () -> p.accuracy(1f));
    }
}

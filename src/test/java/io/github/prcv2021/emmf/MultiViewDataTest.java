package io.github.prcv2021.emmf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class MultiViewDataTest {

    @Test
    void digitsViewsAreStratifiedScaledAndRepeatable() {
        MultiViewData d = MultiViewData.digits(200, 3);
        assertEquals(200, d.count());
        assertArrayEquals(new int[] {64, 32, 32}, d.dims());
        int[] counts = new int[10];
        for (int y : d.labels()) {
            counts[y]++;
        }
        for (int c : counts) {
            assertEquals(20, c);
        }
        for (int p = 0; p < 3; p++) {
            float lo = Float.MAX_VALUE;
            float hi = -Float.MAX_VALUE;
            for (float v : d.view(p)) {
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
            }
            assertEquals(0f, lo, 0f, "view " + p);
            assertEquals(1f, hi, 1e-6f, "view " + p);
        }
        assertArrayEquals(d.view(2), MultiViewData.digits(200, 3).view(2));
        float[] cat = d.concatenated();
        assertEquals(200 * 128, cat.length);
        assertEquals(d.view(1)[5 * 32 + 7], cat[5 * 128 + 64 + 7]);
    }

    @Test
    void stratifiedTakesEveryRowWhenAskedForMore() {
        int[] labels = {0, 1, 0, 1, 1};
        assertArrayEquals(new int[] {0, 1, 2, 3, 4}, MultiViewData.stratified(labels, 2, 10, 1));
        int[] two = MultiViewData.stratified(labels, 2, 2, 1);
        assertEquals(1, labels[two[0]] + labels[two[1]]); // one of each class
    }

    @Test
    void ofChecksSizes() {
        assertThrows(IllegalArgumentException.class,
                () -> MultiViewData.of("x", List.of(new float[6]), new int[] {4}, new int[] {0, 1}, 2));
        assertThrows(IllegalArgumentException.class,
                () -> MultiViewData.of("x", List.of(new float[4]), new int[] {2}, new int[] {0, 2}, 2));
        assertThrows(IllegalArgumentException.class, () -> MultiViewData.byName("cifar", 10, 1));
    }
}

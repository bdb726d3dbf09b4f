package io.github.prcv2021.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.prcv2021.metrics.Localization.Box;
import org.junit.jupiter.api.Test;

class LocalizationTest {

    /** A mask from rows of '#' (true) and '.' (false). */
    private static boolean[] mask(String... rows) {
        boolean[] m = new boolean[rows.length * rows[0].length()];
        for (int r = 0; r < rows.length; r++) {
            for (int c = 0; c < rows[r].length(); c++) {
                m[r * rows[0].length() + c] = rows[r].charAt(c) == '#';
            }
        }
        return m;
    }

    @Test
    void iouOfHandMadeBoxes() {
        Box a = new Box(0, 0, 3, 3); // 4 x 4 = 16 pixels
        assertEquals(1.0, a.iou(a), 0);
        assertEquals(0.0, a.iou(new Box(4, 0, 7, 3)), 0); // touching edges, no shared pixel
        // half overlap: columns 2..5 vs 0..3 share columns 2..3 -> 8 / (16 + 16 - 8)
        assertEquals(8.0 / 24, a.iou(new Box(2, 0, 5, 3)), 1e-12);
        // nested: 2 x 2 inside 4 x 4
        assertEquals(4.0 / 16, Localization.iou(new Box(1, 1, 2, 2), a), 1e-12);
        // a single pixel has area 1
        assertEquals(1, new Box(5, 5, 5, 5).area());
        assertThrows(IllegalArgumentException.class, () -> new Box(3, 0, 2, 1));
    }

    @Test
    void connectedComponentsFourAndEightConnectivity() {
        boolean[] m = mask(
                "##...",
                "##...",
                "..#..",
                "...#.",
                "#...#");
        int[] four = Localization.label(m, 5, 5, false);
        int[] eight = Localization.label(m, 5, 5, true);
        // 4-connected: the 2x2 block and four lone pixels
        assertEquals(5, java.util.Arrays.stream(four).max().getAsInt());
        // 8-connected: the diagonal joins the block to (4, 4); the bottom-left pixel stays alone
        assertEquals(2, java.util.Arrays.stream(eight).max().getAsInt());
        assertEquals(eight[0], eight[12]);
        assertEquals(eight[0], eight[24]);
        assertFalse(eight[0] == eight[20]);
        assertEquals(0, four[2]);
    }

    @Test
    void largestComponentAndItsBox() {
        boolean[] m = mask(
                "#.......",
                "...###..",
                "...###..",
                "....#...",
                "##......");
        boolean[] largest = Localization.largestComponent(m, 5, 8, true);
        assertEquals(7, count(largest));
        assertEquals(new Box(3, 1, 5, 3), Localization.boundingBox(largest, 5, 8));
        assertEquals(new Box(0, 0, 5, 4), Localization.boundingBox(m, 5, 8));
        assertNull(Localization.boundingBox(new boolean[6], 2, 3));
        assertEquals(0, count(Localization.largestComponent(new boolean[6], 2, 3, true)));
        // ties: the first component in scan order wins
        boolean[] tie = mask("#.#");
        assertArrayEquals(new boolean[] {true, false, false}, Localization.largestComponent(tie, 1, 3, false));
    }

    @Test
    void thresholdToBoxKeepsTheLargestBlobAboveTwentyPercentOfTheMax() {
        int h = 6;
        int w = 8;
        float[] map = new float[h * w];
        // a strong 3 x 2 blob (value 1.0 and 0.5) and a weaker but above-threshold single pixel (0.3)
        for (int r = 1; r <= 2; r++) {
            for (int c = 4; c <= 6; c++) {
                map[r * w + c] = c == 5 ? 1.0f : 0.5f;
            }
        }
        map[5 * w] = 0.3f;
        map[4 * w + 3] = 0.1f; // below 0.2 * max: ignored
        assertEquals(new Box(4, 1, 6, 2), Localization.thresholdToBox(map, h, w, 0.2));
        // at 60% only the max column survives
        assertEquals(new Box(5, 1, 5, 2), Localization.thresholdToBox(map, h, w, 0.6));
        // an all-zero map gives the whole image
        assertEquals(new Box(0, 0, w - 1, h - 1), Localization.thresholdToBox(new float[h * w], h, w, 0.2));
        assertThrows(IllegalArgumentException.class, () -> Localization.threshold(map, h, w + 1, 0.2));
    }

    @Test
    void massInsideIsTheShareOfTheMapInTheBox() {
        float[] map = {1, 1, 0, 2, 0, 0}; // 2 x 3
        assertEquals(3.0 / 4, Localization.massInside(map, 2, 3, new Box(0, 0, 0, 1)), 1e-12);
        assertEquals(1.0, Localization.massInside(map, 2, 3, new Box(0, 0, 2, 1)), 1e-12);
        assertEquals(2.0 / 6, Localization.massInside(new float[6], 2, 3, new Box(0, 0, 0, 1)), 1e-12);
    }

    @Test
    void counterSeparatesTop1FromGtKnown() {
        Box truth = new Box(0, 0, 9, 9);
        Localization.Counter c = new Localization.Counter();
        c.add(1, 1, new Box(0, 0, 9, 9), truth);  // right class, IoU 1: both
        c.add(2, 1, new Box(0, 0, 9, 9), truth);  // wrong class, IoU 1: GT-known only
        c.add(1, 1, new Box(0, 0, 9, 3), truth);  // right class, IoU 0.4: neither
        c.add(1, 1, null, truth);                 // no box: miss
        assertEquals(4, c.count());
        assertEquals(75.0, c.top1LocalizationError(), 1e-12);
        assertEquals(50.0, c.gtKnownLocalizationError(), 1e-12);
        assertEquals(75.0, c.classificationAccuracy(), 1e-12);
        assertEquals((1 + 1 + 0.4 + 0) / 4, c.meanIou(), 1e-12);
        assertTrue(Localization.isCorrect(new Box(0, 0, 9, 4), truth)); // IoU exactly 0.5 counts
    }

    private static int count(boolean[] m) {
        int n = 0;
        for (boolean b : m) {
            n += b ? 1 : 0;
        }
        return n;
    }
}

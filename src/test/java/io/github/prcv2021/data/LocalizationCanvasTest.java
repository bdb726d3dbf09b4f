package io.github.prcv2021.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.prcv2021.metrics.Localization.Box;
import org.junit.jupiter.api.Test;

class LocalizationCanvasTest {

    /** Four 28 x 28 items: a filled 10 x 6 rectangle at rows 5..14, cols 8..13, labels 0..3. */
    private static IdxData items() {
        float[] px = new float[4 * 28 * 28];
        for (int i = 0; i < 4; i++) {
            for (int r = 5; r <= 14; r++) {
                for (int c = 8; c <= 13; c++) {
                    px[i * 784 + r * 28 + c] = 1f;
                }
            }
        }
        return IdxData.of("rects", px, new int[] {0, 1, 2, 3}, 28, 28, 4);
    }

    @Test
    void boxesAreTheItemsTightBoxesOnTheCanvas() {
        LocalizationCanvas canvas = LocalizationCanvas.builder().setCanvasSize(64).optNoise(0).optDistractors(0, 0)
                .optSeed(3).build().generate(items(), 10);
        IdxData d = canvas.data();
        assertEquals(10, d.count());
        assertEquals(64, d.rows());
        for (int i = 0; i < 10; i++) {
            Box b = canvas.box(i);
            assertEquals(6, b.width());
            assertEquals(10, b.height());
            float[] img = d.image(i);
            int on = 0;
            for (int p = 0; p < img.length; p++) {
                if (img[p] > 0.5f) {
                    on++;
                    int r = p / 64;
                    int c = p % 64;
                    assertTrue(c >= b.x0() && c <= b.x1() && r >= b.y0() && r <= b.y1());
                }
            }
            assertEquals(60, on);
        }
        // the first four canvases use each item once (a permutation), then the source cycles
        int[] firstFour = java.util.Arrays.copyOf(d.labels(), 4);
        java.util.Arrays.sort(firstFour);
        assertArrayEquals(new int[] {0, 1, 2, 3}, firstFour);
    }

    @Test
    void sameSeedSameCanvasesDifferentSeedDifferent() {
        LocalizationCanvas.Builder b = LocalizationCanvas.builder().optScale(1, 1.5).optSeed(7);
        LocalizationCanvas a1 = b.build().generate(items(), 5);
        LocalizationCanvas a2 = b.build().generate(items(), 5);
        assertArrayEquals(a1.data().images(), a2.data().images());
        assertArrayEquals(a1.boxes(), a2.boxes());
        LocalizationCanvas c = LocalizationCanvas.builder().optScale(1, 1.5).optSeed(8).build().generate(items(), 5);
        assertTrue(!java.util.Arrays.equals(a1.data().images(), c.data().images()));
        for (float v : a1.data().images()) {
            assertTrue(v >= 0 && v <= 1);
        }
    }

    @Test
    void itemsLargerThanTheCanvasAreRejected() {
        assertThrows(IllegalArgumentException.class,
                () -> LocalizationCanvas.builder().setCanvasSize(32).optScale(1, 1.5).build().generate(items(), 1));
    }

    @Test
    void bilinearResizeMatchesPyTorchAlignCornersFalse() {
        // torch.nn.functional.interpolate([[1, 2], [3, 4]], size=(4, 4), mode="bilinear", align_corners=False)
        float[] out = LocalizationCanvas.resizeBilinear(new float[] {1, 2, 3, 4}, 2, 2, 4, 4);
        assertArrayEquals(new float[] {1f, 1.25f, 1.75f, 2f, 1.5f, 1.75f, 2.25f, 2.5f, 2.5f, 2.75f, 3.25f, 3.5f,
            3f, 3.25f, 3.75f, 4f}, out, 1e-6f);
    }
}

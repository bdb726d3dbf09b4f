package io.github.prcv2021.emmf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class MultiViewFeaturesTest {

    /** 8x8, columns 0-3 dark, 4-7 bright: a vertical edge between columns 3 and 4. */
    private static float[] verticalEdge() {
        float[] img = new float[64];
        for (int y = 0; y < 8; y++) {
            for (int x = 4; x < 8; x++) {
                img[y * 8 + x] = 1f;
            }
        }
        return img;
    }

    @Test
    void hogOfVerticalEdgeByHand() {
        // gx = I(x+1) - I(x-1) is 1 at columns 3 and 4 and 0 elsewhere, gy = 0: orientation 0, magnitude 1.
        // 2x2 cells of 4x4 pixels: each cell holds one edge column of 4 pixels -> bin 0 gets 4.
        float[] h = MultiViewFeatures.hog(verticalEdge(), 8, 8, 2, 2, 8);
        assertEquals(32, h.length);
        for (int cell = 0; cell < 4; cell++) {
            for (int b = 0; b < 8; b++) {
                assertEquals(b == 0 ? 4f : 0f, h[cell * 8 + b], 1e-6, "cell " + cell + " bin " + b);
            }
        }
    }

    @Test
    void hogOfHorizontalEdgeFallsInTheMiddleBinAndReversedContrastIsTheSame() {
        float[] img = new float[64];
        for (int i = 32; i < 64; i++) {
            img[i] = 1f; // rows 4-7 bright: gy = 1 at rows 3 and 4, orientation pi/2 -> bin 4 of 8
        }
        float[] h = MultiViewFeatures.hog(img, 8, 8, 2, 2, 8);
        for (int cell = 0; cell < 4; cell++) {
            assertEquals(4f, h[cell * 8 + 4], 1e-6);
        }
        float[] dark = verticalEdge();
        for (int i = 0; i < 64; i++) {
            dark[i] = 1f - dark[i]; // gx = -1: atan2(0, -1) = pi, the same unsigned orientation as 0
        }
        assertArrayEquals(MultiViewFeatures.hog(verticalEdge(), 8, 8, 2, 2, 8), MultiViewFeatures.hog(dark, 8, 8, 2, 2, 8));
    }

    @Test
    void uniformLbpHas58UniformCodesAndAConstantImageIsAllOnes() {
        Set<Integer> bins = new HashSet<>();
        int uniform = 0;
        for (int code = 0; code < 256; code++) {
            bins.add(MultiViewFeatures.UNIFORM_LBP_BIN[code]);
            uniform += MultiViewFeatures.UNIFORM_LBP_BIN[code] < 58 ? 1 : 0;
        }
        assertEquals(58, uniform);
        assertEquals(59, bins.size());
        assertEquals(58, MultiViewFeatures.UNIFORM_LBP_BIN[0b01010101]); // 8 transitions: non-uniform
        float[] flat = new float[25];
        java.util.Arrays.fill(flat, 0.3f);
        float[] h = MultiViewFeatures.uniformLbpHistogram(flat, 5, 5);
        // every neighbour >= centre: code 255, the last uniform code (codes are numbered in increasing order)
        assertEquals(1f, h[MultiViewFeatures.UNIFORM_LBP_BIN[255]], 1e-6);
        assertEquals(57, MultiViewFeatures.UNIFORM_LBP_BIN[255]);
        double sum = 0;
        for (float v : MultiViewFeatures.uniformLbpHistogram(verticalEdge(), 8, 8)) {
            sum += v;
        }
        assertEquals(1.0, sum, 1e-6);
    }

    @Test
    void lbpOfASinglePeakCentre() {
        // 3x3 with a bright centre: no neighbour >= centre, code 0, the first uniform bin
        float[] img = {0, 0, 0, 0, 1, 0, 0, 0, 0};
        float[] h = MultiViewFeatures.uniformLbpHistogram(img, 3, 3);
        assertEquals(1f, h[0], 1e-6);
        assertEquals(0, MultiViewFeatures.UNIFORM_LBP_BIN[0]);
    }

    @Test
    void poolingProfilesProjectionAndScaling() {
        float[] img = new float[16];
        for (int i = 0; i < 16; i++) {
            img[i] = i;
        }
        // 4x4 -> 2x2 means of {0,1,4,5}, {2,3,6,7}, {8,9,12,13}, {10,11,14,15}
        assertArrayEquals(new float[] {2.5f, 4.5f, 10.5f, 12.5f}, MultiViewFeatures.averagePool(img, 4, 4, 2), 1e-6f);
        // row means 1.5, 5.5, 9.5, 13.5; column means 6, 7, 8, 9
        assertArrayEquals(new float[] {1.5f, 5.5f, 9.5f, 13.5f, 6f, 7f, 8f, 9f}, MultiViewFeatures.profiles(img, 4, 4), 1e-5f);
        assertArrayEquals(new float[] {1 * 1 + 2 * 3, 1 * 2 + 2 * 4}, MultiViewFeatures.project(new float[] {1, 2},
                new float[] {1, 2, 3, 4}, 2), 1e-6f);
        float[] view = {1, 5, 3, 5, 5, 5}; // 3 x 2: column 0 {1, 3, 5}, column 1 constant
        MultiViewFeatures.minMaxScale(view, 3, 2);
        assertArrayEquals(new float[] {0, 0, 0.5f, 0, 1, 0}, view, 1e-6f);
    }

    @Test
    void badInputNamesWhatWasExpected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> MultiViewFeatures.hog(new float[63], 8, 8, 2, 2, 8));
        assertTrue(e.getMessage().contains("64"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> MultiViewFeatures.hog(new float[64], 8, 8, 3, 2, 8));
        assertThrows(IllegalArgumentException.class, () -> MultiViewFeatures.averagePool(new float[49], 7, 7, 2));
        assertThrows(IllegalArgumentException.class, () -> MultiViewFeatures.minMaxScale(new float[5], 2, 3));
    }
}

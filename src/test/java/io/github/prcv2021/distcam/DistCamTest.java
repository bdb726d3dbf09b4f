package io.github.prcv2021.distcam;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

class DistCamTest {

    @Test
    void weightsOfHandValuesAreTheNormalisedReciprocals() {
        // Eq. 5 with sum normalisation: 1/[1, 2, 4] = [1, 1/2, 1/4], sum 7/4 -> [4/7, 2/7, 1/7]
        double[] w = DistCam.channelWeights(new double[] {1, 2, 4}, 0, DistCam.WeightNorm.SUM);
        assertArrayEquals(new double[] {4.0 / 7, 2.0 / 7, 1.0 / 7}, w, 1e-12);
        double[] withEps = DistCam.channelWeights(new double[] {1, 2, 4}, 1e-8, DistCam.WeightNorm.SUM);
        assertArrayEquals(new double[] {4.0 / 7, 2.0 / 7, 1.0 / 7}, withEps, 1e-7);
        // L2: [1, 1/2, 1/4] / sqrt(21/16); max: [1, 1/2, 1/4]
        double n = Math.sqrt(1 + 0.25 + 0.0625);
        assertArrayEquals(new double[] {1 / n, 0.5 / n, 0.25 / n},
                DistCam.channelWeights(new double[] {1, 2, 4}, 0, DistCam.WeightNorm.L2), 1e-12);
        assertArrayEquals(new double[] {1, 0.5, 0.25},
                DistCam.channelWeights(new double[] {1, 2, 4}, 0, DistCam.WeightNorm.MAX), 1e-12);
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray d = m.create(new float[] {1, 2, 4, 4, 2, 1}, new Shape(2, 3));
            float[] got = DistCam.builder().build().channelWeights(d).toFloatArray();
            assertArrayEquals(new float[] {4f / 7, 2f / 7, 1f / 7, 1f / 7, 2f / 7, 4f / 7}, got, 1e-6f);
        }
    }

    @Test
    void epsilonKeepsAZeroDistanceFiniteAndThatChannelDominates() {
        double[] w = DistCam.channelWeights(new double[] {0, 2, 4}, 1e-8, DistCam.WeightNorm.SUM);
        for (double v : w) {
            assertTrue(Double.isFinite(v));
        }
        assertTrue(w[0] > 0.999999, "w0 = " + w[0]);
        try (NDManager m = NDManager.newBaseManager()) {
            // q equals the prototype in channel 0
            NDArray q = m.create(new float[] {0.5f, 1f, 2f}, new Shape(1, 3));
            NDArray p = m.create(new float[] {0.5f, 3f, 6f}, new Shape(1, 3));
            float[] got = DistCam.builder().build().channelWeights(DistCam.channelDistance(q, p)).toFloatArray();
            for (float v : got) {
                assertTrue(Float.isFinite(v));
            }
            assertTrue(got[0] > 0.9999f, "w0 = " + got[0]);
            assertEquals(1f, got[0] + got[1] + got[2], 1e-6f);
        }
        assertThrows(IllegalArgumentException.class, () -> DistCam.builder().optEpsilon(0f));
    }

    @Test
    void heatmapIsInvariantToRescalingTheWeights() {
        try (NDManager m = NDManager.newBaseManager()) {
            m.getEngine().setRandomSeed(3);
            NDArray q = m.randomUniform(0, 1, new Shape(2, 5, 4, 4));
            NDArray w = m.randomUniform(0.1f, 1, new Shape(2, 5));
            float[][] base = Heatmaps.postprocess(DistCam.weightedSum(q, w), 8, 8, true);
            for (float scale : new float[] {1e-3f, 0.5f, 7f, 1e4f}) {
                NDArray raw = DistCam.weightedSum(q, w.mul(scale));
                assertArrayEquals(DistCam.weightedSum(q, w).mul(scale).toFloatArray(), raw.toFloatArray(), 1e-3f * scale);
                float[][] scaled = Heatmaps.postprocess(raw, 8, 8, true);
                for (int i = 0; i < 2; i++) {
                    assertArrayEquals(base[i], scaled[i], 1e-5f);
                }
            }
            // so the three normalisations of Eq. 5 give the same post-processed map
            PrototypeBank bank = PrototypeBank.of(new float[][] {{0.2f, 0.4f, 0.6f, 0.8f, 1f}, {1f, 0.8f, 0.6f, 0.4f, 0.2f}});
            float[][] sum = Heatmaps.postprocess(DistCam.builder().build().explain(q, bank).heatmaps(), 4, 4, true);
            for (DistCam.WeightNorm n : DistCam.WeightNorm.values()) {
                float[][] other = Heatmaps.postprocess(
                        DistCam.builder().optWeightNorm(n).build().explain(q, bank).heatmaps(), 4, 4, true);
                for (int i = 0; i < 2; i++) {
                    assertArrayEquals(sum[i], other[i], 1e-5f);
                }
            }
        }
    }

    @Test
    void explainPicksTheNearestPrototypeAndWeighsChannelsByEqs4To6() {
        try (NDManager m = NDManager.newBaseManager()) {
            // one image, K = 2 channels of 1 x 2: channel 0 = [1, 3] (mean 2), channel 1 = [4, 0] (mean 2)
            NDArray q = m.create(new float[] {1, 3, 4, 0}, new Shape(1, 2, 1, 2));
            // prototype 0 at L1 distance 1 + 2 = 3, prototype 1 at 0.5 + 0.5 = 1 -> class 1
            PrototypeBank bank = PrototypeBank.of(new float[][] {{3f, 4f}, {1.5f, 2.5f}});
            DistCam.Explanation e = DistCam.builder().build().explain(q, bank);
            assertArrayEquals(new int[] {1}, e.classes());
            assertArrayEquals(new float[] {3f, 1f}, e.distances().toFloatArray(), 1e-6f);
            // D = [0.5, 0.5] -> W = [0.5, 0.5]; M = 0.5 [1, 3] + 0.5 [4, 0] = [2.5, 1.5]
            assertArrayEquals(new float[] {2.5f, 1.5f}, e.heatmaps().toFloatArray(), 1e-6f);
            // class 0 by hand: D = [1, 2] -> W = [2/3, 1/3]; M = [2/3 + 4/3, 2 + 0] = [2, 2]
            DistCam.Explanation onDevice = DistCam.builder().build().explain(q, bank.prototypes(m));
            assertArrayEquals(e.classes(), onDevice.classes());
            assertArrayEquals(e.distances().toFloatArray(), onDevice.distances().toFloatArray(), 1e-6f);
            assertArrayEquals(e.heatmaps().toFloatArray(), onDevice.heatmaps().toFloatArray(), 1e-6f);
            NDArray m0 = DistCam.builder().build().heatmaps(q, bank, new int[] {0});
            assertArrayEquals(new float[] {2f, 2f}, m0.toFloatArray(), 1e-6f);
            // L2 may choose differently: p0 = (2, 2.9) vs p1 = (0.9, 2.0): L1 0.9 vs 1.1, L2 0.9 vs 0.78
            PrototypeBank close = PrototypeBank.of(new float[][] {{2f, 2.9f}, {2.55f, 2.55f}});
            assertArrayEquals(new int[] {0}, DistCam.builder().build().explain(q, close).classes());
            assertArrayEquals(new int[] {1},
                    DistCam.builder().optDistance(DistCam.Distance.L2).build().explain(q, close).classes());
        }
    }

    @Test
    void camIsTheFcWeightedSumOfTheMaps() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray q = m.create(new float[] {1, 3, 4, 0, 0, 1, 1, 0}, new Shape(2, 2, 1, 2));
            NDArray fc = m.create(new float[] {1, -1, 0.5f, 2}, new Shape(2, 2));
            NDArray maps = ClassActivationMap.heatmaps(q, fc, new int[] {0, 1});
            // image 0, class 0: [1, 3] - [4, 0] = [-3, 3]; image 1, class 1: 0.5 [0, 1] + 2 [1, 0] = [2, 0.5]
            assertArrayEquals(new float[] {-3, 3, 2, 0.5f}, maps.toFloatArray(), 1e-6f);
            assertThrows(IllegalArgumentException.class, () -> ClassActivationMap.heatmaps(q, fc, new int[] {0, 2}));
        }
    }

    @Test
    void postprocessReluNormalisesAndUpsamples() {
        float[] out = Heatmaps.postprocess(new float[] {-1, 0, 1, 2}, 2, 2, 2, 2, true);
        assertArrayEquals(new float[] {0, 0, 0.5f, 1}, out, 1e-6f);
        float[] noRelu = Heatmaps.postprocess(new float[] {-1, 0, 1, 3}, 2, 2, 2, 2, false);
        assertArrayEquals(new float[] {0, 0.25f, 0.5f, 1}, noRelu, 1e-6f);
        float[] up = Heatmaps.postprocess(new float[] {0, 1, 2, 3}, 2, 2, 4, 4, true);
        assertEquals(16, up.length);
        assertEquals(0f, up[0], 1e-6f);
        assertEquals(1f, up[15], 1e-6f);
        assertArrayEquals(new float[4], Heatmaps.postprocess(new float[] {2, 2, 2, 2}, 2, 2, 2, 2, true), 0f);
    }
}

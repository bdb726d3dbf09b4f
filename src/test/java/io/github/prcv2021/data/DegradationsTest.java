package io.github.prcv2021.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The speckle and blur simulators against their moments, and the photo patches against the photos. */
class DegradationsTest {

    @Test
    void gammaDrawsHaveTheirMoments() {
        // Gamma(a, 1): mean a, variance a; checked for a < 1 (the boost) and a ≥ 1 (Marsaglia–Tsang)
        for (double a : new double[] {0.5, 1, 4, 10}) {
            Random r = new Random(7);
            int n = 200_000;
            double s = 0;
            double s2 = 0;
            for (int i = 0; i < n; i++) {
                double g = Speckle.gamma(a, r);
                assertTrue(g > 0);
                s += g;
                s2 += g * g;
            }
            double mean = s / n;
            double var = s2 / n - mean * mean;
            assertEquals(a, mean, 0.01 * Math.max(1, a), "mean for shape " + a);
            assertEquals(a, var, 0.03 * Math.max(1, a), "variance for shape " + a);
        }
    }

    @Test
    void speckleIsUnitMeanWithVarianceOneOverLooks() {
        try (NDManager m = NDManager.newBaseManager()) {
            for (double looks : new double[] {1, 4}) {
                NDArray n = Speckle.intensity(looks).noise(m, new Shape(100_000), new Random(3));
                assertEquals(1.0, n.mean().getFloat(), 0.01);
                assertEquals(1 / looks, n.sub(1).square().mean().getFloat(), 0.02 / looks);
            }
            // amplitude: √n, so the square has mean 1
            NDArray a = Speckle.amplitude(2).noise(m, new Shape(100_000), new Random(3));
            assertEquals(1.0, a.square().mean().getFloat(), 0.01);
            // apply multiplies, is reproducible from the seed, and rejects negative images
            NDArray clean = m.full(new Shape(1, 1, 4, 4), 0.5f);
            NDArray y1 = Speckle.intensity(4).apply(clean, new Random(9));
            NDArray y2 = Speckle.intensity(4).apply(clean, new Random(9));
            assertArrayEquals(y1.toFloatArray(), y2.toFloatArray());
            assertArrayEquals(Speckle.intensity(4).noise(m, clean.getShape(), new Random(9)).mul(0.5f).toFloatArray(),
                    y1.toFloatArray(), 1e-7f);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> Speckle.intensity(4).apply(clean.sub(1), new Random(1)));
            assertTrue(e.getMessage().contains("non-negative"), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> Speckle.intensity(0));
        }
    }

    @Test
    void blurKeepsTheMeanOfTheInteriorAndAddsNoiseOfItsSigma() {
        try (NDManager m = NDManager.newBaseManager()) {
            Blur blur = Blur.of(1.0, 0.0);
            assertEquals(7, blur.kernel().size());
            NDArray flat = m.full(new Shape(1, 1, 20, 20), 0.3f);
            // a constant image stays constant away from the zero-padded border (3 pixels)
            NDArray b = blur.apply(flat, new Random(1));
            assertEquals(0f, b.get(":, :, 3:-3, 3:-3").sub(0.3f).abs().max().getFloat(), 1e-6f);
            NDArray noisy = Blur.of(1.0, 0.1).apply(flat, new Random(1));
            NDArray eta = noisy.sub(b).get(":, :, 3:-3, 3:-3");
            assertEquals(0.1, Math.sqrt(eta.square().mean().getFloat()), 0.015);
        }
    }

    @Test
    void patchesAreCutFromThePhotos() throws IOException {
        PhotoPatches photos = PhotoPatches.of(List.of("camera", "coins"));
        assertEquals(2, photos.size());
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray cam = photos.photo(m, 0);
            int[] hw = photos.dimensions(0);
            assertEquals(new Shape(1, 1, hw[0], hw[1]), cam.getShape());
            float min = cam.min().getFloat();
            float max = cam.max().getFloat();
            assertTrue(min >= 0 && max <= 1 && max > 0.5, "grey levels in [0, 1]: " + min + ".." + max);
            NDArray p = photos.sample(m, 16, 32, false, new Random(4));
            assertEquals(new Shape(16, 1, 32, 32), p.getShape());
            assertArrayEquals(p.toFloatArray(), photos.sample(m, 16, 32, false, new Random(4)).toFloatArray());
            // without augmentation every patch is a crop of one of the photos: find patch 0 by brute force
            float[] patch = p.get(0).toFloatArray();
            boolean found = false;
            for (int i = 0; i < 2 && !found; i++) {
                float[] photo = photos.photo(m, i).toFloatArray();
                int[] d = photos.dimensions(i);
                for (int top = 0; top + 32 <= d[0] && !found; top++) {
                    for (int left = 0; left + 32 <= d[1] && !found; left++) {
                        boolean same = true;
                        for (int r = 0; r < 32 && same; r++) {
                            for (int c = 0; c < 32 && same; c++) {
                                same = photo[(top + r) * d[1] + left + c] == patch[r * 32 + c];
                            }
                        }
                        found = same;
                    }
                }
            }
            assertTrue(found, "patch 0 is a crop of a photo");
            // the first augmented patch is drawn at the same position: a flip or turn of the same grey levels
            float[] augmented = photos.sample(m, 1, 32, true, new Random(4)).toFloatArray();
            float[] sortedA = augmented.clone();
            float[] sortedP = patch.clone();
            java.util.Arrays.sort(sortedA);
            java.util.Arrays.sort(sortedP);
            assertArrayEquals(sortedP, sortedA);
            NDArray center = photos.centerCrop(m, 1, 64);
            assertEquals(new Shape(1, 1, 64, 64), center.getShape());
            assertThrows(IllegalArgumentException.class, () -> photos.sample(m, 1, 10_000, false, new Random(1)));
        }
    }
}

package io.github.prcv2021.textureunet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** IMED (Eq. 3) against its definition as a quadratic form, and the properties the paper relies on. */
class ImedLossTest {

    /** Brute force: Σ_i Σ_j e_i g_ij e_j over all pixel pairs with |Δr|, |Δc| ≤ radius, in double precision. */
    private static double bruteForce(double[] e, int h, int w, double sigma, int radius) {
        double d = 0;
        for (int i = 0; i < h * w; i++) {
            for (int j = 0; j < h * w; j++) {
                int dr = i / w - j / w;
                int dc = i % w - j % w;
                if (Math.abs(dr) <= radius && Math.abs(dc) <= radius) {
                    d += e[i] * e[j] * Math.exp(-(dr * dr + dc * dc) / (2 * sigma * sigma)) / (2 * Math.PI * sigma * sigma);
                }
            }
        }
        return d;
    }

    @Test
    void distanceEqualsTheExplicitQuadraticFormOnAnEightByEightImage() {
        Random r = new Random(7);
        double[] x = new double[64];
        double[] y = new double[64];
        double[] e = new double[64];
        for (int i = 0; i < 64; i++) {
            x[i] = r.nextDouble();
            y[i] = r.nextDouble();
            e[i] = x[i] - y[i];
        }
        ImedLoss imed = new ImedLoss("imed", 1.0, 3);
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray xa = m.create(x, new Shape(1, 1, 8, 8));
            NDArray ya = m.create(y, new Shape(1, 1, 8, 8));
            double d = imed.distance(xa, ya).getDouble();
            assertEquals(bruteForce(e, 8, 8, 1.0, 3), d, 1e-9);
            double loss = imed.evaluate(new NDList(ya), new NDList(xa)).getDouble();
            assertEquals(d / 64, loss, 1e-9);
        }
    }

    @Test
    void radiusZeroIsTheScaledSquaredEuclideanDistance() {
        ImedLoss identity = new ImedLoss("imed0", 1.0, 0);
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.randomUniform(0, 1, new Shape(2, 1, 6, 6), DataType.FLOAT64);
            NDArray y = m.randomUniform(0, 1, new Shape(2, 1, 6, 6), DataType.FLOAT64);
            double[] d = identity.distance(x, y).toDoubleArray();
            double[] sq = x.sub(y).square().sum(new int[] {1, 2, 3}).toDoubleArray();
            for (int i = 0; i < 2; i++) {
                assertEquals(sq[i] / (2 * Math.PI), d[i], 1e-12);
            }
        }
    }

    @Test
    void symmetricNonNegativeAndZeroOnlyForEqualImages() {
        ImedLoss imed = new ImedLoss();
        try (NDManager m = NDManager.newBaseManager()) {
            m.getEngine().setRandomSeed(11);
            for (int t = 0; t < 5; t++) {
                NDArray x = m.randomNormal(new Shape(1, 1, 12, 12), DataType.FLOAT64);
                NDArray y = m.randomNormal(new Shape(1, 1, 12, 12), DataType.FLOAT64);
                double xy = imed.distance(x, y).getDouble();
                double yx = imed.distance(y, x).getDouble();
                assertEquals(xy, yx, 1e-12);
                assertTrue(xy > 0);
                assertEquals(0, imed.distance(x, x).getDouble(), 0);
            }
        }
    }

    /** The IMED/Euclidean ratio of the difference between {@code img} and its one-column shift, and of noise of equal norm. */
    private static double[] shiftAndNoiseRatios(double[] img, int n) {
        double[] shifted = new double[n * n];
        for (int r = 0; r < n; r++) {
            for (int c = 1; c < n; c++) {
                shifted[r * n + c] = img[r * n + c - 1];
            }
        }
        ImedLoss imed = new ImedLoss();
        try (NDManager m = NDManager.newBaseManager()) {
            m.getEngine().setRandomSeed(12);
            NDArray x = m.create(img, new Shape(1, 1, n, n));
            NDArray s = m.create(shifted, new Shape(1, 1, n, n));
            double euclid = x.sub(s).square().sum().getDouble();
            NDArray noise = m.randomNormal(new Shape(1, 1, n, n), DataType.FLOAT64);
            noise = noise.mul(Math.sqrt(euclid) / Math.sqrt(noise.square().sum().getDouble()));
            return new double[] {imed.distance(x, s).getDouble() / euclid, imed.distance(x, x.add(noise)).getDouble() / euclid};
        }
    }

    /**
     * IMED's point (Wang et al. 2005): for fine structure a one-pixel displacement is closer than noise of the same
     * Euclidean norm. For a single bright pixel the ratio is (1 − e^{−1/2})/(2π) ≈ 0.0626 in closed form, noise gives
     * about g(0) = 1/(2π) ≈ 0.159.
     */
    @Test
    void aOnePixelShiftOfFineStructureIsCloserThanNoiseOfEqualNorm() {
        int n = 24;
        double[] dot = new double[n * n];
        dot[12 * n + 11] = 1;
        double[] ratios = shiftAndNoiseRatios(dot, n);
        assertEquals((1 - Math.exp(-0.5)) / (2 * Math.PI), ratios[0], 1e-9);
        assertTrue(ratios[0] < ratios[1], "IMED/Euclid shift " + ratios[0] + " vs noise " + ratios[1]);
    }

    /**
     * The converse, which the digest's proposed test misses: G is a low-pass filter, so for a smooth image the
     * (smooth) shift difference keeps most of its energy while white noise loses most: the order reverses.
     */
    @Test
    void forSmoothImagesNoiseIsCloserThanAShift() {
        int n = 24;
        double[] blob = new double[n * n];
        for (int r = 0; r < n; r++) {
            for (int c = 0; c < n; c++) {
                blob[r * n + c] = Math.exp(-((r - 12) * (r - 12) + (c - 11.5) * (c - 11.5)) / 18.0);
            }
        }
        double[] ratios = shiftAndNoiseRatios(blob, n);
        assertTrue(ratios[0] > ratios[1], "IMED/Euclid shift " + ratios[0] + " vs noise " + ratios[1]);
    }

    @Test
    void mismatchedShapesNameBoth() {
        try (NDManager m = NDManager.newBaseManager()) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> new ImedLoss().evaluate(new NDList(m.ones(new Shape(1, 1, 4, 4))), new NDList(m.ones(new Shape(1, 1, 4, 5)))));
            assertTrue(e.getMessage().contains("(1, 1, 4, 5)") && e.getMessage().contains("(1, 1, 4, 4)"), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> new ImedLoss("x", 0, 3));
        }
    }

    @Test
    void deepSupervisionAddsWeightedUpsampledSideLosses() {
        ImedLoss imed = new ImedLoss();
        DeepSupervisionLoss ds = new DeepSupervisionLoss(imed, 0.25);
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray label = m.randomUniform(0, 1, new Shape(1, 1, 8, 8));
            NDArray fin = m.randomUniform(0, 1, new Shape(1, 1, 8, 8));
            NDArray side = m.full(new Shape(1, 1, 4, 4), 0.5f);
            double expected = imed.evaluate(new NDList(label), new NDList(fin)).getFloat()
                    + 0.25 * imed.evaluate(new NDList(label), new NDList(m.full(new Shape(1, 1, 8, 8), 0.5f))).getFloat();
            assertEquals(expected, ds.evaluate(new NDList(label), new NDList(fin, side)).getFloat(), 1e-6);
        }
    }
}

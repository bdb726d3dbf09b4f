package io.github.prcv2021.logpbcd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ProxTest {

    private static final double[] TS = {1e-4, 1e-3, 1e-2, 0.1, 0.5};
    private static final double[] EPSS = {1e-3, 1e-2, 0.1, 1};
    private static NDManager manager;

    @BeforeAll
    static void open() {
        manager = NDManager.newBaseManager();
    }

    @AfterAll
    static void close() {
        manager.close();
    }

    private static double[] xs() {
        double[] x = new double[241];
        for (int i = 0; i < x.length; i++) {
            x[i] = -3 + 6.0 * i / (x.length - 1);
        }
        return x;
    }

    private static double[] apply(double[] x, double t, double eps, boolean global) {
        NDArray in = manager.create(toFloat(x));
        try (NDArray out = Prox.logThreshold(in, t, eps, global)) {
            float[] o = out.toFloatArray();
            double[] r = new double[o.length];
            for (int i = 0; i < o.length; i++) {
                r[i] = o[i];
            }
            in.close();
            return r;
        }
    }

    private static float[] toFloat(double[] x) {
        float[] f = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            f[i] = (float) x[i];
        }
        return f;
    }

    @Test
    void globalLogThresholdEqualsBruteForceMinimiser() {
        double[] x = xs();
        int checked = 0;
        for (double t : TS) {
            for (double eps : EPSS) {
                double[] a = apply(x, t, eps, true);
                for (int i = 0; i < x.length; i++) {
                    double xi = (float) x[i];
                    double lo = Math.min(0, xi) - 0.1;
                    double hi = Math.max(0, xi) + 0.1;
                    double bf = BruteForce.argmin(v -> BruteForce.logObjective(v, xi, t, eps), lo, hi, 20001);
                    double fa = BruteForce.logObjective(a[i], xi, t, eps);
                    double fb = BruteForce.logObjective(bf, xi, t, eps);
                    assertTrue(fa <= fb + 1e-6, "objective at x=" + xi + " t=" + t + " eps=" + eps);
                    if (Math.abs(fa - fb) > 1e-7) { // not a tie between the two local minima
                        assertEquals(bf, a[i], 1e-4, "x=" + xi + " t=" + t + " eps=" + eps);
                    }
                    checked++;
                }
            }
        }
        assertEquals(TS.length * EPSS.length * x.length, checked);
    }

    @Test
    void closedFormIsZeroInsideThresholdAndNonzeroOutside() {
        for (double t : TS) {
            for (double eps : EPSS) {
                if (t < eps * eps) {
                    continue; // the paper's x0 applies to the non-convex regime t >= eps^2
                }
                double x0 = Math.sqrt(4 * t) - eps;
                assertEquals(x0, Prox.threshold(t, eps), 1e-15);
                double[] inside = {0, x0 * 0.5, x0 * 0.999, -x0 * 0.999};
                double[] outside = {x0 * 1.001 + 1e-6, -(x0 * 1.001 + 1e-6), x0 + 1, -(x0 + 2)};
                for (double v : inside) {
                    assertEquals(0.0, Prox.logThreshold(v, t, eps, false), 0.0, "x=" + v);
                    assertEquals(0.0, apply(new double[] {v}, t, eps, false)[0], 0.0, "x=" + v);
                }
                for (double v : outside) {
                    double a = Prox.logThreshold(v, t, eps, false);
                    assertNotEquals(0.0, a, "x=" + v + " t=" + t + " eps=" + eps);
                    assertEquals(Math.signum(v), Math.signum(a));
                    assertNotEquals(0.0, apply(new double[] {v}, t, eps, false)[0], "x=" + v);
                }
            }
        }
    }

    @Test
    void closedFormIsStationaryAndEqualsGlobalMinimiserOutsideTheTieBand() {
        double[] x = xs();
        for (double t : TS) {
            for (double eps : EPSS) {
                double[] closed = apply(x, t, eps, false);
                double[] global = apply(x, t, eps, true);
                for (int i = 0; i < x.length; i++) {
                    double a = Prox.logThreshold(x[i], t, eps, false);
                    assertEquals(a, closed[i], 1e-5 * (1 + Math.abs(a)), "NDArray and scalar forms agree");
                    if (a != 0) { // derivative of ½(a−x)² + t log(1+|a|/ε) vanishes
                        double grad = (a - x[i]) + t * Math.signum(a) / (eps + Math.abs(a));
                        assertEquals(0.0, grad, 1e-9 * (1 + Math.abs(x[i])));
                    }
                    if (global[i] != 0 || t < eps * eps) {
                        assertEquals(global[i], closed[i], 1e-6, "x=" + x[i] + " t=" + t + " eps=" + eps);
                    }
                }
            }
        }
    }

    @Test
    void convexRegimeUsesThresholdTOverEpsilonNotThePrintedX0() {
        // t < eps^2: x0 = sqrt(4t) - eps < t/eps; the printed formula would return a negative root for x in between
        double t = 0.005; // eps/2 < sqrt(t) < eps, so 0 < x0 < t/eps
        double eps = 0.1;
        double x = 0.5 * ((Math.sqrt(4 * t) - eps) + t / eps);
        assertTrue(x > Math.sqrt(4 * t) - eps && x < t / eps && Math.sqrt(4 * t) - eps > 0);
        double printedRoot = 0.5 * ((x - eps) + Math.sqrt((x + eps) * (x + eps) - 4 * t));
        assertTrue(printedRoot < 0, "the printed formula flips the sign here");
        assertEquals(0.0, Prox.logThreshold(x, t, eps, false), 0.0);
        double bf = BruteForce.argmin(v -> BruteForce.logObjective(v, x, t, eps), -0.1, 0.2, 20001);
        assertEquals(0.0, bf, 1e-5);
    }

    @Test
    void reluProxEqualsBruteForceMinimiser() {
        double[] etas = {0.05, 0.3, 1, 2, 10};
        Random rnd = new Random(7);
        int n = 400;
        double[] a = new double[n];
        double[] s = new double[n];
        for (int i = 0; i < n; i++) {
            a[i] = i < 200 ? -2 + 4 * rnd.nextDouble() : Math.abs(rnd.nextGaussian());
            s[i] = -2 + 4 * rnd.nextDouble();
        }
        for (double eta : etas) {
            NDArray an = manager.create(a);
            NDArray sn = manager.create(s);
            double[] z = Prox.reluProx(an, sn, eta).toDoubleArray();
            for (int i = 0; i < n; i++) {
                double ai = a[i];
                double si = s[i];
                double lo = Math.min(Math.min(ai, si), 0) - 0.5;
                double hi = Math.max(Math.max(ai, si), 0) + 0.5;
                double bf = BruteForce.argmin(v -> BruteForce.reluObjective(v, ai, si, eta), lo, hi, 20001);
                double fz = BruteForce.reluObjective(z[i], ai, si, eta);
                double fb = BruteForce.reluObjective(bf, ai, si, eta);
                assertTrue(fz <= fb + 1e-9, "objective a=" + ai + " s=" + si + " eta=" + eta);
                if (Math.abs(fz - fb) > 1e-8) {
                    assertEquals(bf, z[i], 1e-4, "a=" + ai + " s=" + si + " eta=" + eta);
                }
                assertEquals(Prox.reluProx(ai, si, eta), z[i], 1e-12);
            }
        }
    }

    @Test
    void reluProxKeepsShapeTypeAndOwner() {
        try (NDManager sub = manager.newSubManager()) {
            NDArray a = sub.randomNormal(new Shape(3, 4));
            NDArray s = sub.randomNormal(new Shape(3, 4));
            int before = sub.getManagedArrays().size();
            NDArray z = Prox.reluProx(a, s, 1.5);
            assertEquals(new Shape(3, 4), z.getShape());
            assertEquals(DataType.FLOAT32, z.getDataType());
            assertEquals(before + 1, sub.getManagedArrays().size(), "only the result is left behind");
        }
    }

    @Test
    void badArgumentsAreRejectedWithTheExpectedValue() {
        NDArray x = manager.create(new float[] {1, 2});
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> Prox.logThreshold(x, 0.1, 0));
        assertTrue(e.getMessage().contains("epsilon > 0"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Prox.logThreshold(x, Double.NaN, 0.1));
        assertThrows(IllegalArgumentException.class, () -> Prox.logThreshold(x, -1, 0.1));
        e = assertThrows(IllegalArgumentException.class,
                () -> Prox.reluProx(x, manager.create(new float[] {1, 2, 3}), 1));
        assertTrue(e.getMessage().startsWith("Prox.reluProx expects a and s of the same shape"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Prox.reluProx(x, x, Double.NaN));
    }

    @Test
    void logRegularizerAndZeroFraction() {
        NDArray a = manager.create(new float[] {0, 1, -2, 0});
        double expected = Math.log1p(1 / 0.5) + Math.log1p(2 / 0.5);
        assertEquals(expected, LogRegularizer.value(a, 0.5), 1e-6);
        assertEquals(0.5, LogRegularizer.zeroFraction(a), 0.0);
    }
}

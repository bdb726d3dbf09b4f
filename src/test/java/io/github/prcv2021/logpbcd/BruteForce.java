package io.github.prcv2021.logpbcd;

import java.util.function.DoubleUnaryOperator;

/** Independent 1-D minimisation by a fine grid plus golden-section refinement, for tests. */
final class BruteForce {

    private BruteForce() {}

    /** The minimiser of {@code f} on {@code [lo, hi]}; the points 0, lo and hi are always tried. */
    static double argmin(DoubleUnaryOperator f, double lo, double hi, int points) {
        double h = (hi - lo) / (points - 1);
        double best = 0;
        double fBest = lo <= 0 && 0 <= hi ? f.applyAsDouble(0) : Double.POSITIVE_INFINITY;
        for (int i = 0; i < points; i++) {
            double a = lo + i * h;
            double fa = f.applyAsDouble(a);
            if (fa < fBest) {
                fBest = fa;
                best = a;
            }
        }
        // golden-section refinement in the grid cell around the best point
        double a = Math.max(lo, best - h);
        double b = Math.min(hi, best + h);
        double g = (Math.sqrt(5) - 1) / 2;
        double c = b - g * (b - a);
        double d = a + g * (b - a);
        for (int i = 0; i < 100; i++) {
            if (f.applyAsDouble(c) < f.applyAsDouble(d)) {
                b = d;
            } else {
                a = c;
            }
            c = b - g * (b - a);
            d = a + g * (b - a);
        }
        double refined = 0.5 * (a + b);
        return f.applyAsDouble(refined) < fBest ? refined : best;
    }

    /** {@code ½(a − x)² + t·log(1 + |a|/ε)}. */
    static double logObjective(double a, double x, double t, double eps) {
        return 0.5 * (a - x) * (a - x) + t * Math.log1p(Math.abs(a) / eps);
    }

    /** {@code ½(a − relu(z))² + η/2·(z − s)²}. */
    static double reluObjective(double z, double a, double s, double eta) {
        double r = Math.max(z, 0);
        return 0.5 * (a - r) * (a - r) + 0.5 * eta * (z - s) * (z - s);
    }
}

package io.github.prcv2021.core;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * Argument checks for public entry points. Every failure is an {@link IllegalArgumentException}
 * whose message names the caller, what was expected and what came, e.g. {@code "IcceLoss expects
 * logits of shape (N, K), got (32)"}.
 */
public final class Checks {

    private Checks() {}

    /** Fails unless {@code condition}; the message is built only on failure. */
    public static void check(boolean condition, String who, String expected, Object actual) {
        if (!condition) {
            throw new IllegalArgumentException(who + " expects " + expected + ", got " + actual);
        }
    }

    /** Fails unless the array has exactly {@code rank} dimensions. */
    public static void rank(NDArray array, int rank, String who, String what) {
        Shape s = array.getShape();
        check(s.dimension() == rank, who, what + " of rank " + rank, s);
    }

    /** Fails unless {@code array} has the given shape; {@code -1} in {@code expected} matches any size. */
    public static void shape(NDArray array, Shape expected, String who, String what) {
        Shape s = array.getShape();
        boolean ok = s.dimension() == expected.dimension();
        for (int i = 0; ok && i < s.dimension(); i++) {
            ok = expected.get(i) < 0 || expected.get(i) == s.get(i);
        }
        check(ok, who, what + " of shape " + expected, s);
    }

    /** Fails unless the array is of a floating-point type. */
    public static void floating(NDArray array, String who, String what) {
        DataType t = array.getDataType();
        check(t.isFloating(), who, what + " of a floating-point type", t);
    }

    /** Fails unless {@code value > 0}. */
    public static double positive(double value, String who, String name) {
        check(value > 0 && !Double.isNaN(value), who, name + " > 0", value);
        return value;
    }

    /** Fails unless {@code value >= 0}. */
    public static double nonNegative(double value, String who, String name) {
        check(value >= 0 && !Double.isNaN(value), who, name + " >= 0", value);
        return value;
    }

    /** Fails unless {@code value > 0}. */
    public static int positive(int value, String who, String name) {
        check(value > 0, who, name + " > 0", value);
        return value;
    }

    /** Fails unless {@code lo <= value <= hi}. */
    public static double inRange(double value, double lo, double hi, String who, String name) {
        check(value >= lo && value <= hi, who, name + " in [" + lo + ", " + hi + "]", value);
        return value;
    }

    /** Fails unless {@code value} is not null. */
    public static <T> T notNull(T value, String who, String name) {
        check(value != null, who, name + " to be set", "null");
        return value;
    }
}

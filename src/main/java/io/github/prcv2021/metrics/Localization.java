package io.github.prcv2021.metrics;

import io.github.prcv2021.core.Checks;

/**
 * Weakly supervised object localisation (WSOL) from heatmaps, as in the CAM protocol (Zhou et al.,
 * CVPR 2016) that Dist-CAM (PRCV 2021, Sect. 3) and later class-activation papers evaluate with:
 * threshold a heatmap at a fraction of its maximum, keep the largest connected component of the
 * pixels above the threshold, take its bounding box, and count the box as a correct localisation when
 * its intersection over union with the ground-truth box is at least 0.5.
 *
 * <p>Everything here is plain Java on host arrays: a heatmap is a row-major {@code float[h * w]},
 * a mask a row-major {@code boolean[h * w]}. Boxes are in pixel coordinates with inclusive corners
 * ({@link Box}), so a single pixel is a box of area 1.
 *
 * <pre>{@code
 * Box box = Localization.thresholdToBox(heatmap, 64, 64, 0.2);   // 20% of max, largest component
 * Localization.Counter counter = new Localization.Counter();
 * counter.add(predictedClass, trueClass, box, groundTruthBox);
 * double err = counter.top1LocalizationError();                  // percent
 * }</pre>
 */
public final class Localization {

    /** The IoU at or above which a box counts as a correct localisation (CAM, ILSVRC). */
    public static final double IOU_THRESHOLD = 0.5;

    /** CAM's heatmap threshold: 20% of the map's maximum. */
    public static final double CAM_THRESHOLD_FRACTION = 0.2;

    private Localization() {}

    /**
     * An axis-aligned box in pixel coordinates with inclusive corners: it covers the columns
     * {@code x0..x1} and rows {@code y0..y1}.
     *
     * @param x0 left column
     * @param y0 top row
     * @param x1 right column, {@code >= x0}
     * @param y1 bottom row, {@code >= y0}
     */
    public record Box(int x0, int y0, int x1, int y1) {

        /** Checks {@code x0 <= x1} and {@code y0 <= y1}. */
        public Box {
            Checks.check(x0 <= x1 && y0 <= y1, "Localization.Box", "x0 <= x1 and y0 <= y1",
                    "(" + x0 + ", " + y0 + ", " + x1 + ", " + y1 + ")");
        }

        /** Width in pixels. */
        public int width() {
            return x1 - x0 + 1;
        }

        /** Height in pixels. */
        public int height() {
            return y1 - y0 + 1;
        }

        /** Area in pixels. */
        public long area() {
            return (long) width() * height();
        }

        /** Intersection over union with another box, in [0, 1]. */
        public double iou(Box o) {
            return Localization.iou(this, o);
        }
    }

    /** Intersection over union of two boxes (pixel areas, inclusive corners). */
    public static double iou(Box a, Box b) {
        Checks.notNull(a, "Localization.iou", "box a");
        Checks.notNull(b, "Localization.iou", "box b");
        int ix0 = Math.max(a.x0(), b.x0());
        int iy0 = Math.max(a.y0(), b.y0());
        int ix1 = Math.min(a.x1(), b.x1());
        int iy1 = Math.min(a.y1(), b.y1());
        long inter = ix1 < ix0 || iy1 < iy0 ? 0 : (long) (ix1 - ix0 + 1) * (iy1 - iy0 + 1);
        return (double) inter / (a.area() + b.area() - inter);
    }

    /**
     * Connected components of a mask.
     *
     * @param mask row-major {@code h * w} mask
     * @param h height
     * @param w width
     * @param eightConnected whether diagonal neighbours are connected (8-connectivity) or only the four
     *     edge neighbours
     * @return a label per pixel: 0 off the mask, 1..n for the n components in scan order
     */
    public static int[] label(boolean[] mask, int h, int w, boolean eightConnected) {
        checkSize(mask.length, h, w, "Localization.label");
        int[] labels = new int[h * w];
        int[] stack = new int[h * w];
        int next = 0;
        for (int start = 0; start < h * w; start++) {
            if (!mask[start] || labels[start] != 0) {
                continue;
            }
            next++;
            int top = 0;
            stack[top++] = start;
            labels[start] = next;
            while (top > 0) {
                int p = stack[--top];
                int r = p / w;
                int c = p % w;
                for (int dr = -1; dr <= 1; dr++) {
                    for (int dc = -1; dc <= 1; dc++) {
                        if ((dr == 0 && dc == 0) || (!eightConnected && dr != 0 && dc != 0)) {
                            continue;
                        }
                        int rr = r + dr;
                        int cc = c + dc;
                        if (rr < 0 || rr >= h || cc < 0 || cc >= w) {
                            continue;
                        }
                        int q = rr * w + cc;
                        if (mask[q] && labels[q] == 0) {
                            labels[q] = next;
                            stack[top++] = q;
                        }
                    }
                }
            }
        }
        return labels;
    }

    /**
     * The largest connected component of a mask (ties: the one met first in row-major order).
     *
     * @return a mask of that component alone; all false when the mask is empty
     */
    public static boolean[] largestComponent(boolean[] mask, int h, int w, boolean eightConnected) {
        int[] labels = label(mask, h, w, eightConnected);
        int n = 0;
        for (int l : labels) {
            n = Math.max(n, l);
        }
        boolean[] out = new boolean[h * w];
        if (n == 0) {
            return out;
        }
        int[] sizes = new int[n + 1];
        for (int l : labels) {
            sizes[l]++;
        }
        int best = 1;
        for (int l = 2; l <= n; l++) {
            if (sizes[l] > sizes[best]) {
                best = l;
            }
        }
        for (int i = 0; i < labels.length; i++) {
            out[i] = labels[i] == best;
        }
        return out;
    }

    /** The tight bounding box of a mask's true pixels, or null when there are none. */
    public static Box boundingBox(boolean[] mask, int h, int w) {
        checkSize(mask.length, h, w, "Localization.boundingBox");
        int x0 = w;
        int y0 = h;
        int x1 = -1;
        int y1 = -1;
        for (int r = 0; r < h; r++) {
            for (int c = 0; c < w; c++) {
                if (mask[r * w + c]) {
                    x0 = Math.min(x0, c);
                    x1 = Math.max(x1, c);
                    y0 = Math.min(y0, r);
                    y1 = Math.max(y1, r);
                }
            }
        }
        return x1 < 0 ? null : new Box(x0, y0, x1, y1);
    }

    /**
     * The pixels of a heatmap at or above {@code fraction} times its maximum. A map whose maximum is
     * not positive (all zero after a ReLU, say) yields the whole image, so that its box is the whole
     * image rather than nothing.
     */
    public static boolean[] threshold(float[] heatmap, int h, int w, double fraction) {
        checkSize(heatmap.length, h, w, "Localization.threshold");
        Checks.inRange(fraction, 0, 1, "Localization.threshold", "fraction");
        float max = Float.NEGATIVE_INFINITY;
        for (float v : heatmap) {
            Checks.check(!Float.isNaN(v), "Localization.threshold", "a heatmap without NaN", "NaN");
            max = Math.max(max, v);
        }
        boolean[] mask = new boolean[h * w];
        if (!(max > 0)) {
            java.util.Arrays.fill(mask, true);
            return mask;
        }
        double t = fraction * max;
        for (int i = 0; i < mask.length; i++) {
            mask[i] = heatmap[i] >= t;
        }
        return mask;
    }

    /**
     * CAM's box from a heatmap: threshold at {@code fraction} of the maximum ({@link #threshold}), keep the
     * largest 8-connected component, return its bounding box. Pass a heatmap already normalised to
     * [0, 1] (and upsampled to the image size) to get CAM's protocol exactly.
     */
    public static Box thresholdToBox(float[] heatmap, int h, int w, double fraction) {
        boolean[] component = largestComponent(threshold(heatmap, h, w, fraction), h, w, true);
        return boundingBox(component, h, w);
    }

    /**
     * The share of a non-negative heatmap's mass that falls inside a box, in [0, 1]: a threshold-free
     * localisation measure (the "energy-based pointing game" of Score-CAM, Wang et al. 2020). A map
     * with no mass gives the box's share of the image.
     */
    public static double massInside(float[] heatmap, int h, int w, Box box) {
        checkSize(heatmap.length, h, w, "Localization.massInside");
        double inside = 0;
        double total = 0;
        for (int r = 0; r < h; r++) {
            for (int c = 0; c < w; c++) {
                double v = Math.max(0, heatmap[r * w + c]);
                total += v;
                if (r >= box.y0() && r <= box.y1() && c >= box.x0() && c <= box.x1()) {
                    inside += v;
                }
            }
        }
        return total > 0 ? inside / total : (double) box.area() / ((long) h * w);
    }

    /** Whether a predicted box localises the ground truth: IoU at least {@link #IOU_THRESHOLD}. */
    public static boolean isCorrect(Box predicted, Box truth) {
        return predicted != null && iou(predicted, truth) >= IOU_THRESHOLD;
    }

    private static void checkSize(int length, int h, int w, String who) {
        Checks.positive(h, who, "h");
        Checks.positive(w, who, "w");
        Checks.check(length == h * w, who, "an array of h * w = " + h * w + " values", length + " values");
    }

    /**
     * Counts localisation results over a test set: classification accuracy, <b>top-1 localisation</b>
     * (the top-1 class is right <i>and</i> IoU >= 0.5, the ILSVRC/CAM measure the paper reports as an
     * error) and <b>GT-known localisation</b> (IoU >= 0.5 whatever the predicted class, which separates
     * localisation quality from classification), plus the mean IoU.
     */
    public static final class Counter {
        private long n;
        private long classCorrect;
        private long top1Correct;
        private long gtKnownCorrect;
        private double iouSum;

        /** Adds one test image. {@code predicted} may be null (no box: a localisation miss). */
        public Counter add(int predictedClass, int trueClass, Box predicted, Box truth) {
            Checks.notNull(truth, "Localization.Counter.add", "the ground-truth box");
            double iou = predicted == null ? 0 : iou(predicted, truth);
            boolean loc = iou >= IOU_THRESHOLD;
            boolean cls = predictedClass == trueClass;
            n++;
            classCorrect += cls ? 1 : 0;
            gtKnownCorrect += loc ? 1 : 0;
            top1Correct += loc && cls ? 1 : 0;
            iouSum += iou;
            return this;
        }

        /** Images counted. */
        public long count() {
            return n;
        }

        /** Top-1 classification accuracy in percent. */
        public double classificationAccuracy() {
            return pct(classCorrect);
        }

        /** Top-1 localisation accuracy in percent: class right and IoU >= 0.5. */
        public double top1LocalizationAccuracy() {
            return pct(top1Correct);
        }

        /** Top-1 localisation error in percent, the paper's Table 1 measure: 100 minus the accuracy. */
        public double top1LocalizationError() {
            return 100 - top1LocalizationAccuracy();
        }

        /** GT-known localisation accuracy in percent: IoU >= 0.5, class ignored. */
        public double gtKnownLocalizationAccuracy() {
            return pct(gtKnownCorrect);
        }

        /** GT-known localisation error in percent. */
        public double gtKnownLocalizationError() {
            return 100 - gtKnownLocalizationAccuracy();
        }

        /** Mean IoU of the predicted boxes with the ground truth (a missing box counts 0). */
        public double meanIou() {
            return n == 0 ? Double.NaN : iouSum / n;
        }

        private double pct(long k) {
            return n == 0 ? Double.NaN : 100.0 * k / n;
        }
    }
}

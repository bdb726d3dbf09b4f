package io.github.prcv2021.data;

import io.github.prcv2021.core.Checks;
import io.github.prcv2021.core.Seeds;
import io.github.prcv2021.metrics.Localization.Box;
import java.util.Random;

/**
 * A weakly supervised localisation benchmark made from small labelled images (Fashion-MNIST, MNIST):
 * each item is pasted at a random position (optionally rescaled) on a larger canvas with
 * low-amplitude background noise and a few random distractor strokes, and its ground-truth box is the
 * tight box of the item's pixels above a threshold. Training sees only the canvas and the class; the
 * boxes are for evaluation (Dist-CAM, PRCV 2021, Sect. 3, evaluates on ILSVRC's boxes in the same way).
 *
 * <p>Generation is a pure function of the source, the options and the seed: the same call gives the
 * same canvases on every machine.
 *
 * <pre>{@code
 * LocalizationCanvas test = LocalizationCanvas.builder().setCanvasSize(64).optSeed(2)
 *         .build().generate(Datasets.fashionMnistData(Usage.TEST), 2000);
 * IdxData images = test.data();          // 2000 canvases of 64 x 64, float pixels in [0, 1], labels
 * Box box = test.box(0);                 // the ground truth of canvas 0, inclusive pixel corners
 * }</pre>
 */
public final class LocalizationCanvas {

    private final int size;
    private final double minScale;
    private final double maxScale;
    private final double noise;
    private final int minDistractors;
    private final int maxDistractors;
    private final double objectThreshold;
    private final long seed;

    private IdxData data;
    private Box[] boxes;

    private LocalizationCanvas(Builder b) {
        this.size = b.size;
        this.minScale = b.minScale;
        this.maxScale = b.maxScale;
        this.noise = b.noise;
        this.minDistractors = b.minDistractors;
        this.maxDistractors = b.maxDistractors;
        this.objectThreshold = b.objectThreshold;
        this.seed = b.seed;
    }

    /** A builder with the defaults of the Dist-CAM reproduction: 64 x 64 canvas, items at 28 px, noise 0.1, 1-2 strokes. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Builds {@code count} canvases from {@code source}. Items are drawn in a seeded random order
     * without repetition while the source lasts, then cycled.
     *
     * @return this generator holding the canvases ({@link #data()}, {@link #boxes()})
     */
    public LocalizationCanvas generate(IdxData source, int count) {
        Checks.notNull(source, "LocalizationCanvas.generate", "a source data set");
        Checks.positive(count, "LocalizationCanvas.generate", "count");
        int maxItem = (int) Math.round(Math.max(source.rows(), source.cols()) * maxScale);
        Checks.check(maxItem <= size, "LocalizationCanvas.generate", "items of at most the canvas size " + size
                + " (source " + source.rows() + " x " + source.cols() + " times maxScale " + maxScale + ")", maxItem);
        Random rnd = new Random(seed);
        int[] order = Seeds.permutation(source.count(), rnd);
        float[] pixels = new float[count * size * size];
        int[] labels = new int[count];
        boxes = new Box[count];
        for (int i = 0; i < count; i++) {
            int j = order[i % order.length];
            labels[i] = source.label(j);
            boxes[i] = paint(pixels, i * size * size, source.image(j), source.rows(), source.cols(), rnd);
        }
        data = IdxData.of(source.name() + " on " + size + "x" + size + " canvases", pixels, labels, size, size,
                source.numClasses());
        return this;
    }

    /** The canvases as a labelled data set ({@code size x size} images). */
    public IdxData data() {
        checkGenerated();
        return data;
    }

    /** The ground-truth boxes, one per canvas (a copy). */
    public Box[] boxes() {
        checkGenerated();
        return boxes.clone();
    }

    /** The ground-truth box of canvas {@code i}. */
    public Box box(int i) {
        checkGenerated();
        return boxes[i];
    }

    /** The canvas side in pixels. */
    public int size() {
        return size;
    }

    private void checkGenerated() {
        Checks.check(data != null, "LocalizationCanvas", "generate(source, count) to be called first", "no canvases");
    }

    /** Paints one canvas at {@code off} and returns the item's box. */
    private Box paint(float[] px, int off, float[] item, int rows, int cols, Random rnd) {
        for (int p = 0; p < size * size; p++) {
            px[off + p] = (float) (noise * rnd.nextDouble());
        }
        int strokes = minDistractors + (maxDistractors > minDistractors ? rnd.nextInt(maxDistractors - minDistractors + 1) : 0);
        for (int s = 0; s < strokes; s++) {
            stroke(px, off, rnd);
        }
        double scale = minScale + (maxScale - minScale) * rnd.nextDouble();
        int h = Math.max(1, (int) Math.round(rows * scale));
        int w = Math.max(1, (int) Math.round(cols * scale));
        float[] resized = h == rows && w == cols ? item : resizeBilinear(item, rows, cols, h, w);
        int top = rnd.nextInt(size - h + 1);
        int left = rnd.nextInt(size - w + 1);
        int x0 = Integer.MAX_VALUE;
        int y0 = Integer.MAX_VALUE;
        int x1 = -1;
        int y1 = -1;
        for (int r = 0; r < h; r++) {
            for (int c = 0; c < w; c++) {
                float v = resized[r * w + c];
                int q = off + (top + r) * size + left + c;
                px[q] = Math.max(px[q], v);
                if (v > objectThreshold) {
                    x0 = Math.min(x0, left + c);
                    x1 = Math.max(x1, left + c);
                    y0 = Math.min(y0, top + r);
                    y1 = Math.max(y1, top + r);
                }
            }
        }
        if (x1 < 0) { // an empty item (none in MNIST or Fashion-MNIST): its whole patch
            return new Box(left, top, left + w - 1, top + h - 1);
        }
        return new Box(x0, y0, x1, y1);
    }

    /** A straight stroke 1 px wide, 6-16 px long, intensity 0.4-0.9, anywhere on the canvas. */
    private void stroke(float[] px, int off, Random rnd) {
        double len = 6 + 10 * rnd.nextDouble();
        double angle = Math.PI * rnd.nextDouble();
        double cx = size * rnd.nextDouble();
        double cy = size * rnd.nextDouble();
        float v = (float) (0.4 + 0.5 * rnd.nextDouble());
        int steps = (int) Math.ceil(len * 2);
        for (int t = 0; t <= steps; t++) {
            double u = (double) t / steps - 0.5;
            int x = (int) Math.round(cx + u * len * Math.cos(angle));
            int y = (int) Math.round(cy + u * len * Math.sin(angle));
            if (x >= 0 && x < size && y >= 0 && y < size) {
                int q = off + y * size + x;
                px[q] = Math.max(px[q], v);
            }
        }
    }


    /**
     * Bilinear resampling of a row-major {@code h x w} image to {@code outH x outW}, with pixel centres
     * aligned as PyTorch's {@code interpolate(mode="bilinear", align_corners=False)} and OpenCV's
     * {@code resize} (source coordinate {@code (i + 0.5) * h / outH - 0.5}, clamped at the borders).
     */
    public static float[] resizeBilinear(float[] src, int h, int w, int outH, int outW) {
        Checks.check(src.length == h * w, "LocalizationCanvas.resizeBilinear", "h * w = " + h * w + " values", src.length);
        Checks.positive(outH, "LocalizationCanvas.resizeBilinear", "outH");
        Checks.positive(outW, "LocalizationCanvas.resizeBilinear", "outW");
        float[] out = new float[outH * outW];
        double sy = (double) h / outH;
        double sx = (double) w / outW;
        for (int i = 0; i < outH; i++) {
            double y = Math.max(0, (i + 0.5) * sy - 0.5);
            int y0 = Math.min((int) y, h - 1);
            int y1 = Math.min(y0 + 1, h - 1);
            double fy = y - y0;
            for (int j = 0; j < outW; j++) {
                double x = Math.max(0, (j + 0.5) * sx - 0.5);
                int x0 = Math.min((int) x, w - 1);
                int x1 = Math.min(x0 + 1, w - 1);
                double fx = x - x0;
                double top = src[y0 * w + x0] * (1 - fx) + src[y0 * w + x1] * fx;
                double bottom = src[y1 * w + x0] * (1 - fx) + src[y1 * w + x1] * fx;
                out[i * outW + j] = (float) (top * (1 - fy) + bottom * fy);
            }
        }
        return out;
    }

    /** Options of the generator. */
    public static final class Builder {
        private int size = 64;
        private double minScale = 1;
        private double maxScale = 1;
        private double noise = 0.1;
        private int minDistractors = 1;
        private int maxDistractors = 2;
        private double objectThreshold = 0.1;
        private long seed = 1;

        private Builder() {}

        /** The canvas side in pixels (default 64). */
        public Builder setCanvasSize(int size) {
            this.size = Checks.positive(size, "LocalizationCanvas", "canvas size");
            return this;
        }

        /** Items are rescaled by a factor drawn uniformly from [min, max] (default 1, 1: 28 px items). */
        public Builder optScale(double min, double max) {
            Checks.positive(min, "LocalizationCanvas", "minimum scale");
            Checks.check(max >= min, "LocalizationCanvas", "maximum scale >= minimum scale " + min, max);
            this.minScale = min;
            this.maxScale = max;
            return this;
        }

        /** Background noise: each pixel uniform in [0, amplitude] (default 0.1). */
        public Builder optNoise(double amplitude) {
            this.noise = Checks.inRange(amplitude, 0, 1, "LocalizationCanvas", "noise amplitude");
            return this;
        }

        /** Distractor strokes per canvas, uniform in [min, max] (default 1, 2). */
        public Builder optDistractors(int min, int max) {
            Checks.check(min >= 0 && max >= min, "LocalizationCanvas", "0 <= min <= max distractors", min + ", " + max);
            this.minDistractors = min;
            this.maxDistractors = max;
            return this;
        }

        /** An item pixel above this value belongs to the ground-truth box (default 0.1). */
        public Builder optObjectThreshold(double t) {
            this.objectThreshold = Checks.inRange(t, 0, 1, "LocalizationCanvas", "object threshold");
            return this;
        }

        /** The seed of positions, scales, noise and strokes (default 1). */
        public Builder optSeed(long seed) {
            this.seed = seed;
            return this;
        }

        /** The generator; call {@link LocalizationCanvas#generate}. */
        public LocalizationCanvas build() {
            return new LocalizationCanvas(this);
        }
    }
}

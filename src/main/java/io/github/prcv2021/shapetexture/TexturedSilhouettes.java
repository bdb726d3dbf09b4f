package io.github.prcv2021.shapetexture;

import io.github.prcv2021.core.Checks;
import io.github.prcv2021.data.IdxData;
import java.util.List;
import java.util.Random;

/**
 * A control for the claim that the learned weights follow the data: every image is the silhouette of an
 * item of a source set (Fashion-MNIST in the reproduction; pixels above a threshold), filled with one of
 * ten procedural textures in a random phase, on a black background. With {@link LabelBy#SHAPE} the label is
 * the item's class and the texture is drawn independently of it; with {@link LabelBy#TEXTURE} the label
 * is the texture and the item (hence the silhouette) is independent of it. The same pixels carry the
 * same two cues; only which one predicts the label differs. Not in the paper; the digest's proposed
 * falsification of "shape dominates on MNIST and Fashion-MNIST because those data have little texture".
 *
 * <p>Textures, by index: stripes of period 4 (horizontal, vertical, diagonal, anti-diagonal), stripes of
 * period 8 (horizontal, vertical), checkerboards of 2 and 4 px cells, a 2x2 dot lattice of period 5, and
 * binary noise. Inside the silhouette a pixel is {@code 0.35 + 0.65 t} with the texture value {@code t}
 * in {0, 1}.
 */
public final class TexturedSilhouettes {

    /** Which cue defines the label. */
    public enum LabelBy {
        /** The silhouette's class. */
        SHAPE,
        /** The texture's index. */
        TEXTURE
    }

    /** The texture names, by index. */
    public static final List<String> TEXTURES = List.of("stripes-h4", "stripes-v4", "stripes-d4", "stripes-a4",
            "stripes-h8", "stripes-v8", "checker-2", "checker-4", "dots-5", "noise");

    private final LabelBy labelBy;
    private final long seed;
    private final float threshold;

    private TexturedSilhouettes(Builder b) {
        this.labelBy = b.labelBy;
        this.seed = b.seed;
        this.threshold = b.threshold;
    }

    /** A builder; {@code setLabelBy} is required. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Generates the textured silhouettes of the first {@code count} items of {@code source}.
     *
     * @param source the items whose silhouettes are filled (their labels are the shape classes)
     * @param count how many images, in [1, source.count()]
     * @return the images, with labels by {@link LabelBy}; {@code numClasses} is 10 for textures
     */
    public IdxData generate(IdxData source, int count) {
        String who = "TexturedSilhouettes.generate";
        Checks.notNull(source, who, "a source set");
        Checks.check(count >= 1 && count <= source.count(), who, "count in [1, " + source.count() + "]", count);
        int rows = source.rows();
        int cols = source.cols();
        int px = rows * cols;
        float[] src = source.images();
        float[] img = new float[count * px];
        int[] labels = new int[count];
        Random rnd = new Random(seed);
        for (int i = 0; i < count; i++) {
            int texture = rnd.nextInt(TEXTURES.size());
            int dx = rnd.nextInt(8);
            int dy = rnd.nextInt(8);
            long noiseSeed = rnd.nextLong();
            Random noise = new Random(noiseSeed);
            for (int y = 0; y < rows; y++) {
                for (int x = 0; x < cols; x++) {
                    int p = y * cols + x;
                    float t = texture(texture, x + dx, y + dy, noise);
                    img[i * px + p] = src[i * px + p] > threshold ? 0.35f + 0.65f * t : 0f;
                }
            }
            labels[i] = labelBy == LabelBy.SHAPE ? source.label(i) : texture;
        }
        String name = source.name() + " textured silhouettes by " + labelBy.name().toLowerCase(java.util.Locale.ROOT);
        return IdxData.of(name, img, labels, rows, cols, labelBy == LabelBy.SHAPE ? source.numClasses() : TEXTURES.size());
    }

    /** The value in {0, 1} of texture {@code k} at (x, y). */
    static float texture(int k, int x, int y, Random noise) {
        switch (k) {
            case 0: return (y / 2) % 2;
            case 1: return (x / 2) % 2;
            case 2: return ((x + y) / 2) % 2;
            case 3: return ((x - y + 1000) / 2) % 2;
            case 4: return (y / 4) % 2;
            case 5: return (x / 4) % 2;
            case 6: return ((x / 2) + (y / 2)) % 2;
            case 7: return ((x / 4) + (y / 4)) % 2;
            case 8: return (x % 5 < 2 && y % 5 < 2) ? 1 : 0;
            case 9: return noise.nextBoolean() ? 1 : 0;
            default: throw new IllegalArgumentException("TexturedSilhouettes expects a texture in [0, 10), got " + k);
        }
    }

    /** Builder for {@link TexturedSilhouettes}. */
    public static final class Builder {
        private LabelBy labelBy;
        private long seed;
        private float threshold = 0.05f;

        private Builder() {}

        /** Which cue defines the label. */
        public Builder setLabelBy(LabelBy labelBy) {
            this.labelBy = Checks.notNull(labelBy, "TexturedSilhouettes", "labelBy");
            return this;
        }

        /** The seed of the textures and phases (default 0). */
        public Builder optSeed(long seed) {
            this.seed = seed;
            return this;
        }

        /** Source pixels above this value belong to the silhouette (default 0.05). */
        public Builder optThreshold(float threshold) {
            this.threshold = (float) Checks.inRange(threshold, 0, 1, "TexturedSilhouettes", "threshold");
            return this;
        }

        /** Builds the generator. */
        public TexturedSilhouettes build() {
            Checks.check(labelBy != null, "TexturedSilhouettes", "setLabelBy(...)", "unset");
            return new TexturedSilhouettes(this);
        }
    }
}

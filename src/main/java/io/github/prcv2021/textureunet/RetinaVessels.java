package io.github.prcv2021.textureunet;

import ai.djl.modality.cv.Image;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.github.prcv2021.core.Checks;
import io.github.prcv2021.data.SampleImages;
import io.github.prcv2021.data.Speckle;
import java.io.IOException;
import java.util.Random;

/**
 * The offline stand-in for OCT-to-OCTA translation (the paper's data are private): scikit-image's fundus
 * photograph {@code retina} (1411² RGB), green channel, area-resized to {@code size²} in [0, 1]. The input is
 * that channel with multiplicative Gamma speckle of shape L = 4 ({@link Speckle}), mimicking OCT speckle; the
 * target is the {@link RidgeFilter} vesselness of the clean channel (σ ∈ {1, 2}), divided by its 99.5th
 * percentile and clipped to [0, 1], a "flow" map of the vessels. Training crops come from the columns left of
 * {@code splitColumn} with fresh speckle per crop; test tiles are a fixed grid right of it with speckle drawn
 * once from a seed.
 */
public final class RetinaVessels {

    private final int size;
    private final float[] clean;
    private final float[] target;

    private RetinaVessels(int size, float[] clean, float[] target) {
        this.size = size;
        this.clean = clean;
        this.target = target;
    }

    /**
     * Loads the photo and computes the target.
     *
     * @param size side of the resized image (the digest: 512)
     * @throws io.github.prcv2021.data.MissingDataException if the photo is not in the data cache
     */
    public static RetinaVessels load(int size) throws IOException {
        Checks.check(size >= 64, "RetinaVessels", "a size ≥ 64", size);
        Image img = SampleImages.load("retina");
        float[] green;
        int h;
        int w;
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray a = img.toNDArray(m, Image.Flag.COLOR).toType(DataType.FLOAT32, false);
            h = (int) a.getShape().get(0);
            w = (int) a.getShape().get(1);
            green = a.get(":, :, 1").toFloatArray();
        }
        float[] clean = areaResize(green, h, w, size);
        for (int i = 0; i < clean.length; i++) {
            clean[i] /= 255f;
        }
        float[] ridge = RidgeFilter.darkRidges(clean, size, size, 1, 2);
        float[] sorted = ridge.clone();
        java.util.Arrays.sort(sorted);
        float scale = Math.max(sorted[(int) (0.995 * (sorted.length - 1))], 1e-6f);
        for (int i = 0; i < ridge.length; i++) {
            ridge[i] = Math.min(ridge[i] / scale, 1f);
        }
        return new RetinaVessels(size, clean, ridge);
    }

    /** Box-filter resize of a square-ish image to {@code size × size} (each output pixel averages its source box). */
    static float[] areaResize(float[] src, int h, int w, int size) {
        float[] out = new float[size * size];
        for (int r = 0; r < size; r++) {
            int r0 = (int) ((long) r * h / size);
            int r1 = Math.max(r0 + 1, (int) ((long) (r + 1) * h / size));
            for (int c = 0; c < size; c++) {
                int c0 = (int) ((long) c * w / size);
                int c1 = Math.max(c0 + 1, (int) ((long) (c + 1) * w / size));
                double a = 0;
                for (int y = r0; y < r1; y++) {
                    for (int x = c0; x < c1; x++) {
                        a += src[y * w + x];
                    }
                }
                out[r * size + c] = (float) (a / ((r1 - r0) * (c1 - c0)));
            }
        }
        return out;
    }

    /** The image side. */
    public int size() {
        return size;
    }

    /** The clean green channel, row-major, [0, 1]. */
    public float[] clean() {
        return clean.clone();
    }

    /** The ridge target, row-major, [0, 1]. */
    public float[] target() {
        return target.clone();
    }

    /**
     * Random training pairs from columns {@code [0, splitColumn)}.
     *
     * @return {input, target}, each (count, 1, patch, patch) on {@code manager}
     */
    public NDArray[] trainBatch(NDManager manager, int count, int patch, int splitColumn, Speckle speckle, Random random) {
        Checks.check(patch <= splitColumn && patch <= size, "RetinaVessels.trainBatch", "a patch ≤ " + splitColumn, patch);
        float[] in = new float[count * patch * patch];
        float[] out = new float[count * patch * patch];
        for (int i = 0; i < count; i++) {
            int top = random.nextInt(size - patch + 1);
            int left = random.nextInt(splitColumn - patch + 1);
            copy(i, top, left, patch, in, out, speckle, random);
        }
        Shape s = new Shape(count, 1, patch, patch);
        return new NDArray[] {manager.create(in, s), manager.create(out, s)};
    }

    /**
     * The fixed test tiles: a grid of {@code patch × patch} tiles covering rows {@code [0, size)} and columns from
     * {@code splitColumn + gap} on, speckled with a generator seeded by {@code seed}.
     *
     * @return {input, target, clean}, each (tiles, 1, patch, patch)
     */
    public NDArray[] testTiles(NDManager manager, int patch, int splitColumn, int gap, Speckle speckle, long seed) {
        int first = splitColumn + gap;
        int across = (size - first) / patch;
        int down = size / patch;
        Checks.check(across > 0, "RetinaVessels.testTiles", "room for a tile right of column " + first, size);
        int count = across * down;
        float[] in = new float[count * patch * patch];
        float[] out = new float[count * patch * patch];
        float[] cl = new float[count * patch * patch];
        Random random = new Random(seed);
        int i = 0;
        for (int r = 0; r < down; r++) {
            for (int c = 0; c < across; c++) {
                copy(i, r * patch, first + c * patch, patch, in, out, speckle, random);
                for (int y = 0; y < patch; y++) {
                    System.arraycopy(clean, (r * patch + y) * size + first + c * patch, cl, (i * patch + y) * patch, patch);
                }
                i++;
            }
        }
        Shape s = new Shape(count, 1, patch, patch);
        return new NDArray[] {manager.create(in, s), manager.create(out, s), manager.create(cl, s)};
    }

    private void copy(int i, int top, int left, int patch, float[] in, float[] out, Speckle speckle, Random random) {
        for (int y = 0; y < patch; y++) {
            for (int x = 0; x < patch; x++) {
                int src = (top + y) * size + left + x;
                int dst = (i * patch + y) * patch + x;
                in[dst] = (float) (clean[src] * speckle.factor(random));
                out[dst] = target[src];
            }
        }
    }
}

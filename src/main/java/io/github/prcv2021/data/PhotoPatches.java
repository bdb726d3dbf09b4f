package io.github.prcv2021.data;

import ai.djl.modality.cv.Image;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.github.prcv2021.core.Checks;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Grey-level training and test material cut from the offline sample photographs ({@link SampleImages}):
 * whole photos as (1, 1, H, W) float32 in [0, 1], and seeded random P×P patches as (N, 1, P, P), drawn
 * uniformly over photos and positions, with an optional random flip and quarter turn. The grey level is
 * scikit-image's {@code rgb2gray}: {@code 0.2125 R + 0.7154 G + 0.0721 B} (ITU-R BT.709 luma), on
 * 8-bit values divided by 255.
 */
public final class PhotoPatches {

    private final List<float[]> photos = new ArrayList<>();
    private final List<int[]> sizes = new ArrayList<>();
    private final List<String> names;

    private PhotoPatches(List<String> names) throws IOException {
        this.names = List.copyOf(names);
        for (String name : names) {
            Image image = SampleImages.load(name);
            int h = image.getHeight();
            int w = image.getWidth();
            try (NDManager m = NDManager.newBaseManager()) {
                NDArray rgb = image.toNDArray(m, Image.Flag.COLOR).toType(DataType.FLOAT32, false);
                float[] px = rgb.toFloatArray();
                float[] grey = new float[h * w];
                for (int i = 0; i < h * w; i++) {
                    grey[i] = (0.2125f * px[3 * i] + 0.7154f * px[3 * i + 1] + 0.0721f * px[3 * i + 2]) / 255f;
                }
                photos.add(grey);
                sizes.add(new int[] {h, w});
            }
        }
    }

    /**
     * Loads photos by name.
     *
     * @param names names from {@link SampleImages#names()}, at least one
     * @throws MissingDataException if a photo is not in the data cache
     * @throws IOException if a photo cannot be decoded
     */
    public static PhotoPatches of(List<String> names) throws IOException {
        Checks.check(names != null && !names.isEmpty(), "PhotoPatches", "at least one photo name", names);
        return new PhotoPatches(names);
    }

    /** The photos' names, in order. */
    public List<String> names() {
        return names;
    }

    /** The number of photos. */
    public int size() {
        return photos.size();
    }

    /** Height and width of photo {@code i}. */
    public int[] dimensions(int i) {
        return sizes.get(i).clone();
    }

    /** Photo {@code i} as (1, 1, H, W) float32 in [0, 1]. */
    public NDArray photo(NDManager manager, int i) {
        Checks.check(i >= 0 && i < photos.size(), "PhotoPatches.photo", "an index in [0, " + photos.size() + ")", i);
        int[] hw = sizes.get(i);
        return manager.create(photos.get(i), new Shape(1, 1, hw[0], hw[1]));
    }

    /**
     * The central {@code size×size} crop of photo {@code i} (the usual held-out test image of a restoration
     * paper), as (1, 1, size, size).
     */
    public NDArray centerCrop(NDManager manager, int i, int size) {
        int[] hw = sizes.get(i);
        Checks.check(size >= 1 && size <= Math.min(hw[0], hw[1]), "PhotoPatches.centerCrop",
                "a size in [1, " + Math.min(hw[0], hw[1]) + "]", size);
        try (NDArray p = photo(manager, i)) {
            int top = (hw[0] - size) / 2;
            int left = (hw[1] - size) / 2;
            return p.get(new NDIndex(":, :, {}:{}, {}:{}", top, top + size, left, left + size));
        }
    }

    /**
     * Random patches.
     *
     * @param count N
     * @param patch side P, at most the smallest photo side
     * @param augment whether each patch also gets a random horizontal flip and a random quarter turn
     * @param random the source of positions
     * @return (N, 1, P, P) float32 in [0, 1]
     */
    public NDArray sample(NDManager manager, int count, int patch, boolean augment, Random random) {
        Checks.positive(count, "PhotoPatches.sample", "count");
        int smallest = Integer.MAX_VALUE;
        for (int[] hw : sizes) {
            smallest = Math.min(smallest, Math.min(hw[0], hw[1]));
        }
        Checks.check(patch >= 1 && patch <= smallest, "PhotoPatches.sample", "a patch side in [1, " + smallest + "]", patch);
        float[] out = new float[count * patch * patch];
        for (int n = 0; n < count; n++) {
            int i = random.nextInt(photos.size());
            int h = sizes.get(i)[0];
            int w = sizes.get(i)[1];
            int top = random.nextInt(h - patch + 1);
            int left = random.nextInt(w - patch + 1);
            boolean flip = augment && random.nextBoolean();
            int turns = augment ? random.nextInt(4) : 0;
            float[] src = photos.get(i);
            int base = n * patch * patch;
            for (int r = 0; r < patch; r++) {
                for (int c = 0; c < patch; c++) {
                    int rr = r;
                    int cc = flip ? patch - 1 - c : c;
                    for (int t = 0; t < turns; t++) { // rotate the read position by 90° per turn
                        int tmp = rr;
                        rr = cc;
                        cc = patch - 1 - tmp;
                    }
                    out[base + r * patch + c] = src[(top + rr) * w + left + cc];
                }
            }
        }
        return manager.create(out, new Shape(count, 1, patch, patch));
    }
}

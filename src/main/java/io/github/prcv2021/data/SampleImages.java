package io.github.prcv2021.data;

import ai.djl.modality.cv.Image;
import ai.djl.modality.cv.ImageFactory;
import io.github.prcv2021.core.Checks;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The sample photographs of scikit-image and scikit-learn, by name ({@code "camera"},
 * {@code "astronaut"}, {@code "china"}, ...), loaded as DJL {@link Image}s through
 * {@link ImageFactory}. Sizes, origins and licence notes are listed in {@code datasets/README.md}.
 */
public final class SampleImages {

    private static final Map<String, String> FILES;

    static {
        Map<String, String> m = new TreeMap<>();
        for (String png : List.of("astronaut", "brick", "camera", "cell", "chelsea", "clock_motion", "coffee",
                "coins", "grass", "gravel", "horse", "ihc", "logo", "microaneurysms", "moon", "motorcycle_left",
                "motorcycle_right", "page", "phantom", "text")) {
            m.put(png, "skimage/" + png + ".png");
        }
        for (String jpg : List.of("hubble_deep_field", "retina", "rocket")) {
            m.put(jpg, "skimage/" + jpg + ".jpg");
        }
        m.put("china", "sklearn/images/china.jpg");
        m.put("flower", "sklearn/images/flower.jpg");
        FILES = Collections.unmodifiableMap(m);
    }

    private SampleImages() {}

    /** The names of all sample images, sorted. */
    public static List<String> names() {
        return List.copyOf(FILES.keySet());
    }

    /** The path of a sample image inside the data cache, relative to its root, e.g. {@code skimage/camera.png}. */
    public static String relativePath(String name) {
        Checks.notNull(name, "SampleImages", "an image name");
        String rel = FILES.get(name);
        Checks.check(rel != null, "SampleImages", "one of " + names(), name);
        return rel;
    }

    /**
     * The file of a sample image.
     *
     * @throws IllegalArgumentException for an unknown name
     * @throws MissingDataException if the file is not in the cache
     */
    public static Path path(String name) {
        return DataPaths.require(relativePath(name));
    }

    /**
     * Loads a sample image.
     *
     * @param name one of {@link #names()}
     * @throws IllegalArgumentException for an unknown name
     * @throws MissingDataException if the file is not in the cache (names the fetch command)
     * @throws IOException if the file cannot be decoded
     */
    public static Image load(String name) throws IOException {
        Path file = path(name);
        try {
            return ImageFactory.getInstance().fromFile(file);
        } catch (IOException e) {
            throw new CorruptDataException(file, "cannot be decoded as an image (" + e.getMessage() + ")", e);
        }
    }
}

package io.github.prcv2021.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.modality.cv.Image;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

class SampleImagesTest {

    private static void assertSize(String name, int width, int height) throws Exception {
        Image img = SampleImages.load(name);
        assertEquals(width, img.getWidth(), name + " width");
        assertEquals(height, img.getHeight(), name + " height");
    }

    @Test
    void knownImagesHaveTheirSizes() throws Exception {
        assertSize("camera", 512, 512);
        assertSize("astronaut", 512, 512);
        assertSize("coins", 384, 303);
        assertSize("chelsea", 451, 300);
        assertSize("text", 448, 172);
        assertSize("china", 640, 427);
        assertSize("flower", 640, 427);
    }

    @Test
    void everyNamedImageLoads() throws Exception {
        assertEquals(25, SampleImages.names().size());
        for (String name : SampleImages.names()) {
            Image img = SampleImages.load(name);
            assertTrue(img.getWidth() > 0 && img.getHeight() > 0, name);
        }
    }

    @Test
    void imageConvertsToAnHwcArray() throws Exception {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray a = SampleImages.load("camera").toNDArray(manager, Image.Flag.GRAYSCALE);
            assertEquals(new Shape(512, 512, 1), a.getShape());
        }
    }

    @Test
    void unknownNameListsTheKnownOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SampleImages.load("lena"));
        assertTrue(e.getMessage().startsWith("SampleImages expects one of [astronaut, brick"), e.getMessage());
        assertTrue(e.getMessage().endsWith("got lena"), e.getMessage());
    }
}

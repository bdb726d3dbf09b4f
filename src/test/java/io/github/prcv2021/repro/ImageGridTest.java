package io.github.prcv2021.repro;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.awt.image.BufferedImage;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The grid puts every pixel where its row, column and zoom say, with clamped grey levels. */
class ImageGridTest {

    @Test
    void pixelsLandInTheirTiles() {
        try (NDManager m = NDManager.newBaseManager()) {
            // two 2×2 grey images: the first has value 1 at (0, 1); the second is all 0.5 except −1 (clamped to 0)
            NDArray a = m.create(new float[] {0, 1, 0, 0, 0.5f, 0.5f, 0.5f, -1f}, new Shape(2, 1, 2, 2));
            NDArray labels = m.create(new int[] {0, 1, 2, 3}, new Shape(1, 2, 2));
            ImageGrid grid = new ImageGrid(3).addRow("grey", a, List.of("x", "y")).addLabelRow("labels", labels, null);
            assertEquals(2, grid.rows());
            BufferedImage img = grid.render();
            int[] o = grid.tileOrigin(0, 0);
            int x0 = o[0];
            int y0 = o[1];
            for (int dy = 0; dy < 3; dy++) {
                for (int dx = 0; dx < 3; dx++) {
                    assertEquals(0xffffff, img.getRGB(x0 + 3 + dx, y0 + dy) & 0xffffff);
                    assertEquals(0x000000, img.getRGB(x0 + dx, y0 + 3 + dy) & 0xffffff);
                }
            }
            // image 1: 0.5 → 128 grey, −1 clamped to black at (1, 1); label map: class 2 at (1, 0) in the palette
            int[] o1 = grid.tileOrigin(0, 1);
            assertEquals(0x808080, img.getRGB(o1[0], o1[1]) & 0xffffff);
            assertEquals(0x000000, img.getRGB(o1[0] + 3, o1[1] + 3) & 0xffffff);
            int[] o2 = grid.tileOrigin(1, 0);
            assertEquals(0x3cb44b, img.getRGB(o2[0], o2[1] + 3) & 0xffffff);
            assertThrows(IllegalArgumentException.class, () -> new ImageGrid(1).addRow("bad", m.zeros(new Shape(2, 2, 4, 4)), null));
            assertThrows(IllegalArgumentException.class, () -> new ImageGrid(1).addRow("bad", a, List.of("one")));
            assertThrows(IllegalArgumentException.class, () -> new ImageGrid(1).render());
        }
    }
}

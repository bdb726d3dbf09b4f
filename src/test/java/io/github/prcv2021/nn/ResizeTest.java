package io.github.prcv2021.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import io.github.prcv2021.data.LocalizationCanvas;
import org.junit.jupiter.api.Test;

/** Bilinear resizing by hand, against the per-pixel Java resampler, and its gradient. */
class ResizeTest {

    @Test
    void doublingByHandAndAgainstThePixelLoop() {
        try (NDManager m = NDManager.newBaseManager()) {
            // 1-D [0, 4] doubled, half-pixel centres: sources −0.25 (clamped 0), 0.25, 0.75, 1.25 (clamped 1)
            NDArray x = m.create(new float[] {0, 4}, new Shape(1, 1, 1, 2));
            assertArrayEquals(new float[] {0, 1, 3, 4}, Resize.bilinear(x, 1, 4).toFloatArray(), 1e-6f);
            m.getEngine().setRandomSeed(3);
            NDArray r = m.randomUniform(0, 1, new Shape(2, 3, 7, 5));
            for (int[] size : new int[][] {{14, 10}, {3, 4}, {16, 9}}) {
                NDArray y = Resize.bilinear(r, size[0], size[1]);
                assertEquals(new Shape(2, 3, size[0], size[1]), y.getShape());
                float[] expected = LocalizationCanvas.resizeBilinear(r.get(1, 2).toFloatArray(), 7, 5, size[0], size[1]);
                assertArrayEquals(expected, y.get(1, 2).toFloatArray(), 1e-5f);
            }
            assertThrows(IllegalArgumentException.class, () -> Resize.bilinear(m.zeros(new Shape(2, 2)), 4, 4));
        }
    }

    @Test
    void gradientIsTheTransposedResampling() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.randomNormal(new Shape(1, 1, 3, 4));
            NDArray g = m.randomNormal(new Shape(1, 1, 5, 7));
            x.setRequiresGradient(true);
            try (GradientCollector c = m.getEngine().newGradientCollector()) {
                c.backward(Resize.bilinear(x, 5, 7).mul(g).sum());
            }
            NDArray expected = Resize.matrix(m, 3, 5).transpose().matMul(g.reshape(5, 7)).matMul(Resize.matrix(m, 4, 7));
            assertArrayEquals(expected.toFloatArray(), x.getGradient().toFloatArray(), 1e-5f);
        }
    }
}

package io.github.prcv2021.textureunet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.ParameterStore;
import io.github.prcv2021.nn.TransposedConv2d;
import io.github.prcv2021.nn.UNet;
import org.junit.jupiter.api.Test;

/** PAC (Eq. 2) against ordinary convolutions, the kernel's closed form, and the assembled networks. */
class PacTest {

    private static double maxAbs(NDArray a, NDArray b) {
        return a.sub(b).abs().max().getFloat();
    }

    @Test
    void stridedPacWithConstantGuidanceEqualsConv2d() {
        try (NDManager m = NDManager.newBaseManager()) {
            m.getEngine().setRandomSeed(3);
            NDArray x = m.randomNormal(new Shape(2, 3, 10, 8));
            NDArray w = m.randomNormal(new Shape(5, 3, 3, 3));
            NDArray b = m.randomNormal(new Shape(5));
            NDArray guide = m.full(new Shape(2, 4, 10, 8), 0.7f);
            NDArray pac = PacConv2d.pacConv2d(x, guide, w, b, 2, 1);
            NDArray conv = Conv2d.conv2d(x, w, b, new Shape(2, 2), new Shape(1, 1), new Shape(1, 1)).head();
            assertEquals(conv.getShape(), pac.getShape());
            assertTrue(maxAbs(pac, conv) < 1e-5, "max |PAC - Conv2d| = " + maxAbs(pac, conv));
        }
    }

    @Test
    void stride1Kernel5PacWithConstantGuidanceEqualsConv2d() {
        try (NDManager m = NDManager.newBaseManager()) {
            m.getEngine().setRandomSeed(4);
            NDArray x = m.randomNormal(new Shape(1, 2, 7, 9));
            NDArray w = m.randomNormal(new Shape(3, 2, 5, 5));
            NDArray guide = m.full(new Shape(1, 2, 7, 9), -1.3f);
            NDArray pac = PacConv2d.pacConv2d(x, guide, w, null, 1, 2);
            NDArray conv = Conv2d.conv2d(x, w, null, new Shape(1, 1), new Shape(2, 2), new Shape(1, 1)).head();
            assertTrue(maxAbs(pac, conv) < 1e-5, "max |PAC - Conv2d| = " + maxAbs(pac, conv));
        }
    }

    @Test
    void transposedPacWithConstantGuidanceEqualsTransposedConv2d() {
        try (NDManager m = NDManager.newBaseManager()) {
            m.getEngine().setRandomSeed(5);
            NDArray x = m.randomNormal(new Shape(2, 4, 5, 6));
            NDArray w = m.randomNormal(new Shape(4, 3, 3, 3));
            NDArray b = m.randomNormal(new Shape(3));
            NDArray guide = m.full(new Shape(2, 2, 10, 12), 2f);
            NDArray pac = PacConvTranspose2d.pacConvTranspose2d(x, guide, w, b, 2, 1, 1);
            NDArray ref = TransposedConv2d.transposedConv2d(x, w, b, 2, 1, 1);
            assertEquals(new Shape(2, 3, 10, 12), pac.getShape());
            assertTrue(maxAbs(pac, ref) < 1e-5, "max |PAC^T - ConvTranspose2d| = " + maxAbs(pac, ref));
        }
    }

    /** A step of height Δ in one guidance channel: K = exp(−Δ²/2) across the step, 1 on the centre's side. */
    @Test
    void kernelAcrossAStepEdgeIsGaussianOfTheStepHeight() {
        try (NDManager m = NDManager.newBaseManager()) {
            float delta = 1.5f;
            float[] g = new float[6 * 6];
            for (int r = 0; r < 6; r++) {
                for (int c = 3; c < 6; c++) {
                    g[r * 6 + c] = delta;
                }
            }
            NDArray guide = m.create(g, new Shape(1, 1, 6, 6));
            // stride 1, no padding: output (4, 4); location (1, 1) has centre (2, 2) on the left, window columns 1..3
            float[] k = PacKernel.compute(guide, 3, 1, 4, 4).toFloatArray();
            double across = Math.exp(-0.5 * delta * delta);
            for (int pos = 0; pos < 9; pos++) {
                int dj = pos % 3;
                float v = k[pos * 16 + 1 * 4 + 1];
                assertEquals(dj == 2 ? across : 1.0, v, 1e-6, "window position " + pos);
            }
        }
    }

    @Test
    void nonConstantGuidanceChangesTheOutput() {
        try (NDManager m = NDManager.newBaseManager()) {
            m.getEngine().setRandomSeed(6);
            NDArray x = m.randomNormal(new Shape(1, 2, 8, 8));
            NDArray w = m.randomNormal(new Shape(2, 2, 3, 3));
            NDArray pac = PacConv2d.pacConv2d(x, m.randomNormal(new Shape(1, 3, 8, 8)), w, null, 2, 1);
            NDArray conv = Conv2d.conv2d(x, w, null, new Shape(2, 2), new Shape(1, 1), new Shape(1, 1)).head();
            assertTrue(maxAbs(pac, conv) > 1e-2);
        }
    }

    @Test
    void badGuidanceSizeNamesExpectedAndActual() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.ones(new Shape(1, 2, 8, 8));
            NDArray w = m.ones(new Shape(2, 2, 3, 3));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> PacConvTranspose2d.pacConvTranspose2d(x, m.ones(new Shape(1, 1, 8, 8)), w, null, 2, 1, 1));
            assertTrue(e.getMessage().contains("16 x 16"), e.getMessage());
            assertThrows(IllegalArgumentException.class,
                    () -> PacConv2d.pacConv2d(x, m.ones(new Shape(1, 1, 4, 4)), w, null, 2, 1));
        }
    }

    @Test
    void textureGuidedUNetShapesMatchAForwardPassAndGradientsReachTheGuidance() {
        try (NDManager m = NDManager.newBaseManager()) {
            UNet net = TextureGuidedUNet.textureGuided(4, 3, 4, true);
            Shape in = new Shape(2, 1, 32, 32);
            net.initialize(m, DataType.FLOAT32, in);
            Shape[] declared = net.getOutputShapes(new Shape[] {in});
            NDList out;
            try (ai.djl.training.GradientCollector gc = m.getEngine().newGradientCollector()) {
                out = net.forward(new ParameterStore(m, false), new NDList(m.randomUniform(0, 1, in)), true);
                gc.backward(out.head().square().mean());
            }
            assertEquals(declared.length, out.size());
            for (int i = 0; i < out.size(); i++) {
                assertEquals(declared[i], out.get(i).getShape());
            }
            NDArray grad = net.getChildren().get("01guidance").getParameters().valueAt(0).getArray().getGradient();
            assertTrue(grad.abs().sum().getFloat() > 0, "the guidance convs receive a gradient");
        }
    }

    @Test
    void undecimatedTextureKeepsTheEnergyPerPixel() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.randomUniform(0, 1, new Shape(1, 1, 8, 8));
            NDArray t = TextureGuidance.waveletTexture(x, TextureGuidance.Mode.UNDECIMATED);
            assertEquals(new Shape(1, 4, 8, 8), t.getShape());
            // at (0, 0) the four bands are the orthonormal Haar transform of the 2×2 block x[0:2, 0:2]
            float[] block = x.get(":, :, 0:2, 0:2").toFloatArray();
            float[] bands = t.get(":, :, 0, 0").toFloatArray();
            float a = block[0];
            float b = block[1];
            float c = block[2];
            float d = block[3];
            assertArrayEquals(new float[] {(a + b + c + d) / 2, (a + b - c - d) / 2, (a - b + c - d) / 2, (a - b - c + d) / 2},
                    bands, 1e-6f);
        }
    }
}

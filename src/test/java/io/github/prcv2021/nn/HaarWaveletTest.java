package io.github.prcv2021.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import org.junit.jupiter.api.Test;

/** The Haar transform and the pixel shuffle on hand-computed blocks, and their inverses. */
class HaarWaveletTest {

    @Test
    void oneBlockByHand() {
        try (NDManager m = NDManager.newBaseManager()) {
            // [a b; c d] = [1 2; 3 5]
            NDArray x = m.create(new float[] {1, 2, 3, 5}, new Shape(1, 1, 2, 2));
            float[] y = HaarWavelet.forward(x).toFloatArray();
            assertArrayEquals(new float[] {(1 + 2 + 3 + 5) / 2f, (1 + 2 - 3 - 5) / 2f, (1 - 2 + 3 - 5) / 2f,
                (1 - 2 - 3 + 5) / 2f}, y, 1e-6f);
        }
    }

    @Test
    void inverseAndEnergyAndChannelOrder() {
        try (NDManager m = NDManager.newBaseManager()) {
            m.getEngine().setRandomSeed(5);
            NDArray x = m.randomNormal(new Shape(2, 3, 8, 6), DataType.FLOAT64);
            NDArray y = HaarWavelet.forward(x);
            assertEquals(new Shape(2, 12, 4, 3), y.getShape());
            assertEquals(x.square().sum().getDouble(), y.square().sum().getDouble(), 1e-9);
            assertEquals(0.0, HaarWavelet.inverse(y).sub(x).abs().max().getDouble(), 1e-12);
            // channel 1's LL is channel 4 of the output: the 2×2 block sums / 2
            NDArray x1 = x.get(":, 1:2, :, :");
            NDArray ll = x1.get(":, :, 0::2, 0::2").add(x1.get(":, :, 0::2, 1::2")).add(x1.get(":, :, 1::2, 0::2"))
                    .add(x1.get(":, :, 1::2, 1::2")).div(2);
            assertEquals(0.0, y.get(":, 4:5, :, :").sub(ll).abs().max().getDouble(), 1e-12);
            assertEquals(new Shape(2, 12, 4, 3), new HaarWavelet().getOutputShapes(new Shape[] {x.getShape()})[0]);
            assertThrows(IllegalArgumentException.class, () -> HaarWavelet.forward(m.zeros(new Shape(1, 1, 3, 4))));
            assertThrows(IllegalArgumentException.class, () -> HaarWavelet.inverse(m.zeros(new Shape(1, 3, 2, 2))));
        }
    }

    @Test
    void gradientOfTheBlockIsTheTransposeTransform() {
        // for y = W x orthonormal, d(Σ g⊙y)/dx = Wᵀ g = inverse(g)
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.randomNormal(new Shape(1, 2, 4, 4));
            NDArray g = m.randomNormal(new Shape(1, 8, 2, 2));
            x.setRequiresGradient(true);
            HaarWavelet block = new HaarWavelet();
            try (GradientCollector c = m.getEngine().newGradientCollector()) {
                NDArray y = block.forward(new ParameterStore(m, false), new NDList(x), true).singletonOrThrow();
                c.backward(y.mul(g).sum());
            }
            assertEquals(0.0, x.getGradient().sub(HaarWavelet.inverse(g)).abs().max().getFloat(), 1e-5);
        }
    }

    @Test
    void pixelShuffleFollowsPyTorchsOrderAndInverts() {
        try (NDManager m = NDManager.newBaseManager()) {
            // in (1, 4, 1, 1) = [0, 1, 2, 3], r = 2 → out[0, 0, i, j] = in[i·2 + j]
            NDArray x = m.arange(4f).reshape(1, 4, 1, 1);
            assertArrayEquals(new float[] {0, 1, 2, 3}, PixelShuffle.shuffle(x, 2).toFloatArray());
            assertEquals(new Shape(1, 1, 2, 2), PixelShuffle.shuffle(x, 2).getShape());
            // in (1, 8, 1, 2): channel c·4 + i·2 + j at (0, w) goes to (c, i, 2w + j)
            NDArray z = m.arange(16f).reshape(1, 8, 1, 2);
            NDArray out = PixelShuffle.shuffle(z, 2);
            assertEquals(new Shape(1, 2, 2, 4), out.getShape());
            int c = 1;
            int i = 1;
            int j = 0;
            int w = 1;
            assertEquals(z.getFloat(0, c * 4 + i * 2 + j, 0, w), out.getFloat(0, c, i, 2 * w + j));
            NDArray r = m.randomNormal(new Shape(2, 18, 3, 5));
            assertEquals(0f, PixelShuffle.unshuffle(PixelShuffle.shuffle(r, 3), 3).sub(r).abs().max().getFloat());
            assertThrows(IllegalArgumentException.class, () -> PixelShuffle.shuffle(m.zeros(new Shape(1, 3, 2, 2)), 2));
        }
    }
}

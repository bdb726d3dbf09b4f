package io.github.prcv2021.mran;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import org.junit.jupiter.api.Test;

class MranetTest {

    private static long countParameters(Mranet net) {
        long n = 0;
        for (Pair<String, Parameter> p : net.getParameters()) {
            n += p.getValue().getArray().getShape().size();
        }
        return n;
    }

    @Test
    void outputsDespeckledImageAndSpeckleComponentOfInputShape() {
        try (NDManager m = NDManager.newBaseManager()) {
            Mranet net = Mranet.builder().optChannels(8).optGroups(2).optBlocksPerGroup(1).build();
            Shape in = new Shape(2, 1, 12, 10);
            net.initialize(m, DataType.FLOAT32, in);
            NDArray x = m.randomUniform(0.1f, 1f, in);
            NDList out = net.forward(new ParameterStore(m, false), new NDList(x), false);
            assertEquals(2, out.size());
            assertEquals(in, out.get(0).getShape());
            assertEquals(in, out.get(1).getShape());
            assertArrayEquals(new Shape[] {in, in}, net.getOutputShapes(new Shape[] {in}));
            // y = x - z (global residual learning, Fig. 1)
            float[] y = out.get(0).toFloatArray();
            float[] xz = x.sub(out.get(1)).toFloatArray();
            assertArrayEquals(xz, y, 1e-6f);
        }
    }

    @Test
    void zeroTailConvolutionMakesTheNetworkTheIdentity() {
        try (NDManager m = NDManager.newBaseManager()) {
            Mranet net = Mranet.builder().optChannels(8).optGroups(3).optBlocksPerGroup(2).build();
            Shape in = new Shape(1, 1, 9, 9);
            net.initialize(m, DataType.FLOAT32, in);
            for (Pair<String, Parameter> p : net.tail().getParameters()) {
                p.getValue().getArray().muli(0);
            }
            NDArray x = m.randomUniform(0f, 3f, in);
            NDList out = net.forward(new ParameterStore(m, false), new NDList(x), false);
            assertArrayEquals(x.toFloatArray(), out.get(0).toFloatArray(), 0f);
            assertEquals(0f, out.get(1).abs().max().getFloat(), 0f);
        }
    }

    @Test
    void parameterCountMatchesTheFormulaAndThePapersSize() {
        try (NDManager m = NDManager.newBaseManager()) {
            for (Mranet.Variant v : Mranet.Variant.values()) {
                Mranet net = Mranet.builder().optChannels(16).optGroups(2).optBlocksPerGroup(3).optVariant(v).build();
                net.initialize(m, DataType.FLOAT32, new Shape(1, 1, 8, 8));
                assertEquals(Mranet.parameterCount(16, 2, 3, 2, 4, false, 1), countParameters(net), v.name());
            }
            Mranet shared = Mranet.builder().optChannels(16).optGroups(1).optBlocksPerGroup(2).optSharedPrelu(true).build();
            shared.initialize(m, DataType.FLOAT32, new Shape(1, 1, 8, 8));
            assertEquals(Mranet.parameterCount(16, 1, 2, 2, 4, true, 1), countParameters(shared));
        }
        // the paper's network: C = 64, m = 3, n = 10 -> "about 2.4 M" (hand sum in the class javadoc of parameterCount)
        long paper = Mranet.parameterCount(64, 3, 10, 8, 4, false, 1);
        assertEquals(2_402_293, paper);
    }

    @Test
    void bothRcbVariantsKeepTheShape() {
        try (NDManager m = NDManager.newBaseManager()) {
            Shape in = new Shape(1, 4, 6, 6);
            NDArray x = m.randomNormal(in);
            for (Mranet.Variant v : Mranet.Variant.values()) {
                var block = Mranet.rcb(4, v, 2, false);
                block.initialize(m, DataType.FLOAT32, in);
                NDArray y = block.forward(new ParameterStore(m, false), new NDList(x), false).singletonOrThrow();
                assertEquals(in, y.getShape());
            }
        }
    }

    @Test
    void preluHasSlopeOnNegativeSide() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray y = ChannelPrelu.prelu(m.create(new float[] {-2f, 0f, 3f}), m.create(0.25f));
            assertArrayEquals(new float[] {-0.5f, 0f, 3f}, y.toFloatArray(), 0f);
            ChannelPrelu p = new ChannelPrelu(3, false);
            p.initialize(m, DataType.FLOAT32, new Shape(1, 3, 2, 2));
            NDArray a = p.getParameters().get("alpha").getArray();
            assertEquals(new Shape(1, 3, 1, 1), a.getShape());
            assertArrayEquals(new float[] {0.25f, 0.25f, 0.25f}, a.toFloatArray(), 0f);
        }
    }

    @Test
    void badSizesAreRejectedWithTheExpectedValue() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Mranet.builder().optGroups(0).build());
        assertTrue(e.getMessage().contains("groups"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Mranet.builder().optChannels(4).optBlockReduction(8).build());
        try (NDManager m = NDManager.newBaseManager()) {
            Mranet net = Mranet.builder().optChannels(8).optGroups(1).optBlocksPerGroup(1).build();
            IllegalArgumentException wrong = assertThrows(IllegalArgumentException.class,
                    () -> net.initialize(m, DataType.FLOAT32, new Shape(1, 3, 8, 8)));
            assertTrue(wrong.getMessage().contains("(N, 1, H, W)"), wrong.getMessage());
        }
    }

    @Test
    void lossIsTheMeanAbsoluteErrorOfTheDespeckledOutput() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray clean = m.create(new float[] {0f, 1f, 2f, 3f}, new Shape(1, 1, 2, 2));
            NDArray y = m.create(new float[] {1f, 1f, 0f, 3.5f}, new Shape(1, 1, 2, 2));
            NDArray z = m.zeros(new Shape(1, 1, 2, 2));
            double loss = new MranLoss().evaluate(new NDList(clean), new NDList(y, z)).getFloat();
            assertEquals((1 + 0 + 2 + 0.5) / 4, loss, 1e-7);
        }
    }
}

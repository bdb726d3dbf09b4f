package io.github.prcv2021.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class CifarResNetTest {

    private static long countParameters(Block block) {
        long n = 0;
        for (Pair<String, Parameter> p : block.getParameters()) {
            n += p.getValue().getArray().size();
        }
        return n;
    }

    @Test
    void parameterCountMatchesTheArchitecture() {
        // Keras reports 0.27M (ResNet-20), 0.66M (ResNet-44), 0.85M (ResNet-56) trainable parameters on CIFAR-10.
        int[][] cases = {{20, 3, 10}, {44, 3, 10}, {56, 3, 100}, {20, 1, 10}};
        for (int[] c : cases) {
            try (NDManager m = NDManager.newBaseManager()) {
                Block net = CifarResNet.builder().setDepth(c[0]).setNumClasses(c[2]).build();
                net.initialize(m, DataType.FLOAT32, new Shape(1, c[1], 32, 32));
                assertEquals(CifarResNet.parameterCount(c[0], c[1], c[2]), countParameters(net), "depth " + c[0]);
            }
        }
        // trainable parameters (BN running statistics excluded) in the range Keras prints
        long trainable44 = CifarResNet.parameterCount(44, 3, 10) - 2 * (16 + 7 * 2 * (16 + 32 + 64));
        assertTrue(trainable44 > 650_000 && trainable44 < 670_000, "ResNet-44 trainable " + trainable44);
    }

    @Test
    void outputShapesAreDeclaredAndMatchAForwardPass() {
        try (NDManager m = NDManager.newBaseManager()) {
            Block net = CifarResNet.builder().setDepth(20).setNumClasses(10).build();
            Shape in = new Shape(2, 1, 28, 28);
            net.initialize(m, DataType.FLOAT32, in);
            Shape declared = net.getOutputShapes(new Shape[] {in})[0];
            NDArray out = net.forward(new ParameterStore(m, false), new NDList(m.randomNormal(in)), false).singletonOrThrow();
            assertEquals(new Shape(2, 10), declared);
            assertEquals(declared, out.getShape());
        }
    }

    @Test
    void savesAndLoadsThroughDjlWithTheSameOutput() throws Exception {
        Path dir = Files.createTempDirectory("resnet");
        try (NDManager m = NDManager.newBaseManager(); Model model = Model.newInstance("r20")) {
            model.setBlock(CifarResNet.builder().setDepth(20).setNumClasses(10).build());
            model.getBlock().initialize(model.getNDManager(), DataType.FLOAT32, new Shape(1, 1, 28, 28));
            NDArray x = m.randomUniform(0, 1, new Shape(3, 1, 28, 28));
            NDArray before = model.getBlock().forward(new ParameterStore(m, false), new NDList(x), false).singletonOrThrow();
            model.save(dir, "r20");
            try (Model loaded = Model.newInstance("r20")) {
                loaded.setBlock(CifarResNet.builder().setDepth(20).setNumClasses(10).build());
                loaded.load(dir, "r20");
                NDArray after = loaded.getBlock().forward(new ParameterStore(m, false), new NDList(x), false).singletonOrThrow();
                assertEquals(0f, before.sub(after).abs().max().getFloat(), 1e-6f);
            }
        }
    }

    @Test
    void badDepthIsAClearError() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CifarResNet.builder().setDepth(45));
        assertTrue(e.getMessage().contains("6n + 2") && e.getMessage().endsWith("got 45"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> CifarResNet.builder().setDepth(20).build());
    }

    @Test
    void mlpHasTheGivenWidths() {
        try (NDManager m = NDManager.newBaseManager()) {
            Block net = Mlp.of(784, 500, 500, 10);
            net.initialize(m, DataType.FLOAT32, new Shape(1, 784));
            assertEquals(784L * 500 + 500 + 500L * 500 + 500 + 500L * 10 + 10, countParameters(net));
            assertThrows(IllegalArgumentException.class, () -> Mlp.of(784));
        }
    }
}

package io.github.prcv2021.fdattention;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import io.github.prcv2021.nn.CifarResNet;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** FD-ResNets: same parameters as the plain networks, FD where the paper puts it, shapes, save/load. */
class FdResNetTest {

    private static long count(Block block, boolean trainableOnly) {
        long n = 0;
        for (Pair<String, Parameter> p : block.getParameters()) {
            Parameter.Type t = p.getValue().getType();
            if (!trainableOnly || (t != Parameter.Type.RUNNING_MEAN && t != Parameter.Type.RUNNING_VAR)) {
                n += p.getValue().getArray().size();
            }
        }
        return n;
    }

    private static int fdModules(Block block) {
        int n = block instanceof FdAttention ? 1 : 0;
        for (Pair<String, Block> c : block.getChildren()) {
            n += fdModules(c.getValue());
        }
        return n;
    }

    @Test
    void cifarParameterCountIsIdenticalWithAndWithoutFd() {
        for (int depth : new int[] {20, 32, 44, 56, 110}) {
            try (NDManager m = NDManager.newBaseManager()) {
                Block plain = FdResNet.cifar(depth, 10, false);
                Block fd = FdResNet.cifar(depth, 10, true);
                Shape in = new Shape(1, 3, 32, 32);
                plain.initialize(m, DataType.FLOAT32, in);
                fd.initialize(m, DataType.FLOAT32, in);
                assertEquals(CifarResNet.parameterCount(depth, 3, 10), count(plain, false), "plain " + depth);
                assertEquals(count(plain, false), count(fd, false), "FD adds no parameters, depth " + depth);
                assertEquals(0, fdModules(plain));
                assertEquals(3 * (depth - 2) / 6, fdModules(fd), "FD in every basic block, depth " + depth);
            }
        }
    }

    @Test
    void fdChangesTheFunctionOfTheSameWeights() {
        try (NDManager m = NDManager.newBaseManager()) {
            Shape in = new Shape(2, 1, 28, 28);
            Block plain = FdResNet.cifar(8, 10, false);
            Block fd = FdResNet.cifar(8, 10, true);
            Engine.getInstance().setRandomSeed(3);
            plain.initialize(m, DataType.FLOAT32, in);
            Engine.getInstance().setRandomSeed(3);
            fd.initialize(m, DataType.FLOAT32, in);
            var pp = plain.getParameters();
            var fp = fd.getParameters();
            for (int i = 0; i < pp.size(); i++) {
                assertEquals(0f, pp.get(i).getValue().getArray().sub(fp.get(i).getValue().getArray()).abs().max().getFloat(),
                        0f, "same seed gives the same initial weights: " + pp.get(i).getKey());
            }
            NDArray x = m.randomNormal(in);
            NDArray a = plain.forward(new ParameterStore(m, false), new NDList(x), false).singletonOrThrow();
            NDArray b = fd.forward(new ParameterStore(m, false), new NDList(x), false).singletonOrThrow();
            assertEquals(new Shape(2, 10), b.getShape());
            assertEquals(fd.getOutputShapes(new Shape[] {in})[0], b.getShape());
            assertTrue(a.sub(b).abs().max().getFloat() > 1e-4f, "FD must change the output");
        }
    }

    @Test
    void imageNetHostsHaveTorchvisionParameterCountsWithAndWithoutFd() {
        // torchvision: resnet18 11,689,512; resnet34 21,797,672; resnet50 25,557,032; resnext50_32x4d 25,028,904
        Object[][] cases = {{18, 1, 64, 11_689_512L, 8}, {34, 1, 64, 21_797_672L, 16}, {50, 1, 64, 25_557_032L, 13},
            {50, 32, 4, 25_028_904L, 13}};
        for (Object[] c : cases) {
            int depth = (Integer) c[0];
            for (boolean fd : new boolean[] {false, true}) {
                try (NDManager m = NDManager.newBaseManager()) {
                    Block net = FdResNet.imageNetBuilder().setDepth(depth).setNumClasses(1000).optFeatureDifference(fd)
                            .optGroups((Integer) c[1], (Integer) c[2]).build();
                    net.initialize(m, DataType.FLOAT32, new Shape(1, 3, 64, 64));
                    assertEquals((long) c[3], count(net, true), "depth " + depth + " groups " + c[1] + " fd " + fd);
                    assertEquals(fd ? (int) c[4] : 0, fdModules(net), "FD blocks, depth " + depth);
                }
            }
        }
    }

    @Test
    void bottleneckStrideOnFirst1x1PutsFdInEveryBlockAndForwardWorks() {
        try (NDManager m = NDManager.newBaseManager()) {
            Block net = FdResNet.imageNetBuilder().setDepth(50).setNumClasses(7).optStrideOnFirst1x1(true).build();
            Shape in = new Shape(2, 3, 64, 64);
            net.initialize(m, DataType.FLOAT32, in);
            assertEquals(16, fdModules(net));
            NDArray y = net.forward(new ParameterStore(m, false), new NDList(m.randomNormal(in)), false).singletonOrThrow();
            assertEquals(new Shape(2, 7), y.getShape());
            assertEquals(net.getOutputShapes(new Shape[] {in})[0], y.getShape());
            assertEquals(25_557_032L - 2048L * 1000 - 1000 + 2048L * 7 + 7, count(net, true));
        }
    }

    @Test
    void savesAndLoadsThroughDjlWithTheSameOutput() throws Exception {
        Path dir = Files.createTempDirectory("fdresnet");
        try (NDManager m = NDManager.newBaseManager(); Model model = Model.newInstance("fd20")) {
            model.setBlock(FdResNet.cifar(20, 10, true));
            model.getBlock().initialize(model.getNDManager(), DataType.FLOAT32, new Shape(1, 1, 28, 28));
            NDArray x = m.randomUniform(0, 1, new Shape(3, 1, 28, 28));
            NDArray before = model.getBlock().forward(new ParameterStore(m, false), new NDList(x), false).singletonOrThrow();
            model.save(dir, "fd20");
            try (Model loaded = Model.newInstance("fd20")) {
                loaded.setBlock(FdResNet.cifar(20, 10, true));
                loaded.load(dir, "fd20");
                NDArray after = loaded.getBlock().forward(new ParameterStore(m, false), new NDList(x), false).singletonOrThrow();
                assertEquals(0f, before.sub(after).abs().max().getFloat(), 1e-6f);
            }
        }
    }
}

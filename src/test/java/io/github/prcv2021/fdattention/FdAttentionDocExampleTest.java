package io.github.prcv2021.fdattention;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import io.github.prcv2021.docs.DocExamples;
import io.github.prcv2021.nn.CifarResNet;
import org.junit.jupiter.api.Test;

/** The example on docs/papers/02-fd-attention.md compiles and runs here. */
class FdAttentionDocExampleTest {

    @Test
    void docPageExampleRuns() throws Exception {
        try (NDManager manager = NDManager.newBaseManager()) {
            // DOC:begin
            // FD-ResNet-56 for 10 classes: the plain ResNet-56 with FD in every basic block, same parameters
            Block fdResNet56 = FdResNet.cifar(56, 10, true);
            Block resNet56 = FdResNet.cifar(56, 10, false);

            // FD around any shape-preserving operator: F~ = sigmoid(smooth(F - X)) * F   (Eqs. 2-5)
            Block refined = FdAttention.wrap(CifarResNet.convBn(16, 1));

            // the same math without a block
            NDArray x = manager.randomNormal(new Shape(8, 16, 32, 32));
            NDArray f = manager.randomNormal(new Shape(8, 16, 32, 32));
            NDArray mask = FdAttention.mask(x, f, 1f);  // in [0.5, 1), 0.5 where F = X
            NDArray out = FdAttention.refine(x, f, 1f); // mask * F
            // DOC:end
            fdResNet56.initialize(manager, DataType.FLOAT32, new Shape(1, 3, 32, 32));
            resNet56.initialize(manager, DataType.FLOAT32, new Shape(1, 3, 32, 32));
            assertEquals(resNet56.getParameters().size(), fdResNet56.getParameters().size());
            refined.initialize(manager, DataType.FLOAT32, x.getShape());
            NDArray y = refined.forward(new ParameterStore(manager, false), new NDList(x), false).singletonOrThrow();
            assertEquals(x.getShape(), y.getShape());
            assertTrue(mask.min().getFloat() >= 0.5f);
            assertEquals(0f, out.sub(mask.mul(f)).abs().max().getFloat(), 0f);
        }
        assertTrue(DocExamples.pageContains("docs/papers/02-fd-attention.md",
                DocExamples.snippet("src/test/java/io/github/prcv2021/fdattention/FdAttentionDocExampleTest.java", "DOC")));
    }
}

package io.github.prcv2021.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import org.junit.jupiter.api.Test;

/** Parameter counts by hand and shapes of {@link SmallCnn}. */
class SmallCnnTest {

    @Test
    void parameterCountAndOutputShapeAreAsComputedByHand() {
        try (NDManager m = NDManager.newBaseManager()) {
            SequentialBlock net = SmallCnn.build(3, new int[] {4, 6}, 8, 10, false);
            net.initialize(m, DataType.FLOAT32, new Shape(1, 1, 28, 28));
            // conv 1->4 (3x3): 40; conv 4->6: 222; 6x7x7 = 294 -> 8: 2360; 8 -> 10: 90
            long count = 0;
            for (Pair<String, ai.djl.nn.Parameter> p : net.getParameters()) {
                count += p.getValue().getArray().size();
            }
            assertEquals(40 + 222 + 2360 + 90, count);
            NDList out = net.forward(new ParameterStore(m, false), new NDList(m.zeros(new Shape(3, 1, 28, 28))), false);
            assertEquals(new Shape(3, 10), out.head().getShape());
            SequentialBlock bn = SmallCnn.build(5, new int[] {4}, 8, 10, true);
            bn.initialize(m, DataType.FLOAT32, new Shape(1, 1, 28, 28));
            assertTrue(bn.getParameters().keys().stream().anyMatch(k -> k.contains("gamma")));
        }
    }

    @Test
    void badArgumentsAreClearErrors() {
        IllegalArgumentException even = assertThrows(IllegalArgumentException.class,
                () -> SmallCnn.build(4, new int[] {8}, 8, 10, false));
        assertTrue(even.getMessage().contains("odd"), even.getMessage());
        assertThrows(IllegalArgumentException.class, () -> SmallCnn.build(3, new int[0], 8, 10, false));
        assertThrows(IllegalArgumentException.class, () -> SmallCnn.build(3, new int[] {8, 0}, 8, 10, false));
    }
}

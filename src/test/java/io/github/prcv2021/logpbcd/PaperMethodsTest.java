package io.github.prcv2021.logpbcd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(SingleThreadedEngine.class)
class PaperMethodsTest {

    @Test
    void allFiveMethodsFollowTheSameContract() {
        try (NDManager manager = NDManager.newBaseManager()) {
            TestData train = TestData.blobs(manager, 10, 200, 2, 51);
            TestData test = TestData.blobs(manager, 10, 200, 2, 52);
            NDArray testLabels = test.labelIndices(manager);
            int before = manager.getManagedArrays().size();
            List<MlpTrainingMethod> methods = PaperMethods.table1(PaperSetting.FASHION_MNIST, 7, 10, 16, 16, 2);
            List<String> names = new ArrayList<>();
            for (MlpTrainingMethod m : methods) {
                try (m) {
                    names.add(m.name());
                    List<IterationRecord> seen = new ArrayList<>();
                    m.addListener((method, r) -> seen.add(r));
                    List<IterationRecord> h = m.fit(train.x, train.yOneHot, 25);
                    assertEquals(h, seen);
                    assertEquals(25, m.iteration());
                    assertArrayEquals(new int[] {10, 16, 16, 2}, m.layerSizes());
                    IterationRecord last = h.get(24);
                    assertTrue(last.trainAccuracy() >= 0.85, last.toString());
                    assertTrue(m.accuracy(test.x, testLabels) >= 0.85, m.name());
                    assertTrue(Double.isFinite(last.objective()) && last.objectiveParts().containsKey("total"));
                    for (int l = 1; l <= 2; l++) {
                        double s = m.activationSparsity(l);
                        assertTrue(s >= 0 && s <= 1);
                    }
                    NDArray out = m.toBlock().forward(new ParameterStore(manager, false),
                            new NDList(test.x.transpose()), false).singletonOrThrow();
                    assertEquals(0.0, out.sub(m.scores(test.x).transpose()).abs().max().getFloat(), 1e-4, m.name());
                    assertArrayEquals(m.predict(test.x).toLongArray(), out.argMax(1).toLongArray());
                }
            }
            assertEquals(List.of("SGD", "proximal BCD", "ADMM", "LOG-ADMM", "LOG-PBCD"), names);
            // toBlock() parameters stay with the data's manager; everything else is freed by close()
            int extra = manager.getManagedArrays().size() - before;
            assertTrue(extra > 0, "the exported blocks own arrays in the data's manager");
        }
    }
}

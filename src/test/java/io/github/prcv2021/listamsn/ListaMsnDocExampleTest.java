package io.github.prcv2021.listamsn;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.ParameterStore;
import ai.djl.training.Trainer;
import ai.djl.training.dataset.ArrayDataset;
import ai.djl.training.optimizer.Optimizer;
import io.github.prcv2021.docs.DocExamples;
import io.github.prcv2021.train.StandardStep;
import io.github.prcv2021.train.TrainingLoop;
import org.junit.jupiter.api.Test;

/** The example on docs/papers/32-lista-msn.md compiles and runs here (a small synthetic task). */
class ListaMsnDocExampleTest {

    @Test
    void docPageExampleRuns() throws Exception {
        double pe;
        double istaPe;
        double zeros;
        try (NDManager manager = NDManager.newBaseManager()) {
            // DOC:begin
            // Gaussian 64 x 256 dictionary, signals scaled to λ_max = 1, targets z* by 500 FISTA steps
            SparseCodingData task = SparseCodingData.gaussian(manager, 64, 256, 2000, 500, 0.5f, 500, 1);
            ListaMsn net = new ListaMsn(
                    Lista.builder().setDictionary(task.dictionary()).setNumLayers(10).build(), // W_e, S, θ as ISTA
                    MixtureSparsityNetwork.builder().setCodeSize(256).optNumComponents(3).build()); // ε = 0.01
            try (Model model = Model.newInstance("lista-msn")) {
                model.setBlock(net);
                ArrayDataset train = new ArrayDataset.Builder().setData(task.xTrain()).optLabels(task.zTrain())
                        .setSampling(256, true).build();
                try (Trainer trainer = model.newTrainer(new DefaultTrainingConfig(new MixtureNllLoss()) // Eq. 7
                        .optOptimizer(Optimizer.adam().build()))) {
                    trainer.initialize(new Shape(1, 64));
                    TrainingLoop.builder().setEpochs(3).optStep(new StandardStep(false)).build().fit(trainer, train, null);
                }
                NDList mixture = net.forward(new ParameterStore(manager, false), new NDList(task.xTest()), false);
                NDArray z = ListaMsn.mostLikely(mixture); // Eq. 12: centre of the most probable component
                pe = SparseCoding.predictionError(task.dictionary(), task.xTest(), z); // mean ||x - Dz||^2
                zeros = SparseCoding.sparsity(z, 0.01f);
            }
            NDArray ista = Ista.ista(task.dictionary(), task.xTest(), 0.5f, task.lipschitz(), 10);
            istaPe = SparseCoding.predictionError(task.dictionary(), task.xTest(), ista);
            // DOC:end
        }
        assertTrue(pe > 0 && pe < 1.5 * istaPe, "prediction error " + pe + " vs ISTA " + istaPe);
        assertTrue(zeros > 0.3 && zeros < 1, "zeros " + zeros);
        assertTrue(DocExamples.pageContains("docs/papers/32-lista-msn.md",
                DocExamples.snippet("src/test/java/io/github/prcv2021/listamsn/ListaMsnDocExampleTest.java", "DOC")));
    }
}

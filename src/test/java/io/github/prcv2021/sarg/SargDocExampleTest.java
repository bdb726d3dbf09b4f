package io.github.prcv2021.sarg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.Trainer;
import ai.djl.training.dataset.ArrayDataset;
import ai.djl.training.optimizer.Optimizer;
import io.github.prcv2021.docs.DocExamples;
import io.github.prcv2021.train.TrainingLoop;
import org.junit.jupiter.api.Test;

/** The example on docs/papers/05-sarg.md compiles and runs here (300 scenes, 2 epochs). */
class SargDocExampleTest {

    @Test
    void docPageExampleRuns() throws Exception {
        NDArray scores;
        NDArray activity;
        try (NDManager manager = NDManager.newBaseManager()) {
            // DOC:begin
            SyntheticGroupScenes world = SyntheticGroupScenes.builder().optDecoyWeight(1.5f).optNoise(3f).optSeed(1).build();
            ArrayDataset train = world.generate(300, 2).toDataset(manager, 32, true); // (features, centres), (group, actions)
            SargNet net = SargNet.builder() // N_g graphs (Eq. 1-4), subgraphs (Eq. 5-10), Fusion Net (Eq. 13)
                    .setDim(64).setNumActions(world.numActions()).setNumActivities(world.numClasses())
                    .optNumGraphs(1).optDistanceThreshold(0.3f) // μ in the centres' units
                    .optRatio(0.5f).optEncoder(AttentionEncoder.GCN).optFusion(FusionMode.MAXPOOL)
                    .optInputEmbedding(true) // raw features: FC-LN-ReLU first, as after RoIAlign
                    .build();
            try (Model model = Model.newInstance("sarg")) {
                model.setBlock(net);
                try (Trainer trainer = model.newTrainer(new DefaultTrainingConfig(new GroupActivityLoss()) // Eq. 14, λ = 1
                        .optOptimizer(Optimizer.adam().build()))) {
                    trainer.initialize(new Shape(32, 12, 64), new Shape(32, 12, 2));
                    TrainingLoop.builder().setEpochs(2).build().fit(trainer, train, null);
                    SyntheticGroupScenes.Scenes test = world.generate(50, 3);
                    NDList out = trainer.evaluate(new NDList(test.featuresArray(manager), test.centresArray(manager)));
                    activity = out.get(0); // group-activity logits (50, 5); out.get(1): actions (50, 12, 6)
                    scores = out.get(2); // self-attention scores S (50, 12): key actors should score high
                    out.attach(manager); // the results outlive the trainer
                }
            }
            // DOC:end
            assertEquals(new Shape(50, 5), activity.getShape());
            assertEquals(new Shape(50, 12), scores.getShape());
            assertTrue(scores.min().getFloat() > 0 && scores.max().getFloat() < 1, "sigmoid scores");
        }
        assertTrue(DocExamples.pageContains("docs/papers/05-sarg.md",
                DocExamples.snippet("src/test/java/io/github/prcv2021/sarg/SargDocExampleTest.java", "DOC")));
    }
}

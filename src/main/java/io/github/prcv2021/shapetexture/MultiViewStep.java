package io.github.prcv2021.shapetexture;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.dataset.Batch;
import io.github.prcv2021.core.Checks;
import io.github.prcv2021.metrics.Classification;
import io.github.prcv2021.train.TrainingStep;

/**
 * One step of the paper's "standard training" (Sect. 4.3): forward through {@link MultiViewNet}, the
 * total loss of Eq. 8 ({@link MultiViewLoss}, with the batch's images as the reconstruction target),
 * backward, optimizer update. Counts correct predictions of the mixture (Eq. 5's argmax). Batches carry
 * {@code data = {image}} (or {@code {image, alpha}}) and {@code labels = {classes}}.
 */
public final class MultiViewStep implements TrainingStep {

    @Override
    public StepResult step(Trainer trainer, Batch batch) {
        Checks.check(trainer.getLoss() instanceof MultiViewLoss, "MultiViewStep", "a trainer whose loss is a MultiViewLoss",
                trainer.getLoss().getClass().getSimpleName());
        NDList data = batch.getData();
        NDArray classes = batch.getLabels().head();
        long n = data.head().getShape().get(0);
        double lossValue;
        long correct;
        try (GradientCollector gc = trainer.newGradientCollector()) {
            NDList preds = trainer.forward(data);
            NDArray loss = trainer.getLoss().evaluate(new NDList(classes, data.head()), preds);
            gc.backward(loss);
            lossValue = loss.getFloat() * n;
            correct = Classification.correct(preds.get(MultiViewNet.MIXTURE), classes);
        }
        trainer.step();
        return new StepResult(lossValue, correct, n);
    }
}

package io.github.prcv2021.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.dataset.Batch;
import io.github.prcv2021.metrics.Classification;

/**
 * The ordinary supervised step: forward, the trainer's loss, backward, optimizer update. Counts
 * correct predictions when the labels are class indices of a classifier.
 */
public final class StandardStep implements TrainingStep {

    private final boolean countCorrect;

    /** A step that also counts top-1 correct predictions. */
    public StandardStep() {
        this(true);
    }

    /** A step; {@code countCorrect = false} for models that are not classifiers. */
    public StandardStep(boolean countCorrect) {
        this.countCorrect = countCorrect;
    }

    @Override
    public StepResult step(Trainer trainer, Batch batch) {
        NDList data = batch.getData();
        NDList labels = batch.getLabels();
        long n = data.head().getShape().get(0);
        double lossValue;
        long correct = 0;
        try (GradientCollector gc = trainer.newGradientCollector()) {
            NDList preds = trainer.forward(data, labels);
            NDArray loss = trainer.getLoss().evaluate(labels, preds);
            gc.backward(loss);
            lossValue = loss.getFloat() * n;
            if (countCorrect) {
                correct = Classification.correct(preds.head(), labels.head());
            }
        }
        trainer.step();
        return new StepResult(lossValue, correct, n);
    }
}

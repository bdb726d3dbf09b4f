package io.github.prcv2021.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.dataset.Batch;
import io.github.prcv2021.core.Gradients;
import io.github.prcv2021.metrics.Classification;

/**
 * The ordinary supervised step: forward, the trainer's loss, backward, optimizer update. Counts
 * correct predictions when the labels are class indices of a classifier. Optionally a step whose loss or
 * gradients are not finite is skipped: its gradients are zeroed, no update is made, and it is counted
 * ({@link #skipped()}).
 */
public final class StandardStep implements TrainingStep {

    private final boolean countCorrect;
    private final boolean skipNonFinite;
    private int skipped;

    /** A step that also counts top-1 correct predictions. */
    public StandardStep() {
        this(true);
    }

    /** A step; {@code countCorrect = false} for models that are not classifiers. */
    public StandardStep(boolean countCorrect) {
        this(countCorrect, false);
    }

    /**
     * A step.
     *
     * @param countCorrect false for models that are not classifiers
     * @param skipNonFinite skip (and count) the updates whose loss or gradients are not finite
     */
    public StandardStep(boolean countCorrect, boolean skipNonFinite) {
        this.countCorrect = countCorrect;
        this.skipNonFinite = skipNonFinite;
    }

    /** The number of updates skipped because the loss or a gradient was not finite. */
    public int skipped() {
        return skipped;
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
        if (skipNonFinite && !(Double.isFinite(lossValue) && Gradients.allFinite(trainer.getModel().getBlock()))) {
            Gradients.zero(trainer.getModel().getBlock());
            skipped++;
            return new StepResult(0, 0, n);
        }
        trainer.step();
        return new StepResult(lossValue, correct, n);
    }

    /**
     * One update on a batch given as arrays (forward, loss, backward, optimizer step), for loops that draw
     * their own batches.
     *
     * @return the batch's mean loss
     */
    public static double update(Trainer trainer, NDList data, NDList labels) {
        double value;
        try (GradientCollector gc = trainer.newGradientCollector()) {
            NDList preds = trainer.forward(data, labels);
            NDArray loss = trainer.getLoss().evaluate(labels, preds);
            gc.backward(loss);
            value = loss.getFloat();
        }
        trainer.step();
        return value;
    }
}

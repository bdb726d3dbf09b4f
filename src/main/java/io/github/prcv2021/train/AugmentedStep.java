package io.github.prcv2021.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.Trainer;
import ai.djl.training.dataset.Batch;
import io.github.prcv2021.core.Checks;
import java.util.function.UnaryOperator;

/**
 * Data augmentation in front of any {@link TrainingStep}: the batch's inputs are transformed (random
 * shifts, crops, resize-and-pad, ...) before the wrapped step sees them; labels are unchanged. The
 * transformed arrays belong to the batch's manager, which the loop closes.
 */
public final class AugmentedStep implements TrainingStep {

    private final TrainingStep inner;
    private final UnaryOperator<NDArray> augmentation;

    /**
     * A step.
     *
     * @param inner the step that trains on the augmented batch
     * @param augmentation applied to the batch's first input, keeping its shape
     */
    public AugmentedStep(TrainingStep inner, UnaryOperator<NDArray> augmentation) {
        this.inner = Checks.notNull(inner, "AugmentedStep", "inner");
        this.augmentation = Checks.notNull(augmentation, "AugmentedStep", "augmentation");
    }

    @Override
    public StepResult step(Trainer trainer, Batch batch) {
        NDList data = batch.getData();
        NDArray augmented = augmentation.apply(data.head());
        Checks.check(augmented.getShape().equals(data.head().getShape()), "AugmentedStep",
                "an augmentation that keeps the shape " + data.head().getShape(), augmented.getShape());
        return inner.step(trainer, withInput(batch, augmented));
    }

    /**
     * A view of {@code batch} whose first input is {@code input} (the other inputs and the labels are the
     * batch's). It shares the batch's manager, so it must not be closed: the loop closes the batch.
     */
    public static Batch withInput(Batch batch, NDArray input) {
        NDList data = batch.getData();
        NDList newData = new NDList(input);
        for (int i = 1; i < data.size(); i++) {
            newData.add(data.get(i));
        }
        return new Batch(batch.getManager(), newData, batch.getLabels(), batch.getSize(), null, null,
                batch.getProgress(), batch.getProgressTotal());
    }
}

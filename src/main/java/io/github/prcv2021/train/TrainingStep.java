package io.github.prcv2021.train;

import ai.djl.training.Trainer;
import ai.djl.training.dataset.Batch;

/**
 * One training step on one batch: the hook through which papers plug a custom step (adversarial
 * examples, GAN alternation, regularisers) into {@link TrainingLoop} instead of writing a loop. A step
 * computes, back-propagates and applies the update (for example {@code trainer.step()}), and reports
 * what it saw. Arrays it creates belong to the batch's manager, which the loop closes after the step.
 */
@FunctionalInterface
public interface TrainingStep {

    /** Runs the step and returns its statistics. */
    StepResult step(Trainer trainer, Batch batch);

    /** What one step reports: the summed loss over the batch's examples, and correct predictions. */
    record StepResult(double lossSum, long correct, long count) {}
}

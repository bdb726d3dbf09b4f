/**
 * The training loop shared by papers ({@link io.github.prcv2021.train.TrainingLoop}) with a step hook
 * for custom training ({@link io.github.prcv2021.train.TrainingStep}), history, CSV, checkpoints and
 * console progress.
 */
package io.github.prcv2021.train;

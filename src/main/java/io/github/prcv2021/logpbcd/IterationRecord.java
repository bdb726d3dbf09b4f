package io.github.prcv2021.logpbcd;

import java.util.Map;

/**
 * What one iteration of an {@link MlpTrainingMethod} produced.
 *
 * @param method the method's {@link MlpTrainingMethod#name() name}
 * @param iteration the iteration index, 1 for the first call of {@code iterate()}
 * @param objective the method's own objective after the iteration (Eq. 4 for LOG-PBCD and proximal
 *     BCD, the augmented Lagrangian for ADMM, the mean cross-entropy for gradient descent); NaN when
 *     evaluation is switched off
 * @param objectiveParts the named terms of {@code objective}, in a fixed order
 * @param trainAccuracy accuracy of a plain forward pass on the training data after the iteration;
 *     NaN when switched off
 * @param updateSeconds wall time of the parameter updates alone
 * @param evaluationSeconds wall time of computing {@code objective} and {@code trainAccuracy}
 */
public record IterationRecord(
        String method,
        int iteration,
        double objective,
        Map<String, Double> objectiveParts,
        double trainAccuracy,
        double updateSeconds,
        double evaluationSeconds) {

    /** Copies the parts map so that the record is immutable. */
    public IterationRecord {
        objectiveParts = Map.copyOf(objectiveParts);
    }

    /** One line for progress logs. */
    @Override
    public String toString() {
        return String.format(
                java.util.Locale.ROOT,
                "%s it %d: objective %.6g, train acc %.4f, update %.2fs, eval %.2fs",
                method, iteration, objective, trainAccuracy, updateSeconds, evaluationSeconds);
    }
}

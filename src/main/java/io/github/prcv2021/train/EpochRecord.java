package io.github.prcv2021.train;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What one epoch produced: mean training loss, training accuracy (on the possibly noisy labels the
 * model is trained on), validation accuracy (NaN when not evaluated), wall seconds, and any extra
 * metrics a listener adds.
 */
public record EpochRecord(int epoch, double trainLoss, double trainAccuracy, double validationAccuracy,
        double seconds, Map<String, Double> extra) {

    /** A record without extras. */
    public EpochRecord(int epoch, double trainLoss, double trainAccuracy, double validationAccuracy, double seconds) {
        this(epoch, trainLoss, trainAccuracy, validationAccuracy, seconds, new LinkedHashMap<>());
    }
}

package io.github.prcv2021.logpbcd;

/** Called after every iteration of an {@link MlpTrainingMethod}, e.g. to print progress or keep a history. */
@FunctionalInterface
public interface IterationListener {

    /**
     * Receives one iteration's record.
     *
     * @param method the method that ran the iteration
     * @param record what the iteration produced
     */
    void onIteration(MlpTrainingMethod method, IterationRecord record);
}

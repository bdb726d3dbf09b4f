package io.github.prcv2021.repro;

import io.github.prcv2021.core.EngineTuning;
import io.github.prcv2021.core.Seeds;

/** Runs a reproduction: tunes the engine once ({@link EngineTuning}), seeds everything, times the run. */
public final class Runner {

    private Runner() {}

    /** Seeds the engine with the context's seed, runs, and sets the wall time. */
    public static Result run(Reproduction reproduction, Settings settings, RunContext context) {
        EngineTuning.apply();
        Seeds.seedAll(context.seed());
        long t0 = System.nanoTime();
        Result r = reproduction.run(settings, context);
        r.setWallSeconds((System.nanoTime() - t0) / 1e9);
        return r;
    }
}

package io.github.prcv2021.repro;

import ai.djl.Device;
import io.github.prcv2021.train.ProgressBar;
import java.io.PrintStream;

/**
 * What a reproduction is given besides its settings: the scale, the seed, the device, where to report
 * progress and log lines.
 *
 * @param scale the scale the defaults came from
 * @param seed the base seed; runs with several seeds use {@code seed, seed + 1, ...}
 * @param device the device to train on
 * @param progress progress of long inner loops
 * @param log human-readable log lines (standard error in the CLI)
 */
public record RunContext(Scale scale, long seed, Device device, ProgressBar progress, PrintStream log) {

    /** A context with a silent progress bar and no log (tests). */
    public static RunContext quiet(Scale scale, long seed) {
        return new RunContext(scale, seed, ai.djl.engine.Engine.getInstance().defaultDevice(), ProgressBar.silent(),
                new PrintStream(java.io.OutputStream.nullOutputStream()));
    }
}

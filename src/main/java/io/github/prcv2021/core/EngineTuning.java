package io.github.prcv2021.core;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;
import java.lang.management.ManagementFactory;
import java.util.Locale;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * CPU engine settings for training, applied once at start-up by the library's training code
 * ({@code EngineTuning.apply()} before the first model is built; later calls return the same
 * {@link Settings}).
 *
 * <p>What it does, and the measurements behind it ({@code benchmarks/README.md}, "Where the time
 * goes"; 2-core AMD EPYC shared with other builds, 7-layer CNN, batch 128):
 *
 * <ul>
 *   <li><b>Intra-op threads</b> from the system property {@value #THREADS_PROPERTY}: a number, or
 *       {@code auto} for the cores the machine's other work leaves free at start-up (cores minus
 *       the rounded one-minute load average, at least 1). Unset, the engine keeps its own setting
 *       ({@code -Dai.djl.pytorch.num_threads}, else one thread per core). A training step runs
 *       about 85 OpenMP parallel regions; when the team has more threads than free cores each
 *       region waits for a descheduled thread, and the CNN step took 810-830 ms with 2 threads
 *       against 245-280 ms with 1 thread at load 4 (120-150 ms with 2 threads in a quiet
 *       moment).
 *   <li><b>A warning when OpenMP spins</b>: with {@code OMP_WAIT_POLICY} unset, OpenMP threads
 *       busy-wait between regions and take the CPU from the thread that has work; with
 *       {@code OMP_WAIT_POLICY=PASSIVE} the same step took 260-430 ms instead of 810-830 ms (the
 *       PyTorch peer gains the same). The variable is read when the native library loads, so it
 *       must be set in the environment of the JVM (the project's Surefire configuration and
 *       {@code benchmarks/run.sh} set it); this class can only report it. It also warns about
 *       {@code OMP_DYNAMIC=true}, with which a CNN step did not finish in minutes.
 * </ul>
 */
public final class EngineTuning {

    /** System property with the intra-op thread count: a positive number or {@code auto}. */
    public static final String THREADS_PROPERTY = "prcv.threads";

    private static final Logger LOG = LoggerFactory.getLogger(EngineTuning.class);

    private static Settings applied;

    private EngineTuning() {}

    /**
     * What {@link #apply()} found and set, for run reports.
     *
     * @param intraOpThreads the engine's intra-op threads after tuning
     * @param interOpThreads the engine's inter-op threads
     * @param ompWaitPolicy {@code OMP_WAIT_POLICY} of the process, or {@code "unset"}
     * @param cores available processors
     * @param loadAverage one-minute load average at start-up, negative when unknown
     */
    public record Settings(
            int intraOpThreads, int interOpThreads, String ompWaitPolicy, int cores, double loadAverage) {}

    /**
     * Starts the engine if needed and applies the settings described in the class javadoc, once
     * per JVM.
     *
     * @return the settings in force
     * @throws IllegalArgumentException if {@value #THREADS_PROPERTY} is neither a positive number
     *     nor {@code auto}
     */
    public static synchronized Settings apply() {
        if (applied != null) {
            return applied;
        }
        Engine.getInstance();
        int cores = Runtime.getRuntime().availableProcessors();
        double load = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        int threads = chooseThreads(System.getProperty(THREADS_PROPERTY), cores, load,
                JniUtils.getNumThreads());
        if (threads != JniUtils.getNumThreads()) {
            JniUtils.setNumThreads(threads);
        }
        String policy = System.getenv("OMP_WAIT_POLICY");
        waitPolicyAdvice(policy, System.getenv("OMP_DYNAMIC"), threads).ifPresent(LOG::warn);
        applied = new Settings(JniUtils.getNumThreads(), JniUtils.getNumInteropThreads(),
                policy == null ? "unset" : policy, cores, load);
        LOG.debug("engine settings: {}", applied);
        return applied;
    }

    /**
     * The intra-op thread count for a property value.
     *
     * @param property the value of {@value #THREADS_PROPERTY}: null (keep {@code current}), a
     *     positive number, or {@code auto}
     * @param cores available processors
     * @param loadAverage one-minute load average of the machine, negative when unknown
     * @param current the engine's current intra-op threads
     * @return the thread count to use
     */
    static int chooseThreads(String property, int cores, double loadAverage, int current) {
        if (property == null || property.isBlank()) {
            return current;
        }
        String p = property.trim().toLowerCase(Locale.ROOT);
        if (p.equals("auto")) {
            if (loadAverage < 0 || Double.isNaN(loadAverage)) {
                return cores;
            }
            long busy = Math.round(loadAverage);
            return (int) Math.max(1, Math.min(cores, cores - busy));
        }
        try {
            int n = Integer.parseInt(p);
            Checks.check(n > 0, "EngineTuning", THREADS_PROPERTY + " > 0 or auto", property);
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    "EngineTuning expects " + THREADS_PROPERTY + " to be a positive number or auto, got "
                            + property, e);
        }
    }

    /**
     * The warning to log for the process's OpenMP environment, if any.
     *
     * @param waitPolicy {@code OMP_WAIT_POLICY}, or null
     * @param dynamic {@code OMP_DYNAMIC}, or null
     * @param threads intra-op threads in use
     * @return a message, or empty when the environment is fine
     */
    static Optional<String> waitPolicyAdvice(String waitPolicy, String dynamic, int threads) {
        if (dynamic != null && dynamic.trim().equalsIgnoreCase("true")) {
            return Optional.of("OMP_DYNAMIC=true: with the PyTorch engine a training step can take"
                    + " minutes instead of milliseconds; unset it (see benchmarks/README.md)");
        }
        boolean passive = waitPolicy != null && waitPolicy.trim().equalsIgnoreCase("passive");
        if (passive || threads <= 1) {
            return Optional.empty();
        }
        return Optional.of("OMP_WAIT_POLICY is " + (waitPolicy == null ? "unset" : waitPolicy)
                + " with " + threads + " intra-op threads: idle OpenMP threads spin, and on a busy"
                + " machine a training step can be 2-3x slower than with OMP_WAIT_POLICY=PASSIVE"
                + " (set it in the JVM's environment; see benchmarks/README.md)");
    }
}

package io.github.prcv2021.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import io.github.prcv2021.core.EngineTuning;
import io.github.prcv2021.core.LeanSgd;
import com.sun.management.OperatingSystemMXBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Attributes the time of a training step to its phases with {@link System#nanoTime()} (CPU ops of
 * the PyTorch engine are synchronous, so a phase's wall time is its cost). Prints one JSON line per
 * model with the median milliseconds of each phase, the same keys as {@code pytorch/phases.py}.
 *
 * <pre>
 * java -Dai.djl.pytorch.num_threads=2 -Dai.djl.pytorch.num_interop_threads=2 \
 *      -cp benchmarks/target/benchmarks.jar io.github.prcv2021.bench.PhaseProbe \
 *      --model cnn7 --batch 128 --warmup 10 --steps 30 [--update trainer|lean] [--tuned true]
 *      [--profile trace.json]
 * </pre>
 *
 * <p>Phases: {@code forward} (the block), {@code loss}, {@code backward} (autograd through the
 * collector), {@code update} ({@link Trainer#step()}: parameter server, SGD, zeroing of gradients; or
 * {@link LeanSgd#step} with {@code --update lean}), and {@code cpu}: CPU time of the whole
 * process per step, the mean over the measured steps (all threads; unlike wall time it hardly
 * depends on other load on the machine, but it counts spinning OpenMP threads as work),
 * {@code close} (closing the step's arrays and the collector). {@code --profile FILE} writes the
 * engine's own operator profile (a Chrome trace) of the measured steps.
 */
public final class PhaseProbe {

    private PhaseProbe() {}

    /** Entry point; see the class javadoc for the arguments. */
    public static void main(String[] args) throws Exception {
        Map<String, String> a = parse(args);
        String[] models = a.getOrDefault("model", "cnn7").split(",");
        int batch = Integer.parseInt(a.getOrDefault("batch", "128"));
        int warmup = Integer.parseInt(a.getOrDefault("warmup", "10"));
        int steps = Integer.parseInt(a.getOrDefault("steps", "30"));
        String profile = a.get("profile");
        String update = a.getOrDefault("update", "trainer");
        OperatingSystemMXBean cpu =
                (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        if (Boolean.parseBoolean(a.getOrDefault("tuned", "false"))) {
            EngineTuning.apply();
        }
        for (String name : models) {
            try (TrainFixture f = TrainFixture.create(name, batch, 42);
                    LeanSgd sgd = LeanSgd.builder()
                            .setLearningRate(TrainFixture.LEARNING_RATE)
                            .optMomentum(TrainFixture.MOMENTUM)
                            .build()) {
                Map<String, List<Long>> t = new LinkedHashMap<>();
                long cpuStart = 0;
                for (int i = 0; i < warmup + steps; i++) {
                    boolean measured = i >= warmup;
                    if (measured && profile != null && i == warmup) {
                        JniUtils.startProfile(false, true, false);
                    }
                    if (i == warmup) {
                        cpuStart = cpu.getProcessCpuTime();
                    }
                    long[] p = step(f, "lean".equals(update) ? sgd : null);
                    if (measured) {
                        String[] keys = {"forward", "loss", "backward", "update", "close", "total"};
                        for (int k = 0; k < keys.length; k++) {
                            t.computeIfAbsent(keys[k], x -> new ArrayList<>()).add(p[k]);
                        }
                    }
                }
                // the process CPU clock ticks in 10 ms: report the mean over the measured steps
                double cpuMs = (cpu.getProcessCpuTime() - cpuStart) / 1e6 / steps;
                if (profile != null) {
                    JniUtils.stopProfile(profile);
                }
                StringBuilder sb = new StringBuilder();
                sb.append("{\"side\": \"djl\", \"model\": \"").append(name).append('"');
                sb.append(", \"update\": \"").append(update).append('"');
                sb.append(", \"threads\": ").append(JniUtils.getNumThreads());
                sb.append(", \"interop\": ").append(JniUtils.getNumInteropThreads());
                sb.append(", \"params\": ").append(f.trainableParameters());
                for (Map.Entry<String, List<Long>> e : t.entrySet()) {
                    sb.append(String.format(Locale.ROOT, ", \"%s_ms\": %.3f", e.getKey(),
                            median(e.getValue()) / 1e6));
                }
                sb.append(String.format(Locale.ROOT, ", \"cpu_ms\": %.3f", cpuMs));
                System.out.println(sb.append('}'));
            }
        }
    }

    /**
     * One manual step; returns nanoseconds of forward, loss, backward, update, close, total. The
     * update is {@code trainer.step()}, or {@code sgd.step(block)} when {@code sgd} is given.
     */
    static long[] step(TrainFixture f, LeanSgd sgd) {
        Trainer trainer = f.trainer();
        long t0 = System.nanoTime();
        long t1;
        long t2;
        long t3;
        long t4;
        try (NDManager step = f.dataManager().newSubManager();
                GradientCollector gc = trainer.newGradientCollector()) {
            NDList in = new NDList(f.x());
            NDList labels = new NDList(f.y());
            step.tempAttachAll(in, labels);
            NDList pred = trainer.forward(in);
            t1 = System.nanoTime();
            NDArray loss = trainer.getLoss().evaluate(labels, pred);
            t2 = System.nanoTime();
            gc.backward(loss);
            t3 = System.nanoTime();
            gc.close();
            if (sgd == null) {
                trainer.step();
            } else {
                sgd.step(f.model().getBlock());
            }
            t4 = System.nanoTime();
        }
        long t5 = System.nanoTime();
        return new long[] {t1 - t0, t2 - t1, t3 - t2, t4 - t3, t5 - t4, t5 - t0};
    }

    static double median(List<Long> v) {
        long[] s = v.stream().mapToLong(Long::longValue).toArray();
        Arrays.sort(s);
        int n = s.length;
        return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2.0;
    }

    static Map<String, String> parse(String[] args) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("expected --key value pairs, got " + args[i]);
            }
            m.put(args[i].substring(2), args[++i]);
        }
        return m;
    }
}

package io.github.prcv2021.repro;

import ai.djl.engine.Engine;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** A description of the machine and software a result was measured on. */
public final class Machine {

    private Machine() {}

    /** CPU model, cores, memory, OS, Java, DJL and engine versions, and the engine's default device. */
    public static Map<String, String> describe() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("cpu", cpuModel());
        m.put("cores", String.valueOf(Runtime.getRuntime().availableProcessors()));
        m.put("maxHeapMiB", String.valueOf(Runtime.getRuntime().maxMemory() >> 20));
        m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"));
        m.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
        try {
            Engine e = Engine.getInstance();
            m.put("djl", Engine.getDjlVersion());
            m.put("engine", e.getEngineName() + " " + e.getVersion());
            m.put("device", e.defaultDevice().toString());
        } catch (RuntimeException ex) {
            m.put("engine", "unavailable: " + ex.getMessage());
        }
        return m;
    }

    private static String cpuModel() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    return line.substring(line.indexOf(':') + 1).trim();
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux: fall through
        }
        return System.getProperty("os.arch");
    }
}

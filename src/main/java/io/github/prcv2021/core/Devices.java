package io.github.prcv2021.core;

import ai.djl.Device;
import ai.djl.engine.Engine;
import java.util.Locale;

/**
 * Device choice. Code asks here (or the {@link Engine}) for its device and never assumes CPU, so
 * the same code runs on a GPU when the CUDA native artifact ({@code -Pcuda}) is on the class path.
 */
public final class Devices {

    private Devices() {}

    /** The engine's default device: the first GPU when one is visible, else the CPU. */
    public static Device preferred() {
        return Engine.getInstance().defaultDevice();
    }

    /**
     * Parses {@code cpu}, {@code gpu} (first GPU), {@code gpu:N} or {@code auto}.
     *
     * @throws IllegalArgumentException for any other name, or for a GPU that the engine cannot see
     */
    public static Device parse(String name) {
        Checks.notNull(name, "Devices.parse", "a device name");
        String n = name.trim().toLowerCase(Locale.ROOT);
        if (n.equals("auto")) {
            return preferred();
        }
        if (n.equals("cpu")) {
            return Device.cpu();
        }
        if (n.equals("gpu") || n.startsWith("gpu:")) {
            int id = n.equals("gpu") ? 0 : Integer.parseInt(n.substring(4));
            int visible = Engine.getInstance().getGpuCount();
            Checks.check(id < visible, "Devices.parse",
                    "a GPU index below the " + visible + " GPU(s) the engine sees (build with -Pcuda on a CUDA machine)",
                    name);
            return Device.gpu(id);
        }
        throw new IllegalArgumentException("Devices.parse expects cpu, gpu, gpu:N or auto, got " + name);
    }
}

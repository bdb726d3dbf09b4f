package io.github.prcv2021.testutil;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The process's resident set size, for tests that check native memory stays flat. */
public final class NativeMemory {

    private NativeMemory() {}

    /** VmRSS of this process in KiB, from {@code /proc/self/status}. */
    public static long rssKiB() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot read /proc/self/status", e);
        }
        throw new IllegalStateException("no VmRSS line in /proc/self/status");
    }
}

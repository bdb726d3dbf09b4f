package io.github.prcv2021.repro;

import java.util.Locale;

/** How big a reproduction run is. */
public enum Scale {
    /** Seconds: exercises the experiment code in unit tests. */
    SMOKE,
    /** At most about 90 s on 2 CPU cores: the claim tests and {@code prcv reproduce ID} by default. */
    QUICK,
    /** Paper scale wherever the data exist offline; hours if needed. */
    FULL;

    /** Parses {@code smoke}, {@code quick} or {@code full}, case-insensitive. */
    public static Scale parse(String s) {
        for (Scale v : values()) {
            if (v.name().equalsIgnoreCase(s.trim())) {
                return v;
            }
        }
        throw new IllegalArgumentException("Scale expects smoke, quick or full, got " + s);
    }

    /** The lower-case name used on the command line and in reports. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}

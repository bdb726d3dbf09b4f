package io.github.prcv2021.repro;

import java.util.Locale;

/** How far the library has a paper. */
public enum Status {
    /** Not implemented yet. */
    PLANNED,
    /** The method is implemented and tested; its central claim is not (or not yet) confirmed at quick scale. */
    IMPLEMENTED,
    /** Implemented, and a claim test confirms the paper's central claim at quick scale. */
    CLAIM_VERIFIED;

    /** The label used in listings: planned, implemented, claim-verified. */
    public String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** Parses a label. */
    public static Status parse(String s) {
        return valueOf(s.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
    }
}

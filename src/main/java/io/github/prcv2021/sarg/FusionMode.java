package io.github.prcv2021.sarg;

/** How actor, graph and subgraph features become the scene representation (the paper's Sect. 3.3, Table 2). */
public enum FusionMode {
    /** {@code Z = X + Σ_i (H^(1,i) + H'^(1,i)_s)}, {@code Z'} the column-wise maximum over actors (Eq. 11). */
    MAXPOOL,
    /** The same Z, {@code Z'} the sum over actors (Eq. 12). */
    ADDPOOL,
    /** {@code Z = Σ_i ReLU([X, H^(1,i), H'^(1,i)_s] W_{p,i} + b_{p,i})}, {@code Z'} the sum over actors (Eq. 13). */
    FUSION_NET
}

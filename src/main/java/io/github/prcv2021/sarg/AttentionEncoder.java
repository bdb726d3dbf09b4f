package io.github.prcv2021.sarg;

/** The self-attention score encoders of the paper's Sect. 3.2 and Table 1. */
public enum AttentionEncoder {
    /** {@code S = sigmoid(Â H Θ_att)}, Â = A + I (Eq. 6, the paper's final choice). */
    GCN,
    /** {@code S = sigmoid(F_attn(H))}, a two-layer MLP d → d/2 → 1 with a ReLU between (Eq. 7). */
    FC
}

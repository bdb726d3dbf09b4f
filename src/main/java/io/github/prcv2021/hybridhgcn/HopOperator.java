package io.github.prcv2021.hybridhgcn;

/**
 * How the k-hop operator {@code Ĥ^(k)} of the paper's Eq. 8 is read. The paper says only that
 * {@code Ĥ^(k)} "represents the incidence matrix of k-th order of power" with degree matrices
 * {@code D_v^(k)}, {@code D_e^(k)} of that power (Sect. 4); it does not say whether the power keeps path
 * counts, so the three readings are offered (the reproduction's ablation compares them).
 */
public enum HopOperator {
    /**
     * {@code H_k = H^k}, the plain matrix power of the square incidence matrix (path counts and soft
     * weights kept), then {@code Ĥ^(k) = D_v^(k)^{−1/2} H_k W D_e^(k)^{−1} H_kᵀ D_v^(k)^{−1/2}}. The default.
     */
    INCIDENCE_POWER,
    /** As {@link #INCIDENCE_POWER} with {@code H^k} binarised to 0/1 reachability before normalising. */
    INCIDENCE_POWER_BINARIZED,
    /** The k-th power {@code (Ĥ)^k} of the first-order operator of Eq. 5. */
    OPERATOR_POWER
}

package io.github.prcv2021.logpbcd;

/**
 * How the bias block {@code B_l} of LOG-PBCD is updated (Eq. 6 and 8).
 *
 * <p>Eq. 6 minimises {@code ρ/2‖Z_l − W_l A_{l−1} − B_l‖² + δ/2‖B_l − B_l^{old}‖²} over the bias
 * matrix {@code B_l}, whose columns Sect. 2.1 says are all the same. The paper's closed form, Eq. 8,
 * minimises over unrestricted matrices, so its columns drift apart.
 */
public enum BiasUpdate {
    /**
     * The default: the exact minimiser of Eq. 6 over matrices with equal columns {@code B = b 1ᵀ}
     * (the proximal term is then {@code δM/2‖b − b^{old}‖²}):
     * {@code b ← (δ b + ρ mean_j(Z − W A)_{:,j}) / (ρ + δ)}. It equals the column mean of Eq. 8.
     */
    SHARED_VECTOR,
    /**
     * The proximal term taken on the vector, {@code δ/2‖b − b^{old}‖²}, as in Lau et al.'s reference
     * code and the specification digest: {@code b ← (δ b + ρ Σ_j (Z − W A)_{:,j}) / (ρM + δ)}. For
     * large M it is nearly the unregularised least-squares bias.
     */
    VECTOR_PROX,
    /**
     * Eq. 8 as printed: {@code B ← (δ B + ρ(Z − W A)) / (ρ + δ)}, a {@code d_l × M} matrix. A plain
     * forward pass (prediction, {@code toBlock()}) then uses its column mean as the bias vector.
     */
    PAPER_MATRIX
}

/**
 * Paper 19: FPSORA, "Flexible Projection Search Using Optimal Re-weighted Adjacency for Unsupervised
 * Manifold Learning" (Yuting Tao, Haifeng Zhao, Yan Zhang; PRCV 2021, LNCS 13022, pp. 227-239).
 *
 * <p>{@link io.github.prcv2021.fpsora.Fpsora} alternates the closed-form optimal re-weighting of a fixed kNN
 * graph (Eqs. 5-9) with the flexible projection update {@code Z ← (L_A^{1/2})⁺ L_o^{1/2} Z} (Eqs. 10-11);
 * {@link io.github.prcv2021.fpsora.Projections} holds the PCA and LPP baselines (also FPSORA's P₀);
 * {@link io.github.prcv2021.fpsora.PsdRoots} the Laplacian roots; {@link io.github.prcv2021.fpsora.FpsoraReproduction}
 * the clustering comparison of Table 2 on offline substitutes for its data sets.
 */
package io.github.prcv2021.fpsora;

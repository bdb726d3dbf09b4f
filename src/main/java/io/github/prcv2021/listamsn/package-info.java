/**
 * Paper 32: Li Li, Xiao Long, Liansheng Zhuang, Shafei Wang, "Learn the Approximation Distribution of
 * Sparse Coding with Mixture Sparsity Network", PRCV 2021, LNCS 13022, pp. 387–398.
 *
 * <p>LASSO sparse coding by unfolded ISTA networks ({@link io.github.prcv2021.listamsn.Lista},
 * {@link io.github.prcv2021.listamsn.ListaCp}, {@link io.github.prcv2021.listamsn.Alista}) followed by
 * the Mixture Sparsity Network ({@link io.github.prcv2021.listamsn.MixtureSparsityNetwork}), a
 * mixture-density head whose shrunk component means keep the codes sparse, trained jointly by the
 * mixture's negative log-likelihood ({@link io.github.prcv2021.listamsn.MixtureNllLoss}); ISTA and FISTA
 * ({@link io.github.prcv2021.listamsn.Ista}) are the classic references.
 */
package io.github.prcv2021.listamsn;

/**
 * Paper 05: Yutai Duan and Jianming Wang, "Learning Key Actors and Their Interactions for Group Activity
 * Recognition", PRCV 2021, LNCS 13022, pp. 53–65.
 *
 * <p>An actor relation graph (ARG, Wu et al. 2019) over RoI actor features is pooled by a self-attention
 * score into a subgraph of key actors (SARG); the subgraph, the full graph and the actor features are fused
 * into the scene representation that predicts the group activity ({@link io.github.prcv2021.sarg.SargNet}).
 */
package io.github.prcv2021.sarg;

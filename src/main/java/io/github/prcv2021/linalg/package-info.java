/**
 * Dense linear algebra that DJL lacks, through EJML: {@link io.github.prcv2021.linalg.Linalg} (symmetric
 * eigen-decomposition, SVD, pseudo-inverse, linear solves) on {@link ai.djl.ndarray.NDArray}s. Shared
 * by the factorisation, graph and projection papers (06, 09, 19, 23) and by the Fréchet distance.
 */
package io.github.prcv2021.linalg;

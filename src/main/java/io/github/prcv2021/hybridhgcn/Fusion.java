package io.github.prcv2021.hybridhgcn;

/** The hybrid message operator {@code HM(·)} of the paper's Eq. 7 that merges the branches' outputs. */
public enum Fusion {
    /** Element-wise maximum over the branches, the paper's choice ("selects the max elements", Eq. 7). */
    MAX,
    /** Element-wise mean over the branches (not in the paper; an ablation). */
    MEAN
}

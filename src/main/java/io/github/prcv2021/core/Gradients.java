package io.github.prcv2021.core;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.util.Pair;

/**
 * The parameter gradients of a block. The engine accumulates gradients across backward passes, so a step
 * that back-propagates through a block it must not update (a GAN's discriminator during the generator's
 * update) or that abandons an update (a non-finite loss) clears them here. Gradient handles obtained for
 * inspection are closed, so nothing accumulates in the parameters' long-lived manager.
 */
public final class Gradients {

    private Gradients() {}

    /** Sets the gradient of one weight to zero in place (no-op for a weight without a gradient). */
    public static void zero(NDArray weight) {
        if (!weight.hasGradient()) {
            return;
        }
        if (weight instanceof PtNDArray) {
            JniUtils.zeroGrad((PtNDArray) weight);
        } else {
            try (NDArray g = weight.getGradient()) {
                g.muli(0);
            }
        }
    }

    /** Sets every parameter gradient of {@code block} to zero. */
    public static void zero(Block block) {
        for (Pair<String, Parameter> p : block.getParameters()) {
            if (p.getValue().isInitialized()) {
                zero(p.getValue().getArray());
            }
        }
    }

    /** Whether every parameter gradient of {@code block} is finite (no NaN, no infinity). */
    public static boolean allFinite(Block block) {
        for (Pair<String, Parameter> p : block.getParameters()) {
            if (!p.getValue().isInitialized() || !p.getValue().getArray().hasGradient()) {
                continue;
            }
            try (NDArray g = p.getValue().getArray().getGradient(); NDArray bad = g.isNaN().logicalOr(g.isInfinite());
                    NDArray any = bad.any()) {
                if (any.getBoolean()) {
                    return false;
                }
            }
        }
        return true;
    }
}

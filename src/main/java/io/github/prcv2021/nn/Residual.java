package io.github.prcv2021.nn;

import ai.djl.ndarray.NDList;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.ParallelBlock;
import java.util.Arrays;

/**
 * Residual joins as DJL {@link ParallelBlock}s: {@code a(x) + b(x)}, and the skip connection
 * {@code x + body(x)} of residual networks (ResNet shortcuts, the residual groups and channel-attention
 * blocks of the restoration papers).
 */
public final class Residual {

    private Residual() {}

    /** {@code a(x) + b(x)}; both branches must produce the same shape. */
    public static Block sum(Block a, Block b) {
        return new ParallelBlock(list -> new NDList(list.get(0).singletonOrThrow().add(list.get(1).singletonOrThrow())),
                Arrays.asList(a, b));
    }

    /** {@code x + body(x)}; the body must keep the shape. */
    public static Block around(Block body) {
        return sum(body, Blocks.identityBlock());
    }
}

package io.github.prcv2021.nn;

import ai.djl.nn.Activation;
import ai.djl.nn.Blocks;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import io.github.prcv2021.core.Checks;

/**
 * A fully connected ReLU network {@code d_0 − d_1 − ... − d_L}: flatten, then Linear + ReLU per hidden
 * layer and a final Linear producing logits. Used by papers that train MLPs (ICCE's small-scale runs,
 * LOG-PBCD's 784-500-500-10).
 */
public final class Mlp {

    private Mlp() {}

    /**
     * Builds the network for the given layer widths; the first is the input width, which DJL infers
     * on initialisation, so it is only checked to be positive.
     *
     * @param widths {@code d_0, d_1, ..., d_L}, at least two
     */
    public static SequentialBlock of(int... widths) {
        Checks.check(widths != null && widths.length >= 2, "Mlp", "at least an input and an output width",
                widths == null ? "null" : java.util.Arrays.toString(widths));
        for (int w : widths) {
            Checks.positive(w, "Mlp", "every width");
        }
        SequentialBlock net = new SequentialBlock().add(Blocks.batchFlattenBlock());
        for (int l = 1; l < widths.length; l++) {
            net.add(Linear.builder().setUnits(widths[l]).build());
            if (l < widths.length - 1) {
                net.add(Activation.reluBlock());
            }
        }
        return net;
    }
}

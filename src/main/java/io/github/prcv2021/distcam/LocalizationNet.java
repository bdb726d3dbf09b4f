package io.github.prcv2021.distcam;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.pooling.Pool;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import io.github.prcv2021.core.Checks;
import java.util.Locale;

/**
 * The CNN of the Dist-CAM reproduction: a convolutional feature extractor whose last stage gives the
 * map {@code Q} of shape {@code (K, H, W)}, then global average pooling and a head. With the
 * {@link Head#SOFTMAX} head (an FC layer) it is the network CAM needs; with {@link Head#DISTANCE}
 * ({@link DistanceHead}) it is a distance-based metric-learning model for which only Dist-CAM works.
 *
 * <p>Backbones ({@link #parse}): {@code cnn:32-64-128}, one 3x3 convolution (BatchNorm, ReLU) per stage
 * with a 2x2 max pool between stages (the digest's network: a 64 x 64 input gives a 128 x 16 x 16 map);
 * {@code vgg:32-64-128}, two convolutions per stage.
 *
 * <pre>{@code
 * LocalizationNet net = LocalizationNet.parse("cnn:32-64-128", LocalizationNet.Head.SOFTMAX, 10);
 * model.setBlock(net.block());                 // train it like any classifier
 * NDArray q = net.featureMaps(store, images);  // (N, 128, 16, 16) for 64 x 64 images
 * }</pre>
 */
public final class LocalizationNet {

    /** What follows the global average pooling. */
    public enum Head {
        /** An FC layer to the class logits (CAM's network). */
        SOFTMAX,
        /** Learnable prototypes, logits {@code −||q − m_c||²} ({@link DistanceHead}). */
        DISTANCE
    }

    private final SequentialBlock features;
    private final Block head;
    private final SequentialBlock block;
    private final String spec;

    private LocalizationNet(String spec, SequentialBlock features, Block head) {
        this.spec = spec;
        this.features = features;
        this.head = head;
        this.block = new SequentialBlock().add(features).add(Pool.globalAvgPool2dBlock()).add(head);
    }

    /**
     * A network from a backbone spec.
     *
     * @param spec {@code cnn:W1-W2-...} or {@code vgg:W1-W2-...} (channel widths per stage)
     * @param head the head
     * @param numClasses number of classes
     */
    public static LocalizationNet parse(String spec, Head head, int numClasses) {
        return parse(spec, head, numClasses, 1f);
    }

    /**
     * A network from a backbone spec, with the scale {@code gamma} of a {@link DistanceHead} (ignored for
     * {@link Head#SOFTMAX}).
     */
    public static LocalizationNet parse(String spec, Head head, int numClasses, float gamma) {
        String who = "LocalizationNet.parse";
        String[] parts = spec.trim().toLowerCase(Locale.ROOT).split(":");
        Checks.check(parts.length == 2 && (parts[0].equals("cnn") || parts[0].equals("vgg")), who,
                "cnn:W1-W2-... or vgg:W1-W2-...", spec);
        String[] widths = parts[1].split("-");
        int convsPerStage = parts[0].equals("vgg") ? 2 : 1;
        SequentialBlock f = new SequentialBlock();
        for (int s = 0; s < widths.length; s++) {
            int width;
            try {
                width = Integer.parseInt(widths[s]);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(who + " expects integer widths, got " + spec, e);
            }
            Checks.positive(width, who, "width");
            if (s > 0) {
                f.add(Pool.maxPool2dBlock(new Shape(2, 2), new Shape(2, 2)));
            }
            for (int c = 0; c < convsPerStage; c++) {
                f.add(Conv2d.builder().setKernelShape(new Shape(3, 3)).optPadding(new Shape(1, 1)).optBias(false)
                        .setFilters(width).build());
                f.add(BatchNorm.builder().build());
                f.add(Activation.reluBlock());
            }
        }
        Block h = head == Head.SOFTMAX ? Linear.builder().setUnits(numClasses).build() : new DistanceHead(numClasses, gamma);
        return new LocalizationNet(spec, f, h);
    }

    /** The whole network, images {@code (N, C, H, W)} to logits {@code (N, classes)}: give it to a {@code Model}. */
    public SequentialBlock block() {
        return block;
    }

    /** The feature extractor (the network without GAP and head): images to {@code Q}. */
    public SequentialBlock features() {
        return features;
    }

    /** The head: the FC layer ({@link Head#SOFTMAX}) or the {@link DistanceHead}. */
    public Block head() {
        return head;
    }

    /** The backbone spec. */
    public String spec() {
        return spec;
    }

    /** {@code Q = features(x)} in inference mode; {@code store} from the trainer or a new {@code ParameterStore}. */
    public NDArray featureMaps(ParameterStore store, NDArray images) {
        return features.forward(store, new NDList(images), false).singletonOrThrow();
    }

    /** The logits of the head applied to pooled features {@code (N, K)}, inference mode. */
    public NDArray logits(ParameterStore store, NDArray pooled) {
        return head.forward(store, new NDList(pooled), false).singletonOrThrow();
    }
}

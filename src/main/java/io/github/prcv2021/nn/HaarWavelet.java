package io.github.prcv2021.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import io.github.prcv2021.core.Checks;

/**
 * The one-level orthonormal 2-D Haar wavelet transform and its inverse, as fixed, differentiable
 * operations: a depthwise 2×2 convolution with stride 2 forward, and back a grouped 1×1 convolution and a
 * {@link PixelShuffle} (the PyTorch engine of DJL 0.33 has no transposed convolution op). Each 2×2 block {@code [a b; c d]} of every channel
 * becomes four sub-bands at half resolution:
 *
 * <pre>
 *   LL = (a + b + c + d) / 2      LH = (a + b − c − d) / 2
 *   HL = (a − b + c − d) / 2      HH = (a − b − c + d) / 2
 * </pre>
 *
 * <p>(LH differs between the rows of a block, so it responds to horizontal edges; HL to vertical ones.) The
 * transform is orthonormal, so it preserves the energy and its inverse is its transpose. Channel
 * {@code c} of the input gives output channels {@code 4c .. 4c + 3} in the order LL, LH, HL, HH. As a
 * {@link ai.djl.nn.Block} it has no parameters and maps (N, C, H, W) with even H and W to
 * (N, 4C, H/2, W/2); the texture features of paper 04 and the wavelet papers build on it.
 */
public final class HaarWavelet extends AbstractBlock {

    private static final byte VERSION = 1;
    private static final float H = 0.5f;
    /** The four 2×2 filters, row-major, in the order LL, LH, HL, HH. */
    private static final float[][] FILTERS = {
        {H, H, H, H},
        {H, H, -H, -H},
        {H, -H, H, -H},
        {H, -H, -H, H}
    };

    /** The names of the sub-bands in channel order within each input channel. */
    public static final String[] BANDS = {"LL", "LH", "HL", "HH"};

    /** The forward transform as a parameter-free block. */
    public HaarWavelet() {
        super(VERSION);
    }

    /**
     * The forward transform.
     *
     * @param x (N, C, H, W) floating, H and W even
     * @return (N, 4C, H/2, W/2), owned by {@code x}'s manager
     */
    public static NDArray forward(NDArray x) {
        String who = "HaarWavelet.forward";
        Checks.rank(x, 4, who, "x (N, C, H, W)");
        Checks.floating(x, who, "x");
        Shape s = x.getShape();
        Checks.check(s.get(2) % 2 == 0 && s.get(3) % 2 == 0, who, "an even height and width", s);
        long c = s.get(1);
        try (NDArray w = weights(x.getManager(), c, x.getDataType())) {
            return Conv2d.conv2d(x, w, null, new Shape(2, 2), new Shape(0, 0), new Shape(1, 1), (int) c).head();
        }
    }

    /**
     * The inverse transform.
     *
     * @param y (N, 4C, h, w) sub-bands in the order of {@link #forward}
     * @return (N, C, 2h, 2w), owned by {@code y}'s manager
     */
    public static NDArray inverse(NDArray y) {
        String who = "HaarWavelet.inverse";
        Checks.rank(y, 4, who, "y (N, 4C, h, w)");
        Checks.floating(y, who, "y");
        Checks.check(y.getShape().get(1) % 4 == 0, who, "a channel count divisible by 4", y.getShape());
        long c = y.getShape().get(1) / 4;
        // the 4×4 band matrix is symmetric and orthonormal, so it is its own inverse: a grouped 1×1
        // convolution gives each channel's (a, b, c, d), which the pixel shuffle puts back in their 2×2 blocks
        try (NDArray w = weights(y.getManager(), c, y.getDataType()); NDArray w1 = w.reshape(4 * c, 4, 1, 1);
                NDArray pixels = Conv2d.conv2d(y, w1, null, new Shape(1, 1), new Shape(0, 0), new Shape(1, 1), (int) c).head()) {
            return PixelShuffle.shuffle(pixels, 2);
        }
    }

    /** (4C, 1, 2, 2): the four filters repeated for every channel. */
    private static NDArray weights(NDManager manager, long channels, DataType type) {
        float[] w = new float[(int) (16 * channels)];
        for (int ch = 0; ch < channels; ch++) {
            for (int band = 0; band < 4; band++) {
                System.arraycopy(FILTERS[band], 0, w, ch * 16 + band * 4, 4);
            }
        }
        NDArray f = manager.create(w, new Shape(4 * channels, 1, 2, 2));
        if (type == DataType.FLOAT32) {
            return f;
        }
        NDArray t = f.toType(type, false);
        f.close();
        return t;
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
        return new NDList(forward(inputs.singletonOrThrow()));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputs) {
        Shape s = inputs[0];
        return new Shape[] {new Shape(s.get(0), 4 * s.get(1), s.get(2) / 2, s.get(3) / 2)};
    }
}

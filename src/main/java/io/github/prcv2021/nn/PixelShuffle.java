package io.github.prcv2021.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import io.github.prcv2021.core.Checks;

/**
 * Sub-pixel rearrangement (Shi et al., CVPR 2016), PyTorch's {@code PixelShuffle} order:
 * {@code out[n, c, h·r + i, w·r + j] = in[n, c·r² + i·r + j, h, w]}, mapping (N, C·r², H, W) to
 * (N, C, r·H, r·W); {@link #unshuffle} is its inverse. A parameter-free, differentiable reshape and
 * transpose (DJL 0.33 has no depth-to-space on the PyTorch engine).
 */
public final class PixelShuffle extends AbstractBlock {

    private static final byte VERSION = 1;
    private final int factor;

    /** A block that upscales by {@code factor}. */
    public PixelShuffle(int factor) {
        super(VERSION);
        this.factor = Checks.positive(factor, "PixelShuffle", "factor");
    }

    /** The upscaling factor r. */
    public int factor() {
        return factor;
    }

    /**
     * (N, C·r², H, W) to (N, C, r·H, r·W).
     *
     * @throws IllegalArgumentException if the channel count is not divisible by r²
     */
    public static NDArray shuffle(NDArray x, int r) {
        String who = "PixelShuffle.shuffle";
        Checks.rank(x, 4, who, "x (N, C·r², H, W)");
        Checks.positive(r, who, "r");
        Shape s = x.getShape();
        Checks.check(s.get(1) % ((long) r * r) == 0, who, "a channel count divisible by r² = " + r * r, s);
        long c = s.get(1) / ((long) r * r);
        try (NDArray six = x.reshape(s.get(0), c, r, r, s.get(2), s.get(3));
                NDArray t = six.transpose(0, 1, 4, 2, 5, 3)) {
            return t.reshape(s.get(0), c, s.get(2) * r, s.get(3) * r);
        }
    }

    /**
     * (N, C, r·H, r·W) to (N, C·r², H, W), the inverse of {@link #shuffle}.
     *
     * @throws IllegalArgumentException if the height or width is not divisible by r
     */
    public static NDArray unshuffle(NDArray x, int r) {
        String who = "PixelShuffle.unshuffle";
        Checks.rank(x, 4, who, "x (N, C, r·H, r·W)");
        Checks.positive(r, who, "r");
        Shape s = x.getShape();
        Checks.check(s.get(2) % r == 0 && s.get(3) % r == 0, who, "a height and width divisible by r = " + r, s);
        long h = s.get(2) / r;
        long w = s.get(3) / r;
        try (NDArray six = x.reshape(s.get(0), s.get(1), h, r, w, r);
                NDArray t = six.transpose(0, 1, 3, 5, 2, 4)) {
            return t.reshape(s.get(0), s.get(1) * r * r, h, w);
        }
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
        return new NDList(shuffle(inputs.singletonOrThrow(), factor));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputs) {
        Shape s = inputs[0];
        long r2 = (long) factor * factor;
        return new Shape[] {new Shape(s.get(0), s.get(1) / r2, s.get(2) * factor, s.get(3) * factor)};
    }
}

package io.github.prcv2021.invics;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import io.github.prcv2021.core.Checks;
import io.github.prcv2021.nn.PixelShuffle;

/**
 * The block compressive-sensing operators of InvICS (Section 3.1, Eq. 1) in functional form, with the
 * sampling matrix Φ ∈ R^{M×N}, N = B² for B×B blocks, as a plain array so that the sampling layer, the
 * initialisation layer and every gradient step share it:
 *
 * <ul>
 *   <li>{@link #sample}: φ(x), a B×B convolution with stride B whose M filters are the rows of Φ, i.e. y = Φx on
 *       every non-overlapping block;
 *   <li>{@link #transposeSample}: φᵀ(y), the 1×1 convolution with Φᵀ followed by PixelShuffle(B), i.e. Φᵀy put
 *       back in place on every block (the initial estimate x̂₀ and the adjoint in the gradient step, Eq. 2).
 * </ul>
 *
 * Pixel order inside a block is row-major (index i·B + j), as in PyTorch's PixelShuffle and OPINE-Net+.
 */
public final class CsOperators {

    private CsOperators() {}

    /**
     * y = φ(x), Eq. 1 applied per block.
     *
     * @param x (Bn, 1, H, W), H and W multiples of the block size
     * @param phi Φ, (M, blockSize²)
     * @return (Bn, M, H/B, W/B)
     */
    public static NDArray sample(NDArray x, NDArray phi, int blockSize) {
        String who = "CsOperators.sample";
        checkPhi(phi, blockSize, who);
        Checks.rank(x, 4, who, "x (N, 1, H, W)");
        Shape s = x.getShape();
        Checks.check(s.get(1) == 1 && s.get(2) % blockSize == 0 && s.get(3) % blockSize == 0, who,
                "x (N, 1, H, W) with H, W multiples of " + blockSize, s);
        long m = phi.getShape().get(0);
        // the stride-B convolution written as one matrix product per block row (the same numbers)
        try (NDArray rows = toBlocks(x, blockSize); NDArray pt = phi.transpose(); NDArray yr = rows.matMul(pt);
                NDArray y4 = yr.reshape(s.get(0), s.get(2) / blockSize, s.get(3) / blockSize, m)) {
            return y4.transpose(0, 3, 1, 2);
        }
    }

    /**
     * φᵀ(y) = PixelShuffle(Conv1×1(y; Φᵀ)), the adjoint of {@link #sample}.
     *
     * @param y (Bn, M, h, w)
     * @param phi Φ, (M, blockSize²)
     * @return (Bn, 1, h·B, w·B)
     */
    public static NDArray transposeSample(NDArray y, NDArray phi, int blockSize) {
        String who = "CsOperators.transposeSample";
        checkPhi(phi, blockSize, who);
        Checks.rank(y, 4, who, "y (N, M, h, w)");
        long m = phi.getShape().get(0);
        Checks.check(y.getShape().get(1) == m, who, "y with M = " + m + " channels", y.getShape());
        Shape ys = y.getShape();
        try (NDArray t = y.transpose(0, 2, 3, 1); NDArray rows = t.reshape(-1, m); NDArray xr = rows.matMul(phi)) {
            return fromBlocks(xr, ys.get(0), ys.get(2), ys.get(3), blockSize);
        }
    }

    /** (Bn, 1, h·B, w·B) to one row per block, (Bn·h·w, B²), row-major inside the block. */
    public static NDArray toBlocks(NDArray x, int blockSize) {
        try (NDArray u = PixelShuffle.unshuffle(x, blockSize); NDArray t = u.transpose(0, 2, 3, 1)) {
            return t.reshape(-1, (long) blockSize * blockSize);
        }
    }

    /** The inverse of {@link #toBlocks}: rows (Bn·h·w, B²) back to (Bn, 1, h·B, w·B). */
    public static NDArray fromBlocks(NDArray rows, long batch, long h, long w, int blockSize) {
        try (NDArray r = rows.reshape(batch, h, w, (long) blockSize * blockSize); NDArray t = r.transpose(0, 3, 1, 2)) {
            return PixelShuffle.shuffle(t, blockSize);
        }
    }

    static void checkPhi(NDArray phi, int blockSize, String who) {
        Checks.positive(blockSize, who, "blockSize");
        Checks.rank(phi, 2, who, "phi (M, " + blockSize * blockSize + ")");
        Checks.check(phi.getShape().get(1) == (long) blockSize * blockSize, who,
                "phi (M, " + blockSize * blockSize + ")", phi.getShape());
    }
}

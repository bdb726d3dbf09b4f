package io.github.prcv2021.attacks;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import io.github.prcv2021.core.Checks;
import java.util.Random;
import java.util.function.UnaryOperator;

/**
 * The input-diversity transform D of DI-FGSM (Xie et al. 2019), as its reference code applies it to a
 * fixed-size network: with probability {@code p}, resize the H×W image to a random {@code r×r} with
 * {@code r ∈ {H, …, S−1}} (nearest neighbour), zero-pad it at a random offset to {@code S×S}, and
 * resize back to H×W (nearest neighbour); otherwise the identity. {@code S = round(H · ratio)}; the
 * reference uses 299 → 330, ratio 330/299.
 *
 * <p>Every step is a selection of pixels, so the whole transform is {@code P · x · Qᵀ} with 0/1 row
 * matrices P (H×H) and Q (W×W): exact, differentiable, and one matrix product per side. One random
 * draw per batch, as in the reference code. Seeded: the same seed gives the same sequence of transforms.
 */
public final class InputDiversity implements UnaryOperator<NDArray> {

    /** The enlargement of the reference implementation, 330/299. */
    public static final double REFERENCE_RATIO = 330.0 / 299.0;

    private final double probability;
    private final double ratio;
    private final Random random;

    /**
     * A transform.
     *
     * @param probability p, the chance that a batch is transformed (paper 13: 1.0; DI: 0.5)
     * @param ratio S/H, greater than 1
     * @param seed seed of the draws
     */
    public InputDiversity(double probability, double ratio, long seed) {
        this.probability = Checks.inRange(probability, 0, 1, "InputDiversity", "probability");
        Checks.check(ratio > 1, "InputDiversity", "ratio S/H > 1", ratio);
        this.ratio = ratio;
        this.random = new Random(seed);
    }

    /** The reference settings: ratio 330/299 with the given probability. */
    public static InputDiversity withProbability(double probability, long seed) {
        return new InputDiversity(probability, REFERENCE_RATIO, seed);
    }

    @Override
    public NDArray apply(NDArray x) {
        Checks.rank(x, 4, "InputDiversity", "x (N, C, H, W)");
        if (random.nextDouble() >= probability) {
            return x;
        }
        int h = (int) x.getShape().get(2);
        int w = (int) x.getShape().get(3);
        int s = Math.max(h + 1, (int) Math.round(h * ratio));
        int sw = Math.max(w + 1, (int) Math.round(w * ratio));
        int r = h + random.nextInt(s - h);
        int rw = w + random.nextInt(sw - w);
        int top = random.nextInt(s - r + 1);
        int left = random.nextInt(sw - rw + 1);
        NDArray p = x.getManager().create(selection(h, r, s, top), new Shape(h, h)).toType(x.getDataType(), false);
        NDArray q = x.getManager().create(selection(w, rw, sw, left), new Shape(w, w)).toType(x.getDataType(), false);
        return p.matMul(x).matMul(q.transpose());
    }

    /**
     * One independent draw per example instead of one per batch: the random resize-and-pad defence R&amp;P
     * (Xie et al. 2018), which randomises every image it classifies.
     *
     * @param x (N, C, H, W)
     * @return the transformed batch, same shape
     */
    public NDArray applyPerExample(NDArray x) {
        Checks.rank(x, 4, "InputDiversity", "x (N, C, H, W)");
        long n = x.getShape().get(0);
        NDList parts = new NDList();
        for (long i = 0; i < n; i++) {
            parts.add(apply(x.get(new NDIndex("{}:{}", i, i + 1))));
        }
        return NDArrays.concat(parts);
    }

    /**
     * The H×H 0/1 matrix of one side: resize H → r (nearest), pad to S at {@code offset}, resize S → H
     * (nearest). Row i selects the source pixel that lands at output i, or is all-zero on padding.
     */
    static float[] selection(int h, int r, int s, int offset) {
        float[] m = new float[h * h];
        for (int i = 0; i < h; i++) {
            int inPadded = (int) Math.floor(i * (double) s / h); // nearest: S -> H
            int inResized = inPadded - offset;
            if (inResized < 0 || inResized >= r) {
                continue; // padding
            }
            int src = (int) Math.floor(inResized * (double) h / r); // nearest: H -> r
            m[i * h + src] = 1f;
        }
        return m;
    }
}

package io.github.prcv2021.shapetexture;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import io.github.prcv2021.core.Checks;
import io.github.prcv2021.data.IdxData;
import java.util.Arrays;

/**
 * Every view's class probabilities on a test set, kept on the Java heap, so that accuracies under any
 * view weights (the learned ones, one view alone, or the paper's "single variable changing" of Fig. 5)
 * need one forward pass in all.
 */
public final class ViewPredictions {

    private final float[][] probs;
    private final int[] labels;
    private final int numClasses;

    private ViewPredictions(float[][] probs, int[] labels, int numClasses) {
        this.probs = probs;
        this.labels = labels;
        this.numClasses = numClasses;
    }

    /**
     * Runs the network in inference mode over {@code data} in batches, each in its own sub-manager.
     *
     * @param net an initialised network without a background view
     * @param manager the parent of the batches' sub-managers
     * @param data the test images and labels
     * @param batchSize images per forward pass
     */
    public static ViewPredictions of(MultiViewNet net, NDManager manager, IdxData data, int batchSize) {
        String who = "ViewPredictions.of";
        Checks.notNull(net, who, "a network");
        Checks.notNull(data, who, "a data set");
        Checks.positive(batchSize, who, "batchSize");
        Checks.check(net.views().size() == 2, who, "a network without a background view", net.views());
        int n = data.count();
        int px = data.rows() * data.cols();
        int k = data.numClasses();
        float[][] probs = new float[2][n * k];
        ParameterStore store = new ParameterStore(manager, false);
        for (int from = 0; from < n; from += batchSize) {
            int to = Math.min(n, from + batchSize);
            try (NDManager sub = manager.newSubManager()) {
                NDArray x = sub.create(Arrays.copyOfRange(data.images(), from * px, to * px), new Shape(to - from, 1, data.rows(), data.cols()));
                NDList out = net.forward(store, new NDList(x), false);
                Checks.check(out.get(MultiViewNet.P_SHAPE).getShape().get(1) == k, who, "a network with " + k + " classes",
                        out.get(MultiViewNet.P_SHAPE).getShape());
                System.arraycopy(out.get(MultiViewNet.P_SHAPE).toFloatArray(), 0, probs[0], from * k, (to - from) * k);
                System.arraycopy(out.get(MultiViewNet.P_TEXTURE).toFloatArray(), 0, probs[1], from * k, (to - from) * k);
            }
        }
        return new ViewPredictions(probs, data.labels().clone(), k);
    }

    /** Wraps probabilities directly (tests): {@code probs[v]} is view v's {@code N x K} row-major matrix. */
    public static ViewPredictions of(float[][] probs, int[] labels, int numClasses) {
        Checks.check(probs.length >= 1, "ViewPredictions.of", "at least one view", probs.length);
        for (float[] p : probs) {
            Checks.check(p.length == labels.length * numClasses, "ViewPredictions.of", labels.length * numClasses + " probabilities per view",
                    p.length);
        }
        return new ViewPredictions(probs, labels, numClasses);
    }

    /** Top-1 accuracy (fraction) of {@code argmax_y sum_v w_v p_v[y]} (Eq. 5); the weights need not sum to 1. */
    public double accuracy(float... weights) {
        Checks.check(weights.length == probs.length, "ViewPredictions.accuracy", probs.length + " weights", weights.length);
        long correct = 0;
        for (int i = 0; i < labels.length; i++) {
            int best = 0;
            double bestScore = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < numClasses; c++) {
                double score = 0;
                for (int v = 0; v < probs.length; v++) {
                    score += weights[v] * probs[v][i * numClasses + c];
                }
                if (score > bestScore) {
                    bestScore = score;
                    best = c;
                }
            }
            if (best == labels[i]) {
                correct++;
            }
        }
        return correct / (double) labels.length;
    }

    /** The accuracy of view {@code v} alone. */
    public double viewAccuracy(int v) {
        float[] w = new float[probs.length];
        w[v] = 1;
        return accuracy(w);
    }

    /**
     * The paper's "single variable changing" (Sect. 4.3, Fig. 5): starting from {@code learned}, view
     * {@code v}'s weight takes every value of {@code grid} while the others stay; the accuracy at each.
     */
    public double[] sweep(float[] learned, int v, double[] grid) {
        Checks.check(v >= 0 && v < probs.length, "ViewPredictions.sweep", "a view in [0, " + probs.length + ")", v);
        double[] acc = new double[grid.length];
        for (int g = 0; g < grid.length; g++) {
            float[] w = learned.clone();
            w[v] = (float) grid[g];
            acc[g] = accuracy(w);
        }
        return acc;
    }

    /** The number of images. */
    public int count() {
        return labels.length;
    }
}

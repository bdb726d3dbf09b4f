package io.github.prcv2021.hybridhgcn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.github.prcv2021.core.Checks;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A seeded sparse stochastic-block hypergraph, the synthetic test bed where multi-hop information
 * matters: n vertices in {@code classes} equal blocks, an undirected graph with each intra-class pair
 * linked with probability {@code degreeIn / (n/c − 1)} and each inter-class pair with
 * {@code degreeOut / (n − n/c)} (so the expected degrees are {@code degreeIn} and {@code degreeOut}), the
 * hypergraph {@code H = A + I} of Sect. 5.2 (one hyperedge per vertex: itself and its neighbours), and
 * features {@code x_i = signal · μ_{y_i} + ε_i} with class means {@code μ_c ~ N(0, I)} and noise
 * {@code ε_i ~ N(0, I)}.
 *
 * @param features (n × dims) row-major
 * @param labels class of each vertex
 * @param dims feature dimension
 * @param classes number of classes
 * @param hypergraph {@code H = A + I}
 */
public record SbmHypergraph(float[] features, int[] labels, int dims, int classes, Hypergraph hypergraph) {

    /**
     * Generates one sample.
     *
     * @param n vertices (a multiple of classes is not required; blocks differ by at most one)
     * @param classes blocks, at least 2
     * @param degreeIn expected intra-class degree (the calibration: 2)
     * @param degreeOut expected inter-class degree (the calibration: 0.2)
     * @param dims feature dimension (the calibration: 100)
     * @param signal scale of the class means in the features (the calibration: 0.1)
     * @param seed the seed
     */
    public static SbmHypergraph generate(int n, int classes, double degreeIn, double degreeOut, int dims, double signal,
            long seed) {
        String who = "SbmHypergraph.generate";
        Checks.check(classes >= 2, who, "at least 2 classes", classes);
        Checks.check(n >= 2 * classes, who, "n >= 2 * classes = " + 2 * classes, n);
        Checks.nonNegative(degreeIn, who, "degreeIn");
        Checks.nonNegative(degreeOut, who, "degreeOut");
        Checks.positive(dims, who, "dims");
        Checks.nonNegative(signal, who, "signal");
        Random r = new Random(seed);
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = (int) ((long) i * classes / n);
        }
        double block = (double) n / classes;
        double pIn = Math.min(1, degreeIn / (block - 1));
        double pOut = Math.min(1, degreeOut / (n - block));
        List<List<Integer>> adj = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            adj.add(new ArrayList<>());
        }
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                if (r.nextDouble() < (labels[i] == labels[j] ? pIn : pOut)) {
                    adj.get(i).add(j);
                    adj.get(j).add(i);
                }
            }
        }
        int[][] nb = new int[n][];
        for (int i = 0; i < n; i++) {
            nb[i] = adj.get(i).stream().mapToInt(Integer::intValue).toArray();
        }
        double[][] means = new double[classes][dims];
        for (double[] mu : means) {
            for (int d = 0; d < dims; d++) {
                mu[d] = r.nextGaussian();
            }
        }
        float[] x = new float[n * dims];
        for (int i = 0; i < n; i++) {
            for (int d = 0; d < dims; d++) {
                x[i * dims + d] = (float) (signal * means[labels[i]][d] + r.nextGaussian());
            }
        }
        return new SbmHypergraph(x, labels, dims, classes, Hypergraph.fromGraph(nb));
    }

    /** Number of vertices. */
    public int size() {
        return labels.length;
    }

    /** The features as an (n, dims) float32 array owned by {@code manager}. */
    public NDArray featuresArray(NDManager manager) {
        return manager.create(features, new Shape(labels.length, dims));
    }
}

package io.github.prcv2021.cluster;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.github.prcv2021.core.Checks;
import java.util.Random;

/**
 * k-means with k-means++ seeding (Arthur and Vassilvitskii 2007) and restarts: the clustering step the
 * factorisation and subspace papers apply to their learned representations. Each restart seeds the
 * centroids by D² sampling, then runs Lloyd's iterations (assign every point to its nearest centroid,
 * move every centroid to the mean of its points) until no centroid moves by more than
 * {@code tolerance × mean feature variance} (scikit-learn's rule) or the iteration cap; an emptied
 * cluster is re-seeded with the point farthest from its centroid. The restart with the least inertia
 * (sum of squared distances) wins. Distances are computed on the engine as
 * {@code ‖x‖² − 2 x cᵀ + ‖c‖²}; everything else is on the host.
 *
 * <pre>{@code
 * KMeans.Result r = KMeans.builder().setClusters(10).optRestarts(10).optSeed(1).build().fit(features);
 * double acc = Clustering.accuracy(labels, r.labels());
 * }</pre>
 */
public final class KMeans {

    private final int clusters;
    private final int restarts;
    private final int maxIterations;
    private final double tolerance;
    private final long seed;

    private KMeans(Builder b) {
        this.clusters = Checks.positive(b.clusters, "KMeans", "clusters");
        this.restarts = Checks.positive(b.restarts, "KMeans", "restarts");
        this.maxIterations = Checks.positive(b.maxIterations, "KMeans", "maxIterations");
        this.tolerance = Checks.nonNegative(b.tolerance, "KMeans", "tolerance");
        this.seed = b.seed;
    }

    /** A builder; {@code setClusters} is required. */
    public static Builder builder() {
        return new Builder();
    }

    /** A clustering: labels, centroids (k, d) owned by the input's manager, inertia and iterations used. */
    public record Result(int[] labels, NDArray centroids, double inertia, int iterations) implements AutoCloseable {
        @Override
        public void close() {
            centroids.close();
        }
    }

    /**
     * Clusters the rows of {@code x}.
     *
     * @param x (n, d) floating-point features, n ≥ k
     * @return the best of the restarts
     */
    public Result fit(NDArray x) {
        String who = "KMeans.fit";
        Checks.rank(x, 2, who, "x of shape (n, d)");
        Checks.floating(x, who, "x");
        int n = (int) x.getShape().get(0);
        int d = (int) x.getShape().get(1);
        Checks.check(n >= clusters, who, "at least k = " + clusters + " points", n + " points");
        double[] points;
        try (NDScope scope = new NDScope()) {
            points = x.toType(DataType.FLOAT64, false).toDoubleArray();
        }
        double variance = meanVariance(points, n, d);
        Random random = new Random(seed);
        double[] bestCentroids = null;
        int[] bestLabels = null;
        double bestInertia = Double.POSITIVE_INFINITY;
        int bestIterations = 0;
        try (NDManager work = x.getManager().newSubManager()) {
            NDArray xs = x.toType(DataType.FLOAT64, true);
            xs.attach(work);
            NDArray sq = xs.square().sum(new int[] {1}).reshape(n, 1);
            for (int r = 0; r < restarts; r++) {
                double[] c = plusPlus(points, n, d, random);
                int[] labels = new int[n];
                double inertia = 0;
                int it = 0;
                while (it < maxIterations) {
                    it++;
                    double[] dist = new double[n];
                    inertia = assign(work, xs, sq, c, n, d, labels, dist);
                    double[] next = means(points, labels, n, d, dist, c);
                    double shift = 0;
                    for (int i = 0; i < c.length; i++) {
                        double delta = next[i] - c[i];
                        shift += delta * delta;
                    }
                    c = next;
                    if (shift <= tolerance * variance) {
                        break;
                    }
                }
                inertia = assign(work, xs, sq, c, n, d, labels, new double[n]); // labels of the final centroids
                if (inertia < bestInertia) {
                    bestInertia = inertia;
                    bestCentroids = c;
                    bestLabels = labels.clone();
                    bestIterations = it;
                }
            }
        }
        NDArray centroids = x.getManager().create(bestCentroids, new Shape(clusters, d));
        NDArray typed = centroids.toType(x.getDataType(), false);
        if (typed != centroids) {
            centroids.close();
        }
        return new Result(bestLabels, typed, bestInertia, bestIterations);
    }

    /** Nearest-centroid labels and squared distances; returns the inertia. */
    private double assign(NDManager work, NDArray xs, NDArray sq, double[] c, int n, int d, int[] labels, double[] dist) {
        try (NDManager step = work.newSubManager()) {
            NDArray cs = step.create(c, new Shape(clusters, d));
            NDArray dists = sq.add(cs.square().sum(new int[] {1}).reshape(1, clusters)).sub(xs.matMul(cs.transpose()).mul(2));
            long[] arg = dists.argMin(1).toLongArray();
            double[] all = dists.toDoubleArray();
            double inertia = 0;
            for (int i = 0; i < n; i++) {
                labels[i] = (int) arg[i];
                dist[i] = Math.max(0, all[i * clusters + labels[i]]);
                inertia += dist[i];
            }
            return inertia;
        }
    }

    /** New centroids; an empty cluster takes the point farthest from its centroid. */
    private double[] means(double[] points, int[] labels, int n, int d, double[] dist, double[] previous) {
        double[] sums = new double[clusters * d];
        int[] counts = new int[clusters];
        for (int i = 0; i < n; i++) {
            counts[labels[i]]++;
            for (int f = 0; f < d; f++) {
                sums[labels[i] * d + f] += points[i * d + f];
            }
        }
        double[] dist2 = dist.clone();
        for (int k = 0; k < clusters; k++) {
            if (counts[k] == 0) {
                int far = 0;
                for (int i = 1; i < n; i++) {
                    if (dist2[i] > dist2[far]) {
                        far = i;
                    }
                }
                dist2[far] = -1;
                System.arraycopy(points, far * d, sums, k * d, d);
                counts[k] = 1;
            }
            for (int f = 0; f < d; f++) {
                sums[k * d + f] /= counts[k];
            }
        }
        return sums;
    }

    /** k-means++ seeding: the first centroid uniformly, each next one with probability ∝ D(x)². */
    private double[] plusPlus(double[] points, int n, int d, Random random) {
        double[] c = new double[clusters * d];
        int first = random.nextInt(n);
        System.arraycopy(points, first * d, c, 0, d);
        double[] nearest = new double[n];
        java.util.Arrays.fill(nearest, Double.POSITIVE_INFINITY);
        for (int k = 1; k <= clusters; k++) {
            double total = 0;
            for (int i = 0; i < n; i++) {
                double s = 0;
                for (int f = 0; f < d; f++) {
                    double diff = points[i * d + f] - c[(k - 1) * d + f];
                    s += diff * diff;
                }
                nearest[i] = Math.min(nearest[i], s);
                total += nearest[i];
            }
            if (k == clusters) {
                break;
            }
            int pick;
            if (total <= 0) {
                pick = random.nextInt(n);
            } else {
                double target = random.nextDouble() * total;
                pick = n - 1;
                double acc = 0;
                for (int i = 0; i < n; i++) {
                    acc += nearest[i];
                    if (acc >= target) {
                        pick = i;
                        break;
                    }
                }
            }
            System.arraycopy(points, pick * d, c, k * d, d);
        }
        return c;
    }

    private static double meanVariance(double[] points, int n, int d) {
        double sum = 0;
        for (int f = 0; f < d; f++) {
            double mean = 0;
            for (int i = 0; i < n; i++) {
                mean += points[i * d + f];
            }
            mean /= n;
            double var = 0;
            for (int i = 0; i < n; i++) {
                double diff = points[i * d + f] - mean;
                var += diff * diff;
            }
            sum += var / n;
        }
        return sum / d;
    }

    /** Builder of {@link KMeans}. */
    public static final class Builder {
        int clusters;
        int restarts = 10;
        int maxIterations = 300;
        double tolerance = 1e-4;
        long seed;

        /** k, the number of clusters (required). */
        public Builder setClusters(int clusters) {
            this.clusters = clusters;
            return this;
        }

        /** Independent k-means++ starts; the one with the least inertia wins; default 10. */
        public Builder optRestarts(int restarts) {
            this.restarts = restarts;
            return this;
        }

        /** Lloyd iterations per start; default 300. */
        public Builder optMaxIterations(int maxIterations) {
            this.maxIterations = maxIterations;
            return this;
        }

        /** Stop when the squared centroid shift is at most this times the mean feature variance; default 1e-4. */
        public Builder optTolerance(double tolerance) {
            this.tolerance = tolerance;
            return this;
        }

        /** Seed of the k-means++ draws; default 0. */
        public Builder optSeed(long seed) {
            this.seed = seed;
            return this;
        }

        /** Builds the clusterer. */
        public KMeans build() {
            return new KMeans(this);
        }
    }
}

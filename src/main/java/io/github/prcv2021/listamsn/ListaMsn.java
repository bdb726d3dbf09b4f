package io.github.prcv2021.listamsn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import io.github.prcv2021.core.Checks;
import java.util.Random;

/**
 * An estimation network followed by the Mixture Sparsity Network (the paper's LISTA-MSN, ALISTA-MSN
 * and Coupled-LISTA-MSN, Fig. 1 and Algorithm 1): signals {@code x (B, n)} to the mixture
 * {@code NDList(log α, μ, σ)} over codes. Trained end to end by {@link MixtureNllLoss}; the final code is
 * the centre of the most probable component ({@link #mostLikely}, Eq. 12) or of a sampled one
 * ({@link #sampleCenters}).
 */
public final class ListaMsn extends AbstractBlock {

    private static final byte VERSION = 1;

    private final UnfoldedEstimator estimator;
    private final MixtureSparsityNetwork msn;

    /**
     * Joins an estimator and a head of matching code size.
     *
     * @param estimator LISTA, LISTA-CP or ALISTA
     * @param msn the head, {@code codeSize = estimator.getCodeSize()}
     */
    public ListaMsn(UnfoldedEstimator estimator, MixtureSparsityNetwork msn) {
        super(VERSION);
        Checks.notNull(estimator, "ListaMsn", "an estimator");
        Checks.notNull(msn, "ListaMsn", "a mixture sparsity network");
        Checks.check(msn.getCodeSize() == estimator.getCodeSize(), "ListaMsn", "a head of code size " + estimator.getCodeSize(),
                msn.getCodeSize());
        this.estimator = addChildBlock("estimator", estimator);
        this.msn = addChildBlock("msn", msn);
    }

    /** The estimation network. */
    public UnfoldedEstimator getEstimator() {
        return estimator;
    }

    /** The head. */
    public MixtureSparsityNetwork getMsn() {
        return msn;
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
        return msn.forward(store, estimator.forward(store, inputs, training, params), training, params);
    }

    @Override
    public void initializeChildBlocks(ai.djl.ndarray.NDManager manager, DataType dataType, Shape... inputShapes) {
        estimator.initialize(manager, dataType, inputShapes);
        msn.initialize(manager, dataType, estimator.getOutputShapes(inputShapes));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return msn.getOutputShapes(estimator.getOutputShapes(inputShapes));
    }

    /**
     * The fast inference of Eq. 12: the centre {@code μ_ind} of {@code ind = argmax_i α_i} per sample.
     *
     * @param mixture the MSN's output {@code (log α (B, M), μ (B, M, m), σ)}
     * @return codes {@code (B, m)} on {@code μ}'s manager
     */
    public static NDArray mostLikely(NDList mixture) {
        checkMixture(mixture, "ListaMsn.mostLikely");
        try (NDScope scope = new NDScope()) {
            NDArray logAlpha = mixture.get(0);
            return pick(mixture.get(1), logAlpha.argMax(1));
        }
    }

    /**
     * The sampling inference: {@code i ~ Categorical(α)} per sample (by the Gumbel-max trick) and its
     * centre {@code μ_i}; as the paper says, "the corresponding center is the result of sampling", so no
     * Gaussian noise is drawn (it would destroy the sparsity).
     *
     * @param mixture the MSN's output
     * @param seed the seed of the component draws
     * @return codes {@code (B, m)} on {@code μ}'s manager
     */
    public static NDArray sampleCenters(NDList mixture, long seed) {
        checkMixture(mixture, "ListaMsn.sampleCenters");
        NDArray logAlpha = mixture.get(0);
        int size = Math.toIntExact(logAlpha.size());
        float[] gumbel = new float[size];
        Random random = new Random(seed);
        for (int i = 0; i < size; i++) {
            double u = Math.max(random.nextDouble(), 1e-12);
            gumbel[i] = (float) -Math.log(-Math.log(u));
        }
        try (NDScope scope = new NDScope()) {
            NDArray g = logAlpha.getManager().create(gumbel, logAlpha.getShape());
            return pick(mixture.get(1), logAlpha.add(g).argMax(1));
        }
    }

    private static NDArray pick(NDArray mu, NDArray index) {
        int mm = Math.toIntExact(mu.getShape().get(1));
        NDArray mask = index.oneHot(mm, DataType.FLOAT32).expandDims(2);
        return SparseCoding.keep(mu.mul(mask).sum(new int[] {1}));
    }

    private static void checkMixture(NDList mixture, String who) {
        Checks.notNull(mixture, who, "a mixture");
        Checks.check(mixture.size() == 3 && mixture.get(0).getShape().dimension() == 2 && mixture.get(1).getShape().dimension() == 3,
                who, "(log alpha (B, M), mu (B, M, m), sigma (B, M, m))", mixture.size() + " arrays " + mixture.getShapes().length);
    }

    @Override
    public String toString() {
        return "ListaMsn(" + estimator + ", " + msn + ")";
    }

}

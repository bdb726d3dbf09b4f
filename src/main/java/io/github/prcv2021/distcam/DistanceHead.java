package io.github.prcv2021.distcam;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.NormalInitializer;
import ai.djl.util.PairList;
import io.github.prcv2021.core.Checks;

/**
 * A distance-based classifier head for metric learning: {@code C} learnable prototypes {@code m_c} and
 * logits {@code −γ ||q − m_c||²} for a pooled feature {@code q}, so that softmax cross-entropy on these
 * logits is the distance-based cross-entropy of convolutional prototype learning (Yang et al., CVPR 2018)
 * and the prediction is the nearest prototype. Dist-CAM's paper trains "distance-based metric learning
 * models" without saying how; this head is the library's reading (see {@code docs/papers/28-dist-cam.md}).
 * After training, Dist-CAM uses the class means of the training features (Eq. 7,
 * {@link PrototypeBank}), not these learnt vectors.
 *
 * <p>Input {@code (N, K)}, output {@code (N, C)}.
 */
public final class DistanceHead extends AbstractBlock {

    private final int numClasses;
    private final float gamma;
    private final Parameter prototypes;

    /**
     * @param numClasses {@code C}
     * @param gamma the scale {@code γ > 0} of the squared distances
     */
    public DistanceHead(int numClasses, float gamma) {
        this.numClasses = Checks.positive(numClasses, "DistanceHead", "numClasses");
        Checks.positive(gamma, "DistanceHead", "gamma");
        this.gamma = gamma;
        this.prototypes = addParameter(Parameter.builder().setName("prototypes").setType(Parameter.Type.WEIGHT)
                .optInitializer(new NormalInitializer(0.1f)).build());
    }

    /** The learnt prototypes {@code (C, K)}. */
    public NDArray prototypes() {
        return prototypes.getArray();
    }

    @Override
    protected void prepare(Shape[] inputShapes) {
        Checks.check(inputShapes[0].dimension() == 2, "DistanceHead", "input (N, K)", inputShapes[0]);
        prototypes.setShape(new Shape(numClasses, inputShapes[0].get(1)));
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray q = inputs.singletonOrThrow();
        NDArray m = store.getValue(prototypes, q.getDevice(), training);
        // ||q - m||^2 = ||q||^2 - 2 q m^T + ||m||^2
        NDArray d2 = q.pow(2).sum(new int[] {1}, true).sub(q.matMul(m.transpose()).mul(2))
                .add(m.pow(2).sum(new int[] {1}).expandDims(0));
        return new NDList(d2.mul(-gamma));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(inputShapes[0].get(0), numClasses)};
    }

    @Override
    public DataType[] getOutputDataTypes() {
        return new DataType[] {DataType.FLOAT32};
    }
}

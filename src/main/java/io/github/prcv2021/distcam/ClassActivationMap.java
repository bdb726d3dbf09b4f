package io.github.prcv2021.distcam;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import io.github.prcv2021.core.Checks;

/**
 * Classic CAM (Zhou et al., CVPR 2016), as Dist-CAM's paper states it for comparison (Sect. 2, Eqs. 1-3):
 * a network ending in global average pooling and an FC layer computes {@code y_c = Σ_k w^c_k GAP(Q_k)},
 * and the class activation map of class {@code c} is {@code M^c = Σ_k w^c_k Q_k} (Eq. 3). It needs the
 * FC weights, which a metric-learning model does not have; that is what {@link DistCam} replaces.
 *
 * <pre>{@code
 * NDArray fc = ClassActivationMap.fcWeight(linear);                  // (C, K)
 * NDArray maps = ClassActivationMap.heatmaps(featureMaps, fc, predicted);  // (N, H, W)
 * }</pre>
 */
public final class ClassActivationMap {

    private ClassActivationMap() {}

    /** The weight {@code (C, K)} of a DJL {@code Linear} block (its parameter named "weight"). */
    public static NDArray fcWeight(ai.djl.nn.Block linear) {
        Checks.notNull(linear, "ClassActivationMap.fcWeight", "an FC block");
        ai.djl.nn.Parameter w = linear.getParameters().get("weight");
        Checks.check(w != null && w.isInitialized(), "ClassActivationMap.fcWeight",
                "an initialised block with a 'weight' parameter (a Linear)", linear.getClass().getSimpleName());
        return w.getArray();
    }

    /**
     * Eq. 3: {@code M^c = Σ_k w^c_k Q_k} for class {@code classes[i]} of image {@code i}.
     *
     * @param featureMaps {@code Q}, shape {@code (N, K, H, W)}
     * @param fcWeight FC weights {@code (C, K)}
     * @param classes the class to explain per image (normally the argmax of the logits)
     * @return {@code (N, H, W)}
     */
    public static NDArray heatmaps(NDArray featureMaps, NDArray fcWeight, int[] classes) {
        String who = "ClassActivationMap.heatmaps";
        Checks.rank(featureMaps, 4, who, "feature maps (N, K, H, W)");
        Checks.rank(fcWeight, 2, who, "FC weights (C, K)");
        Checks.check(fcWeight.getShape().get(1) == featureMaps.getShape().get(1), who,
                "FC weights with K = " + featureMaps.getShape().get(1) + " columns", fcWeight.getShape());
        Checks.check(classes.length == featureMaps.getShape().get(0), who, "one class per image", classes.length);
        NDManager m = featureMaps.getManager();
        long[] idx = new long[classes.length];
        for (int i = 0; i < classes.length; i++) {
            Checks.check(classes[i] >= 0 && classes[i] < fcWeight.getShape().get(0), who, "classes in [0, "
                    + fcWeight.getShape().get(0) + ")", classes[i]);
            idx[i] = classes[i];
        }
        NDArray w = fcWeight.toDevice(featureMaps.getDevice(), false).get(m.create(idx).toType(DataType.INT64, false));
        return DistCam.weightedSum(featureMaps, w);
    }
}

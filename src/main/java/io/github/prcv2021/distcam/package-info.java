/**
 * Paper 28: Dist-CAM, "Distance-Based Class Activation Map for Metric Learning" (Shen, Ma, Zhang, Hu,
 * Dong; PRCV 2021, LNCS 13022, pp. 336-347).
 *
 * <p>{@link io.github.prcv2021.distcam.PrototypeBank} holds the class prototypes of Eq. 7 (mean pooled
 * features per class) and classifies by the nearest one; {@link io.github.prcv2021.distcam.DistCam}
 * computes the channel distance of Eq. 4, the weights of Eq. 5 and the heatmap of Eq. 6;
 * {@link io.github.prcv2021.distcam.ClassActivationMap} is classic CAM (Eq. 3) for comparison;
 * {@link io.github.prcv2021.distcam.Heatmaps} post-processes maps (ReLU, min-max, bilinear upsampling);
 * {@link io.github.prcv2021.distcam.LocalizationNet} is the small CNN of the reproduction with a softmax
 * (FC) head or a distance-based (learnable prototype) head; {@link io.github.prcv2021.distcam.DistCamReproduction}
 * runs the weakly supervised localisation experiment of Table 1 on canvases of Fashion-MNIST / MNIST
 * items ({@link io.github.prcv2021.data.LocalizationCanvas}, {@link io.github.prcv2021.metrics.Localization}).
 */
package io.github.prcv2021.distcam;

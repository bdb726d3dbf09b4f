/**
 * Lingwei Kong, Jianzong Wang, Zhangcheng Huang and Jing Xiao, "A Competition of Shape and Texture Bias
 * by Multi-view Image Representation", in <i>Pattern Recognition and Computer Vision (PRCV 2021), Part
 * IV</i>, LNCS 13022, Springer, 2021, pp. 140-151.
 *
 * <p>An image is split into a shape view (mid-level features through residual blocks with instance
 * normalisation), a texture view (statistics of several layers) and, where matting exists, a background
 * view; each view has a classifier and the prediction is their learned convex combination, whose
 * weights are read as the network's shape/texture bias ({@link io.github.prcv2021.shapetexture.MultiViewNet},
 * {@link io.github.prcv2021.shapetexture.MultiViewLoss}).
 */
package io.github.prcv2021.shapetexture;

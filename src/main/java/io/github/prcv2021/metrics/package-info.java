/** Metrics shared by papers: classification accuracy now; PSNR/SSIM, mIoU, mAP, saliency and clustering scores as papers need them. */
package io.github.prcv2021.metrics;

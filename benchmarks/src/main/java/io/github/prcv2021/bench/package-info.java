/**
 * JMH benchmarks of prcv2021-djl and the probes used to find where a training step spends its
 * time. Each benchmark has a PyTorch peer in {@code benchmarks/pytorch/}; {@code benchmarks/run.sh}
 * runs both and writes the comparison into {@code benchmarks/README.md}.
 */
package io.github.prcv2021.bench;

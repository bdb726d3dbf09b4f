/**
 * The paper catalog, the reproduction contract ({@link io.github.prcv2021.repro.Reproduction},
 * {@link io.github.prcv2021.repro.Settings}, {@link io.github.prcv2021.repro.Scale}) and the report
 * writer that puts the paper's numbers beside ours.
 */
package io.github.prcv2021.repro;

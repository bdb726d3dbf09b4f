package io.github.prcv2021.repro;

/**
 * One cell of a reproduced table: the paper's value and ours, both in the paper's units (accuracy in
 * percent). {@code paper} is null where the paper has no number for the cell; {@code measured} is null
 * where this run did not measure it.
 *
 * @param table the paper's table (for example the dataset)
 * @param row the row (for example the method or loss)
 * @param column the column (for example the noise setting)
 * @param paper the paper's number, or null
 * @param measured our number, or null
 */
public record Row(String table, String row, String column, Double paper, Double measured) {}

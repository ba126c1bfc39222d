package io.adclick.reconcile;

import java.util.List;

/**
 * What an ad-hoc query over the lake answered.
 *
 * @param columns the result's column names, in order
 * @param rows each row's values in column order: numbers, strings, booleans or null; other types as
 *     their text
 * @param truncated whether the result had more rows than returned
 */
public record SqlAnswer(List<String> columns, List<List<Object>> rows, boolean truncated) {}

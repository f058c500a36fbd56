package io.orderflow.execution.strategy;

/**
 * A signal about one instrument that a strategy may act on, e.g. a CEP pattern match.
 *
 * @param name what was seen (a pattern name such as {@code sustained_imbalance})
 * @param timeMs event time of the signal (the last event of a pattern match)
 * @param value the signal's number (for imbalance patterns, the imbalance at the end of the match)
 */
public record Signal(String name, String venue, String symbol, long timeMs, double value) {}

package io.orderflow.job.records;

/**
 * One match of a book pattern over one instrument's feature samples, from its first sample ({@code startMs}) to
 * its last ({@code endMs}), with what the pattern is about at both ends.
 */
public record PatternMatch(String venue, String symbol, long startMs, long endMs, String pattern, int events,
        double imbalanceStart, double imbalanceEnd, double depthStart, double depthEnd, double spreadMaxBps,
        double midEnd) {}

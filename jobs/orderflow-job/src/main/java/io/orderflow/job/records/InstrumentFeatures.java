package io.orderflow.job.records;

import io.orderflow.job.signals.InstrumentSignals;

/**
 * The book features of one instrument after one book update, and Stoikov's micro-price (NaN while its model warms
 * up).
 */
public record InstrumentFeatures(String venue, String symbol, InstrumentSignals.Features features,
        double stoikovMicroprice) {}

package io.orderflow.job.records;

import io.orderflow.job.signals.InstrumentSignals;

/** The book features of one instrument after one book update. */
public record InstrumentFeatures(String venue, String symbol, InstrumentSignals.Features features) {}

package io.orderflow.job.records;

import io.orderflow.job.signals.InstrumentSignals;

/** The next-second mid forecast of one instrument and how it turned out. */
public record MidForecast(String venue, String symbol, InstrumentSignals.Prediction prediction) {}

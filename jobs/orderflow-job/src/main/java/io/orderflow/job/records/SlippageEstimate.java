package io.orderflow.job.records;

import io.orderflow.job.signals.InstrumentSignals;

/** One order size walked through one side of one instrument's book, with the model's estimate. */
public record SlippageEstimate(String venue, String symbol, InstrumentSignals.SlippageSample sample) {}

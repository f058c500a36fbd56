package io.orderflow.job.records;

import io.orderflow.estimators.RealizedVolatility;

/** One instrument's realized volatility over one event-time window {@code [startMs, endMs)}. */
public record VolatilityWindow(String venue, String symbol, long startMs, long endMs, int windowSeconds,
        RealizedVolatility.Result result) {}

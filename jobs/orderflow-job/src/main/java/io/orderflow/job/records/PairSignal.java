package io.orderflow.job.records;

import io.orderflow.job.crosssection.CrossSection;

/** One pair's lead-lag, correlation and beta over one event-time window {@code [startMs, endMs)}. */
public record PairSignal(long startMs, long endMs, CrossSection.PairResult pair) {}

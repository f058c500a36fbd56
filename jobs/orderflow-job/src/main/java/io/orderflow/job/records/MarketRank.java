package io.orderflow.job.records;

import io.orderflow.job.crosssection.CrossSection;

/** One instrument's place in the market ranking of one event-time window {@code [startMs, endMs)}. */
public record MarketRank(long startMs, long endMs, CrossSection.Ranking ranking) {}

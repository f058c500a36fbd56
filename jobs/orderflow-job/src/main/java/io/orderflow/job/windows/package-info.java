/**
 * The windowed operators, as Flink aggregates over the plain estimators: each instrument's realized volatility
 * ({@code io.orderflow.estimators.RealizedVolatility}) and the cross-section of all instruments (lead-lag, beta,
 * ranking: {@code io.orderflow.job.crosssection.CrossSection}), with their accumulators' explicit serializers.
 */
package io.orderflow.job.windows;

package io.orderflow.job;

import io.orderflow.model.DataQualityEvent;
import io.orderflow.model.MarketEvent;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;

/**
 * Bounded-out-of-orderness watermarks on the venues' clocks. Data-quality events are stamped with the local clock
 * when the venue gave no time (a disconnect, an unparseable frame); they must not drag event time to the wall
 * clock (a replay of 2021 data would otherwise see every market event as late), so they are ignored here.
 */
final class ExchangeTimeWatermarks implements WatermarkGenerator<MarketEvent> {
    private final long maxOutOfOrdernessMs;
    private long maxTimestamp = Long.MIN_VALUE;

    ExchangeTimeWatermarks(long maxOutOfOrdernessMs) {
        this.maxOutOfOrdernessMs = maxOutOfOrdernessMs;
    }

    @Override
    public void onEvent(MarketEvent event, long eventTimestamp, WatermarkOutput output) {
        if (!(event instanceof DataQualityEvent)) {
            maxTimestamp = Math.max(maxTimestamp, eventTimestamp);
        }
    }

    @Override
    public void onPeriodicEmit(WatermarkOutput output) {
        if (maxTimestamp != Long.MIN_VALUE) {
            output.emitWatermark(new Watermark(maxTimestamp - maxOutOfOrdernessMs - 1));
        }
    }
}

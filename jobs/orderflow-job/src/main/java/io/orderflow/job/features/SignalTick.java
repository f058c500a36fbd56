package io.orderflow.job.features;

/**
 * What the signals operator takes for an instrument besides its own books: a trade of it (its aggressor's signed
 * base quantity), or a mid of its reference instrument (the venue's BTC; {@link ReferenceMidsFunction}), for the
 * forecast's cross-asset features. Keyed by {@code key}, the instrument whose signals it feeds.
 */
public record SignalTick(String key, long timeMs, boolean reference, double value, boolean afterGap) {
    public static final org.apache.flink.api.common.typeinfo.TypeInformation<SignalTick> TYPE_INFO =
            io.orderflow.flink.types.ImmutableRecordTypeInfo.forRecord(SignalTick.class);

    public static SignalTick flow(String key, long timeMs, double signedBaseQuantity) {
        return new SignalTick(key, timeMs, false, signedBaseQuantity, false);
    }

    public static SignalTick referenceMid(String follower, long timeMs, double mid, boolean afterGap) {
        return new SignalTick(follower, timeMs, true, mid, afterGap);
    }
}

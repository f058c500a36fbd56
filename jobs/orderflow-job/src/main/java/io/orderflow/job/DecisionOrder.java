package io.orderflow.job;

/**
 * When the strategies see their inputs.
 *
 * <ul>
 *   <li>{@link #ARRIVAL} (live WebSocket runs): each book and signal goes to its strategy the moment it arrives,
 *       and the strategies' pattern triggers match in processing time. Lowest latency; which book a signal meets
 *       depends on timing, so two runs over the same input may trade differently.
 *   <li>{@link #EVENT_TIME} (Kafka runs, replays, backtests): books and signals wait in the trading operators'
 *       state until the watermark passes them and are then handed over in an order that is a function of the
 *       input alone (per instrument in arrival order, across instruments by exchange time, then symbol); the
 *       triggers match in event time. The same input gives the same orders, fills and PnL, run after run and
 *       across restores, for the price of the watermark's delay.
 * </ul>
 */
public enum DecisionOrder {
    ARRIVAL,
    EVENT_TIME
}

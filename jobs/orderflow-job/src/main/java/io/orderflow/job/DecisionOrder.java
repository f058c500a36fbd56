package io.orderflow.job;

/**
 * When a strategy that reads several instruments under one key (the pair strategy, keyed by venue) sees their
 * books. The single-instrument strategies read one instrument's books in the book operator's order, with their
 * triggers matched on those books, so they decide the same way in both modes, on arrival.
 *
 * <ul>
 *   <li>{@link #ARRIVAL} (live WebSocket runs): each book goes to the strategy the moment it arrives. Lowest
 *       latency; how the two legs' books interleave depends on timing, so two runs over the same input may trade
 *       differently.
 *   <li>{@link #EVENT_TIME} (Kafka runs, replays, backtests): the books wait in the operator's state until the
 *       watermark passes them and are then handed over in an order that is a function of the input alone (per
 *       instrument in arrival order, across instruments by exchange time, then symbol). The same input gives the
 *       same orders, fills and PnL, run after run and across restores, for the price of the watermark's delay.
 * </ul>
 */
public enum DecisionOrder {
    ARRIVAL,
    EVENT_TIME
}

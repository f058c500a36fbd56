package io.orderflow.job.records;

import io.orderflow.execution.state.PositionLedger;
import java.math.BigDecimal;

/**
 * A strategy's position in one instrument right after a fill ({@code fillId}), marked to {@code mark}. Quantities
 * and prices are scaled longs; amounts of quote are exact decimals.
 */
public record PositionChange(String venue, String symbol, String strategy, long timeMs, String fillId,
        long position, BigDecimal averageEntry, BigDecimal realized, BigDecimal fees, long mark,
        BigDecimal unrealized) {

    public static PositionChange of(String venue, String symbol, String strategy, long timeMs, String fillId,
            PositionLedger ledger, long mark) {
        return new PositionChange(venue, symbol, strategy, timeMs, fillId, ledger.position(), ledger.averageEntry(),
                ledger.realized(), ledger.fees(), mark, ledger.unrealized(mark));
    }
}

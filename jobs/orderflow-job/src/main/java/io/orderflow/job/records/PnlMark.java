package io.orderflow.job.records;

import io.orderflow.execution.state.PositionLedger;
import java.math.BigDecimal;

/** A strategy's PnL in one instrument marked to the mid at {@code timeMs}. */
public record PnlMark(String venue, String symbol, String strategy, long timeMs, long mark, long position,
        BigDecimal realized, BigDecimal fees, BigDecimal unrealized, BigDecimal equity, BigDecimal dayPnl) {

    public static PnlMark of(String venue, String symbol, String strategy, long timeMs, PositionLedger ledger,
            long mark) {
        return new PnlMark(venue, symbol, strategy, timeMs, mark, ledger.position(), ledger.realized(),
                ledger.fees(), ledger.unrealized(mark), ledger.equity(mark), ledger.dayPnl(mark));
    }
}

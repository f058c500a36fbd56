package io.orderflow.estimators;

import io.orderflow.model.Decimals;
import io.orderflow.model.PriceLevels;

/**
 * Walking the book for an order of a given quote notional: fill level by level at each level's price (the last
 * level partly), and report the VWAP, the slippage against the mid in bps (buy: 1e4·(VWAP − mid)/mid; sell:
 * 1e4·(mid − VWAP)/mid, so a cost is positive either way) and whether the visible book ran out (a partial fill).
 */
public final class Slippage {
    private Slippage() {}

    public record Walk(double quoteNotional, double filledNotional, double filledQuantity, double vwap,
            double slippageBps, boolean partial, int levelsUsed) {}

    /** {@code levels} is the opposite side, best first (asks for a buy, bids for a sell). */
    public static Walk walk(PriceLevels levels, double mid, double quoteNotional, boolean buy) {
        if (!(quoteNotional > 0)) {
            throw new IllegalArgumentException("order notional must be positive, got " + quoteNotional);
        }
        double remaining = quoteNotional;
        double quantity = 0;
        double notional = 0;
        int used = 0;
        for (int i = 0; i < levels.count() && remaining > 0; i++) {
            double p = Decimals.toDouble(levels.price(i));
            double levelNotional = p * Decimals.toDouble(levels.size(i));
            double take = Math.min(remaining, levelNotional);
            quantity += take / p;
            notional += take;
            remaining -= take;
            used++;
        }
        double vwap = quantity == 0 ? Double.NaN : notional / quantity;
        double bps = quantity == 0 ? Double.NaN : (buy ? vwap - mid : mid - vwap) / mid * 1e4;
        return new Walk(quoteNotional, notional, quantity, vwap, bps, remaining > 1e-9 * quoteNotional, used);
    }
}

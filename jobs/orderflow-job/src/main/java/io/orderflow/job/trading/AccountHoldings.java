package io.orderflow.job.trading;

import io.orderflow.model.Decimals;
import io.orderflow.venue.trading.VenueOrder;
import io.orderflow.venue.trading.VenuePosition;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * What an account holds in the traded symbols when a job starts without a savepoint, and the start-up decision
 * about it: a job that starts flat while the account is not would have its risk gate count from zero and the venue
 * net its orders against the position it does not know of.
 *
 * <ul>
 *   <li>Nothing held: start.</li>
 *   <li>Held, and not asked to adopt: refuse, naming what is held and the three ways out.</li>
 *   <li>Asked to adopt: positions are adopted into the ledger of the one strategy that runs (so its risk gate, its
 *       exits and its PnL start from the venue's position and average entry). Working orders are not adopted: the
 *       job cannot know which decision, if any, placed them, nor whose take-profit they are, so they must be
 *       cancelled first. Several strategies cannot share one adopted position: which one is to own it is the
 *       user's choice ({@code --strategies}).</li>
 * </ul>
 */
public record AccountHoldings(List<VenuePosition> positions, List<WorkingOrder> workingOrders) {
    /** An order working at the venue in one of the traded symbols. */
    public record WorkingOrder(String symbol, VenueOrder order) {}

    public AccountHoldings {
        positions = List.copyOf(positions);
        workingOrders = List.copyOf(workingOrders);
    }

    public boolean isEmpty() {
        return positions.isEmpty() && workingOrders.isEmpty();
    }

    /** One line per holding, as the user would read it. */
    public List<String> describe() {
        List<String> lines = new ArrayList<>();
        for (VenuePosition p : positions) {
            lines.add("position " + p.symbol() + " " + Decimals.toPlainString(p.quantity())
                    + (p.entryPrice() != 0 ? " at " + Decimals.toPlainString(p.entryPrice()) : ""));
        }
        for (WorkingOrder w : workingOrders) {
            lines.add("working order " + w.symbol() + " " + w.order().clientOrderId() + " (" + w.order().status()
                    + ")");
        }
        return lines;
    }

    /**
     * The positions the job's strategy starts from, or the reason it may not start (an
     * {@link IllegalArgumentException} whose message says what to do).
     *
     * @param adopt the user asked to adopt the account ({@code --adopt-account})
     * @param strategies the strategies that will trade it
     */
    public List<VenuePosition> toAdopt(String venue, boolean adopt, Collection<String> strategies) {
        if (isEmpty()) {
            return List.of();
        }
        if (!adopt) {
            throw new IllegalArgumentException("the account already holds " + describe() + ", which a job starting "
                    + "without a savepoint would not know of: restore the job that holds them (flink run -s), or "
                    + "flatten the account (orderflow account cancel-all, then close the positions), or adopt the "
                    + "positions with --adopt-account");
        }
        if (!workingOrders.isEmpty()) {
            throw new IllegalArgumentException("--adopt-account adopts positions, not working orders: the job cannot "
                    + "know which decision placed " + describe().subList(positions.size(), describe().size())
                    + ". Cancel them first (orderflow account cancel-all --venue " + venue + " --symbols ...), "
                    + "then start again");
        }
        if (!positions.isEmpty() && strategies.size() != 1) {
            throw new IllegalArgumentException("--adopt-account gives the account's " + describe() + " to one "
                    + "strategy's ledger, but " + strategies + " would run: choose the one that owns them with "
                    + "--strategies (e.g. --strategies " + strategies.iterator().next() + ")");
        }
        for (VenuePosition p : positions) {
            if (p.entryPrice() <= 0) {
                throw new IllegalArgumentException(venue + " reports no entry price for the position in " + p.symbol()
                        + ", so its PnL could not be counted: close it first");
            }
        }
        return positions;
    }
}

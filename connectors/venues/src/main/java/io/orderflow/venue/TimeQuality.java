package io.orderflow.venue;

/**
 * How far a venue's book messages can be trusted to say when the book changed: what estimators that compare
 * instants across instruments (lead-lag, β at a lead) need to know before they use them.
 */
public enum TimeQuality {
    /** Each book message carries the venue's (or its gateway's) own time of the change. */
    EXCHANGE,
    /**
     * Book messages carry no time: each takes the latest venue time seen on the connection (a trade's or a
     * heartbeat's), never later than the change but up to a heartbeat interval earlier, and every book message
     * between two such times shares one. Sub-second comparisons with other instruments are meaningless.
     */
    INFERRED;

    /** The column value: lower case. */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}

package io.orderflow.job.records;

import io.orderflow.execution.risk.RiskGate;
import io.orderflow.model.execution.OrderIntent;

/**
 * A strategy's intent and the risk gate's verdict on it: {@code rejection} null when it may go.
 * {@code predictedMakerShare} is the paper exchange's estimate of the share filled passively (null where there is
 * no such model, as on a venue).
 */
public record RiskDecision(OrderIntent intent, RiskGate.Rejection rejection, Double predictedMakerShare) {
    public boolean rejected() {
        return rejection != null;
    }
}

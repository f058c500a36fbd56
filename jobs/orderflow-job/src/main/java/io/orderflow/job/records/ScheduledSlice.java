package io.orderflow.job.records;

import io.orderflow.execution.schedule.ExecutionSchedule;
import io.orderflow.execution.state.ParentOrder;
import io.orderflow.model.Side;

/**
 * One child of a parent order worked on the Almgren–Chriss schedule, as planned when the parent arrived: an
 * {@code execution_schedule} row. The parent's fields repeat on each of its children, so the realized cost is one
 * join with {@code fills} away.
 */
public record ScheduledSlice(String parentId, String strategy, String venue, String symbol, Side side,
        long plannedAtMs, long parentQuantity, long arrivalMid, int slice, int slices, long scheduledAtMs,
        String childOrderId, long childQuantity, double horizonSeconds, double riskAversion, double sigma,
        double eta, double gamma, double epsilon, double kappa, double modelCostBps, double modelCostStdDevBps) {

    /** Every child of a plan. */
    public static ScheduledSlice[] of(ExecutionSchedule.Planned planned) {
        ParentOrder p = planned.parent();
        ScheduledSlice[] out = new ScheduledSlice[p.slices()];
        for (int n = 0; n < p.slices(); n++) {
            out[n] = new ScheduledSlice(p.parentId(), p.strategy(), p.venue(), p.symbol(), p.side(), p.startMs(),
                    p.quantity(), p.arrivalMid(), n + 1, p.slices(), p.dueAt(n), p.childIds()[n], p.children()[n],
                    planned.plan().horizonSeconds(), planned.plan().riskAversion(), planned.parameters().sigma(),
                    planned.parameters().impactPerUnit() * planned.plan().tau(), planned.parameters().gamma(),
                    planned.parameters().epsilon(), planned.plan().kappa(), planned.expectedCostBps(),
                    planned.costStdDevBps());
        }
        return out;
    }
}

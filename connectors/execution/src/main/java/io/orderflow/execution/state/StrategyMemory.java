package io.orderflow.execution.state;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a strategy remembers between book updates, kept in {@link TradingState} so it is checkpointed with the
 * position: the client ids of the orders it tracks by role ("entry", "take-profit", ...), named times and
 * counters, and an array of numbers whose layout the strategy owns (model coefficients, pending samples).
 */
public final class StrategyMemory {
    private final Map<String, String> orders = new LinkedHashMap<>();
    private final Map<String, Long> marks = new LinkedHashMap<>();
    private double[] numbers = new double[0];

    public String order(String role) {
        return orders.get(role);
    }

    public void track(String role, String clientOrderId) {
        if (clientOrderId == null) {
            orders.remove(role);
        } else {
            orders.put(role, clientOrderId);
        }
    }

    public long get(String name, long otherwise) {
        Long mark = marks.get(name); // not getOrDefault: that boxes the default on every call, once per book
        return mark == null ? otherwise : mark;
    }

    public void put(String name, long value) {
        marks.put(name, value);
    }

    public double[] numbers() {
        return numbers;
    }

    public void numbers(double[] values) {
        numbers = values.clone();
    }

    Map<String, String> orders() {
        return orders;
    }

    Map<String, Long> marks() {
        return marks;
    }
}

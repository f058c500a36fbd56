package io.orderflow.model.execution;

public enum OrderType {
    LIMIT,
    MARKET
}

package io.orderflow.book;

class ArrayOrderBookTest extends OrderBookContractTest {
    @Override
    protected OrderBook newBook() {
        return new ArrayOrderBook();
    }
}

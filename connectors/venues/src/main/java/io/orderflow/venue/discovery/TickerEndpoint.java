package io.orderflow.venue.discovery;

/**
 * A venue's bulk 24 h ticker endpoint, as {@link SymbolDiscovery} reads it to pick the most traded instruments.
 *
 * @param path path and query under the REST base
 * @param listField the field holding the list of tickers, or null when the body is the list
 * @param symbolField the instrument's field
 * @param volumeField the 24 h volume: in quote currency, or in base when {@code priceField} is given
 * @param priceField the last price, to turn a base volume into quote; null when the volume is in quote already
 */
public record TickerEndpoint(String path, String listField, String symbolField, String volumeField,
        String priceField) {}

package io.orderflow.venue;

import java.net.URI;

/** Base URLs of a venue: {@code ws://host:port} or {@code wss://...} for streams, {@code http(s)://...} for REST. */
public record VenueEndpoints(String webSocketBase, String restBase) {
    public VenueEndpoints {
        webSocketBase = stripSlash(check(webSocketBase, "webSocketBase", "ws"));
        restBase = stripSlash(check(restBase, "restBase", "http"));
    }

    private static String check(String url, String what, String schemePrefix) {
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException(what + " is empty: give a URL such as "
                    + (schemePrefix.equals("ws") ? "wss://stream.binance.com:9443" : "https://api.binance.com"));
        }
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(what + " is not a URL: '" + url + "'", e);
        }
        if (uri.getScheme() == null || !uri.getScheme().startsWith(schemePrefix) || uri.getHost() == null) {
            throw new IllegalArgumentException(
                    what + " must be a " + schemePrefix + "(s):// URL with a host, got '" + url + "'");
        }
        return url;
    }

    private static String stripSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}

package io.orderflow.venue.okx;

import static io.orderflow.venue.JsonSupport.next;
import static io.orderflow.venue.JsonSupport.side;
import static io.orderflow.venue.JsonSupport.text;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.orderflow.model.BookDelta;
import io.orderflow.model.BookSnapshot;
import io.orderflow.model.DataQualityEvent;
import io.orderflow.model.Decimals;
import io.orderflow.model.MarketEvent;
import io.orderflow.model.PriceLevels;
import io.orderflow.model.Trade;
import io.orderflow.model.VenueBbo;
import io.orderflow.venue.JsonFrameDecoder;
import io.orderflow.venue.FrameException;
import io.orderflow.venue.JsonSupport;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Decodes OKX v5 public frames: {@code books} (snapshot/update with seqId/prevSeqId and checksum), {@code bbo-tbt}
 * (the venue's own best bid/offer), {@code trades}; event answers ({@code subscribe}, {@code error}) and the
 * {@code pong} keepalive. It keeps each instrument's book as strings to verify OKX's CRC32 checksum whenever it is
 * nonzero (OKX sends 0 since June 2026, which is "not provided", never a failure); a mismatch is reported as a
 * CHECKSUM_MISMATCH event so the instrument is resynced. Messages from before seqId existed (the 2022 capture) get
 * a local sequence, so the checksum is then the only guard.
 */
final class OkxFrameDecoder extends JsonFrameDecoder {
    private final Map<String, OkxChecksumBook> books = new HashMap<>();
    private final Map<String, long[]> checksumCounts = new LinkedHashMap<>(); // matched, mismatched, zero
    private final Map<String, Long> localSequence = new HashMap<>();

    OkxFrameDecoder(String venue) {
        super(venue);
    }

    @Override
    public Map<String, ChecksumCounts> checksums() {
        Map<String, ChecksumCounts> out = new LinkedHashMap<>();
        checksumCounts.forEach((k, v) -> out.put(k, new ChecksumCounts(v[0], v[1], v[2])));
        return out;
    }

    @Override
    protected boolean isHousekeeping(String frame) {
        return frame.equals("pong");
    }

    @Override
    protected void decodeObject(JsonParser p, String frame, long receivedAtNanos, Consumer<MarketEvent> out)
            throws IOException {
        Message m = new Message();
        while (next(p) != JsonToken.END_OBJECT) {
            String name = p.currentName();
            JsonToken t = next(p);
            switch (name) {
                case "arg" -> readArg(p, m);
                case "action" -> m.action = text(p, name);
                case "event" -> m.event = text(p, name);
                case "msg" -> m.message = t == JsonToken.VALUE_STRING ? p.getText() : null;
                case "code" -> m.code = p.getText();
                case "data" -> {
                    if (t != JsonToken.START_ARRAY) {
                        throw new FrameException("field data: expected an array");
                    }
                    m.dataStart = true;
                    readData(p, m);
                }
                default -> p.skipChildren();
            }
        }
        emit(m, frame, receivedAtNanos, out);
    }

    private static void readArg(JsonParser p, Message m) throws IOException {
        if (p.currentToken() != JsonToken.START_OBJECT) {
            throw new FrameException("field arg: expected an object");
        }
        while (next(p) != JsonToken.END_OBJECT) {
            String name = p.currentName();
            next(p);
            switch (name) {
                case "channel" -> m.channel = text(p, "arg.channel");
                case "instId" -> m.instId = text(p, "arg.instId");
                default -> p.skipChildren();
            }
        }
    }

    private static void readData(JsonParser p, Message m) throws IOException {
        JsonToken t;
        while ((t = next(p)) != JsonToken.END_ARRAY) {
            if (t != JsonToken.START_OBJECT) {
                throw new FrameException("field data: expected objects");
            }
            Data d = new Data();
            while (next(p) != JsonToken.END_OBJECT) {
                String name = p.currentName();
                JsonToken v = next(p);
                switch (name) {
                    case "asks" -> d.asks = levels(p, "asks");
                    case "bids" -> d.bids = levels(p, "bids");
                    case "ts" -> d.ts = longText(p, "ts");
                    case "checksum" -> d.checksum = (int) JsonSupport.integer(p, "checksum");
                    case "seqId" -> d.seqId = JsonSupport.integer(p, "seqId");
                    case "prevSeqId" -> d.prevSeqId = JsonSupport.integer(p, "prevSeqId");
                    case "instId" -> d.instId = text(p, "instId");
                    case "tradeId" -> d.tradeId = text(p, "tradeId");
                    case "px" -> d.px = JsonSupport.decimal(p, "px");
                    case "sz" -> d.sz = JsonSupport.decimal(p, "sz");
                    case "side" -> d.side = text(p, "side");
                    default -> {
                        if (v == JsonToken.START_OBJECT || v == JsonToken.START_ARRAY) {
                            p.skipChildren();
                        }
                    }
                }
            }
            m.data.add(d);
        }
    }

    /** OKX sends timestamps as strings of digits. */
    private static long longText(JsonParser p, String field) throws IOException {
        JsonToken t = p.currentToken();
        if (t == JsonToken.VALUE_NUMBER_INT) {
            return p.getLongValue();
        }
        String s = text(p, field);
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            throw new FrameException("field " + field + ": expected digits, got '" + s + "'");
        }
    }

    /** [[px, sz, "0", orders], ...] keeping the original strings. */
    private static List<String[]> levels(JsonParser p, String field) throws IOException {
        if (p.currentToken() != JsonToken.START_ARRAY) {
            throw new FrameException("field " + field + ": expected an array of levels");
        }
        List<String[]> out = new ArrayList<>();
        JsonToken t;
        while ((t = next(p)) != JsonToken.END_ARRAY) {
            if (t != JsonToken.START_ARRAY) {
                throw new FrameException("field " + field + ": expected [price, size, ...]");
            }
            next(p);
            String px = text(p, field + ".price");
            if (next(p) == JsonToken.END_ARRAY) {
                throw new FrameException("field " + field + ": level without a size");
            }
            String sz = text(p, field + ".size");
            try {
                if (Decimals.parse(px) <= 0) {
                    throw new FrameException("field " + field + ": price must be positive, got " + px);
                }
                if (Decimals.parse(sz) < 0) {
                    throw new FrameException("field " + field + ": size must not be negative, got " + sz);
                }
            } catch (NumberFormatException e) {
                throw new FrameException("field " + field + ": " + e.getMessage());
            }
            while ((t = next(p)) != JsonToken.END_ARRAY) {
                p.skipChildren();
            }
            out.add(new String[] {px, sz});
        }
        return out;
    }

    private void emit(Message m, String frame, long recv, Consumer<MarketEvent> out) {
        if (m.event != null) {
            if (m.event.equals("error")) {
                out.accept(new DataQualityEvent(venue, m.instId == null ? "" : m.instId, recv / 1_000_000, recv,
                        DataQualityEvent.Kind.VENUE_ERROR, "OKX error " + m.code + ": " + m.message,
                        DataQualityEvent.sampleOf(frame)));
            }
            return; // subscribe / unsubscribe acknowledgements
        }
        if (m.channel == null || !m.dataStart) {
            throw new FrameException("neither an event nor a data push");
        }
        String inst = m.instId;
        switch (m.channel) {
            case "books" -> {
                if (inst == null) {
                    throw new FrameException("missing field arg.instId");
                }
                for (Data d : m.data) {
                    book(inst, m.action, d, recv, out);
                }
            }
            case "bbo-tbt" -> {
                for (Data d : m.data) {
                    if (d.bids == null || d.asks == null || d.bids.isEmpty() || d.asks.isEmpty()) {
                        continue;
                    }
                    out.accept(new VenueBbo(venue, inst, d.ts, recv, d.seqId == Long.MIN_VALUE ? -1 : d.seqId,
                            Decimals.parse(d.bids.get(0)[0]), Decimals.parse(d.bids.get(0)[1]),
                            Decimals.parse(d.asks.get(0)[0]), Decimals.parse(d.asks.get(0)[1])));
                }
            }
            case "trades" -> {
                for (Data d : m.data) {
                    if (d.tradeId == null || d.px <= 0 || d.sz <= 0 || d.side == null) {
                        throw new FrameException("trade lacks tradeId, px, sz or side");
                    }
                    out.accept(new Trade(venue, d.instId != null ? d.instId : inst, d.ts, recv, d.tradeId, d.px,
                            d.sz, side(d.side, "side")));
                }
            }
            case "tickers", "books5" -> { } // subscribed by some users; not used by orderflow's books
            default -> throw new FrameException("unknown channel '" + m.channel + "'");
        }
    }

    private void book(String inst, String action, Data d, long recv, Consumer<MarketEvent> out) {
        if (d.bids == null || d.asks == null || d.ts == Long.MIN_VALUE) {
            throw new FrameException("books data lacks bids, asks or ts");
        }
        boolean snapshot = "snapshot".equals(action);
        if (!snapshot && !"update".equals(action)) {
            throw new FrameException("books action must be snapshot or update, got '" + action + "'");
        }
        OkxChecksumBook strings = books.computeIfAbsent(inst, k -> new OkxChecksumBook());
        if (snapshot) {
            strings.clear();
        }
        PriceLevels bids = apply(strings, true, d.bids);
        PriceLevels asks = apply(strings, false, d.asks);
        long seq;
        long prev;
        if (d.seqId != Long.MIN_VALUE) {
            seq = d.seqId;
            prev = d.prevSeqId;
        } else { // before seqId existed: a local chain, the checksum is the guard
            long last = localSequence.getOrDefault(inst, 0L);
            seq = snapshot ? 1 : last + 1;
            prev = snapshot ? -1 : last;
        }
        localSequence.put(inst, seq);
        if (snapshot) {
            out.accept(new BookSnapshot(venue, inst, d.ts, recv, seq, bids, asks));
        } else {
            out.accept(new BookDelta(venue, inst, d.ts, recv, seq, seq, prev, bids, asks));
        }
        long[] counts = checksumCounts.computeIfAbsent(inst, k -> new long[3]);
        if (d.checksum == null || d.checksum == 0) {
            counts[2]++;
        } else {
            int local = strings.checksum();
            if (local == d.checksum) {
                counts[0]++;
            } else {
                counts[1]++;
                out.accept(new DataQualityEvent(venue, inst, d.ts, recv, DataQualityEvent.Kind.CHECKSUM_MISMATCH,
                        "checksum " + d.checksum + " from OKX, " + local + " from the local book after seqId " + seq,
                        ""));
            }
        }
    }

    private static PriceLevels apply(OkxChecksumBook strings, boolean bid, List<String[]> levels) {
        PriceLevels.Builder b = new PriceLevels.Builder(levels.size());
        for (String[] l : levels) {
            strings.set(bid, l[0], l[1]);
            b.add(Decimals.parse(l[0]), Decimals.parse(l[1]));
        }
        return b.build();
    }


    private static final class Message {
        String channel;
        String instId;
        String action;
        String event;
        String code;
        String message;
        boolean dataStart;
        final List<Data> data = new ArrayList<>(1);
    }

    private static final class Data {
        List<String[]> bids;
        List<String[]> asks;
        long ts = Long.MIN_VALUE;
        Integer checksum;
        long seqId = Long.MIN_VALUE;
        long prevSeqId = Long.MIN_VALUE;
        String instId;
        String tradeId;
        long px;
        long sz;
        String side;
    }
}

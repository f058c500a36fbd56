package io.orderflow.job.bench;

import io.orderflow.exchange.SimulatedMarket;
import io.orderflow.exchange.protocol.Client;
import io.orderflow.exchange.protocol.VenueProtocol;
import io.orderflow.exchange.protocol.VenueProtocols;
import io.orderflow.model.InstrumentKey;
import io.orderflow.model.MarketEvent;
import io.orderflow.model.codec.MarketEventCodec;
import io.orderflow.venue.FrameDecoder;
import io.orderflow.venue.Venue;
import io.orderflow.venue.VenueEndpoints;
import io.orderflow.venue.Venues;
import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A bounded replay of normalized market events, made the way the live job makes them: each venue's simulated
 * market is written in the venue's own protocol by the local exchange's renderer (the frames a WebSocket would
 * carry, and the REST snapshot where the venue seeds from REST), and read back by the venue's own decoder. The
 * events are stored like a Kafka topic of the binary format: one file per partition, an instrument always in the
 * same partition, each record {@code [int length][MarketEventCodec bytes]}.
 *
 * <p>Events carry the simulated exchange time, and as receive time the exchange time (a replay has no wire).
 */
public final class MarketTape {
    /** Exchange time of the first step: 2026-01-01T00:00:00Z, so every tape of the same size is the same. */
    public static final long START_MS = 1_767_225_600_000L;

    /** What was written. */
    public record Summary(List<Path> files, long events, long bytes, int instruments, Map<String, Long> eventsByVenue) {}

    private MarketTape() {}

    /**
     * Writes about {@code events} events (whole market steps, so a little more) of these venues' markets into
     * {@code partitions} files under {@code dir}.
     */
    public static Summary simulate(Path dir, Map<String, List<SimulatedMarket.Instrument>> venues, long events,
            int partitions, long seed) throws IOException {
        if (events <= 0 || partitions <= 0) {
            throw new IllegalArgumentException("a tape needs events > 0 and partitions > 0");
        }
        Files.createDirectories(dir);
        List<Path> files = new ArrayList<>();
        List<DataOutputStream> outs = new ArrayList<>();
        for (int p = 0; p < partitions; p++) {
            Path f = dir.resolve("partition-" + p + ".tape");
            files.add(f);
            outs.add(new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(f), 1 << 16)));
        }
        Writer writer = new Writer(outs);
        try {
            List<VenueFeed> feeds = new ArrayList<>();
            long venueSeed = seed;
            for (Map.Entry<String, List<SimulatedMarket.Instrument>> v : venues.entrySet()) {
                SimulatedMarket market = new SimulatedMarket(v.getValue(), START_MS, 100, 0, 0.0002, venueSeed++)
                        .withStress(SimulatedMarket.Stress.every30Seconds());
                feeds.add(new VenueFeed(v.getKey(), market));
            }
            for (VenueFeed feed : feeds) {
                feed.seed(writer);
            }
            while (writer.events < events) {
                for (VenueFeed feed : feeds) {
                    feed.step(writer);
                }
            }
        } finally {
            for (DataOutputStream out : outs) {
                out.close();
            }
        }
        long bytes = 0;
        for (Path f : files) {
            bytes += Files.size(f);
        }
        int instruments = venues.values().stream().mapToInt(List::size).sum();
        return new Summary(files, writer.events, bytes, instruments, writer.byVenue);
    }

    /** The demo's markets: every venue, BTC leading ETH with the planted beta and lag, as {@code demo} runs them. */
    public static Map<String, List<SimulatedMarket.Instrument>> demoVenues() {
        Map<String, List<SimulatedMarket.Instrument>> venues = new LinkedHashMap<>();
        for (io.orderflow.job.local.Demo.DemoVenue v : io.orderflow.job.local.Demo.ALL_VENUES) {
            venues.put(v.venueId(), SimulatedMarket.btcLeadsEth(v.btc(), v.eth(), io.orderflow.job.local.Demo.PLANTED_BETA,
                    io.orderflow.job.local.Demo.PLANTED_LAG_STEPS, v.btcTick(), v.ethTick()));
        }
        return venues;
    }

    /** {@code count} instruments on one venue (Binance USD-M spelling), for memory per instrument. */
    public static Map<String, List<SimulatedMarket.Instrument>> manyInstruments(int count) {
        List<SimulatedMarket.Instrument> instruments = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            instruments.add(new SimulatedMarket.Instrument(String.format("I%04dUSDT", i), "100", "0.01", "0.001"));
        }
        return Map.of("binance-usdm", instruments);
    }

    /** Encodes events into the partition of their instrument. */
    private static class Writer {
        final List<DataOutputStream> outs;
        final org.apache.flink.core.memory.DataOutputSerializer buffer =
                new org.apache.flink.core.memory.DataOutputSerializer(4096);
        final Map<String, Long> byVenue = new TreeMap<>();
        long events;

        Writer(List<DataOutputStream> outs) {
            this.outs = outs;
        }

        void write(MarketEvent e) {
            try {
                if (outs.isEmpty()) {
                    throw new IllegalStateException("a writer without partitions");
                }
                buffer.clear();
                MarketEventCodec.INSTANCE.write(e, buffer);
                String key = InstrumentKey.of(e.venue(), e.symbol());
                DataOutputStream out = outs.get(Math.floorMod(key.hashCode(), outs.size()));
                out.writeInt(buffer.length());
                out.write(buffer.getSharedBuffer(), 0, buffer.length());
                events++;
                byVenue.merge(e.venue(), 1L, Long::sum);
            } catch (IOException ex) {
                throw new UncheckedIOException(ex);
            }
        }
    }

    /**
     * One venue: its market, its protocol's renderer (one client subscribed to everything), and a decoder per
     * connection the venue would open (some venues take one instrument per connection).
     */
    private static final class VenueFeed implements Client {
        static final VenueEndpoints NOWHERE = new VenueEndpoints("ws://tape.invalid", "http://tape.invalid");
        final Venue venue;
        final SimulatedMarket market;
        final VenueProtocol protocol;
        final Map<String, FrameDecoder> decoders = new LinkedHashMap<>();
        final Set<String> symbols;
        long socketSequence;

        VenueFeed(String venueId, SimulatedMarket market) {
            this.venue = Venues.byId(venueId);
            this.market = market;
            this.protocol = VenueProtocols.forVenue(venueId, market);
            this.symbols = new TreeSet<>(market.symbols());
            for (Venue.Subscription connection : venue.subscriptions(NOWHERE, List.copyOf(symbols))) {
                FrameDecoder decoder = venue.newDecoder(connection);
                List<String> onIt = connection.symbols().isEmpty() ? List.copyOf(symbols) : connection.symbols();
                for (String symbol : onIt) {
                    decoders.putIfAbsent(symbol, decoder);
                }
            }
        }

        /**
         * Each instrument's book, as a subscriber gets it: the stream's first book, or for REST venues what the
         * source's synchronizer sends on: the REST snapshot taken while the first step's deltas were buffered,
         * then those deltas (the book operator skips the ones the snapshot already holds).
         */
        void seed(Writer writer) {
            if (!venue.needsRestSnapshot()) {
                long now = market.clockMs();
                for (String symbol : symbols) {
                    decode(symbol, protocol.bookFor(this, symbol, market.book(symbol), now), now, writer);
                }
                return;
            }
            List<MarketEvent> buffered = new ArrayList<>();
            Writer buffer = new Writer(List.of()) {
                @Override
                void write(MarketEvent e) {
                    buffered.add(e);
                }
            };
            step(buffer);
            long now = market.clockMs();
            for (String symbol : symbols) {
                URI url = URI.create(venue.snapshotUrl(NOWHERE, symbol));
                Map<String, String> query = new LinkedHashMap<>();
                if (url.getQuery() != null) {
                    for (String kv : url.getQuery().split("&")) {
                        int eq = kv.indexOf('=');
                        query.put(kv.substring(0, eq), kv.substring(eq + 1));
                    }
                }
                VenueProtocol.RestAnswer answer = protocol.rest(url.getPath(), query, market);
                if (answer == null || answer.status() != 200) {
                    throw new IllegalStateException(venue.id() + " served no snapshot for " + symbol + " at " + url);
                }
                writer.write(onVenueClock(venue.decodeSnapshot(symbol, answer.body(), now * 1_000_000), now));
            }
            buffered.forEach(writer::write);
        }

        void step(Writer writer) {
            for (SimulatedMarket.SymbolStep step : market.step()) {
                decode(step.symbol(), protocol.renderFor(this, protocol.render(step)), step.timeMs(), writer);
            }
        }

        private void decode(String symbol, List<String> frames, long timeMs, Writer writer) {
            FrameDecoder decoder = decoders.get(symbol);
            for (String frame : frames) {
                decoder.decode(frame, timeMs * 1_000_000, e -> writer.write(onVenueClock(e, timeMs)));
            }
        }

        /**
         * A message the venue sends untimed (Binance spot's bookTicker and REST snapshot) takes the simulated
         * venue's clock at that step, as the live source gives it the venue's latest time on the connection.
         */
        private static MarketEvent onVenueClock(MarketEvent e, long venueTimeMs) {
            return e.exchangeTimeMs() == MarketEvent.NO_VENUE_TIME ? MarketEvent.atVenueTime(e, venueTimeMs) : e;
        }

        @Override
        public void subscribe(String symbol) {}

        @Override
        public void unsubscribe(String symbol) {}

        @Override
        public Set<String> symbols() {
            return symbols;
        }

        @Override
        public void send(String text) {}

        @Override
        public long nextSocketSequence() {
            return socketSequence++;
        }

        @Override
        public Map<String, Object> attributes() {
            return EVERY_STREAM_ATTRIBUTES; // the tape holds every stream of every instrument
        }
    }

    private static final Map<String, Object> EVERY_STREAM_ATTRIBUTES = Map.of(Client.EVERY_STREAM, Boolean.TRUE);
}

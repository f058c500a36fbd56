package io.orderflow.job.metrics;

import io.orderflow.model.DataQualityEvent;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.MeterView;
import org.apache.flink.metrics.MetricGroup;

/**
 * The book operator's metrics, per venue and instrument (registered on first sight, so a subtask reports only
 * the instruments it owns):
 * <ul>
 *   <li>{@code venue.<v>.instrument.<s>}: {@code messages} (counter), {@code messagesPerSecond} (meter, 60 s),
 *       {@code gaps} (sequence gaps and checksum mismatches, the source's and the operator's), {@code resyncs},
 *       {@code inSync} (gauge, 1 or 0);</li>
 *   <li>{@code venue.<v>}: {@code booksInSync} (gauge), {@code reconnects} (connections opened after the first).</li>
 * </ul>
 */
public final class BookMetrics {
    private final MetricGroup root;
    private final Map<String, Instrument> instruments = new HashMap<>();
    private final Map<String, Venue> venues = new HashMap<>();

    public BookMetrics(MetricGroup root) {
        this.root = root;
    }

    /** One instrument's numbers. */
    public static final class Instrument {
        final Counter messages;
        final Counter gaps;
        final Counter resyncs;
        boolean inSync;

        Instrument(MetricGroup group) {
            messages = group.counter("messages");
            group.meter("messagesPerSecond", new MeterView(messages, 60));
            gaps = group.counter("gaps");
            resyncs = group.counter("resyncs");
            group.gauge("inSync", (Gauge<Integer>) () -> inSync ? 1 : 0);
        }

        public void message() {
            messages.inc();
        }

        public void inSync(boolean now) {
            inSync = now;
        }
    }

    private final class Venue {
        final Counter reconnects;
        boolean connectedBefore;

        Venue(String venue, MetricGroup group) {
            reconnects = group.counter("reconnects");
            group.gauge("booksInSync", (Gauge<Integer>) () -> (int) instruments.entrySet().stream()
                    .filter(e -> e.getKey().startsWith(venue + ":") && e.getValue().inSync).count());
        }
    }

    public Instrument instrument(String venue, String symbol) {
        Instrument known = instruments.get(venue + ":" + symbol);
        if (known != null) {
            return known;
        }
        venue(venue); // each subtask reports the books in sync among the instruments it owns
        Instrument created = new Instrument(venueGroup(venue).addGroup("instrument", symbol));
        instruments.put(venue + ":" + symbol, created);
        return created;
    }

    private MetricGroup venueGroup(String venue) {
        return root.addGroup("venue", venue);
    }

    private Venue venue(String venue) {
        return venues.computeIfAbsent(venue, v -> new Venue(v, venueGroup(v)));
    }

    /** Counts what a data-quality event says about connections, gaps and resyncs. */
    public void quality(DataQualityEvent q) {
        switch (q.kind()) {
            case CONNECTED -> {
                Venue v = venue(q.venue());
                if (v.connectedBefore) {
                    v.reconnects.inc();
                }
                v.connectedBefore = true;
            }
            case SEQUENCE_GAP, CHECKSUM_MISMATCH -> {
                if (q.symbol() != null) {
                    instrument(q.venue(), q.symbol()).gaps.inc();
                }
            }
            case RESYNC_STARTED -> {
                if (q.symbol() != null) {
                    instrument(q.venue(), q.symbol()).resyncs.inc();
                }
            }
            default -> { }
        }
    }
}

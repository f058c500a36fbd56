package io.orderflow.model.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.orderflow.model.BookDepth;
import io.orderflow.model.BookTop;
import io.orderflow.model.Decimals;
import io.orderflow.model.PriceLevels;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/** Book tops with and without whole-book depth, and the bytes version 1 wrote (kept in trading state). */
class BookTopCodecTest {
    private static final PriceLevels BIDS = PriceLevels.wrap(new long[] {Decimals.parse("100"), Decimals.parse("99")},
            new long[] {Decimals.parse("1"), Decimals.parse("2")});
    private static final PriceLevels ASKS = PriceLevels.wrap(new long[] {Decimals.parse("101")},
            new long[] {Decimals.parse("3")});

    private static byte[] write(BookTop t) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        BookTopCodec.INSTANCE.write(t, new DataOutputStream(bytes));
        return bytes.toByteArray();
    }

    private static BookTop read(byte[] bytes) throws IOException {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes));
        BookTop t = BookTopCodec.INSTANCE.read(in);
        assertThat(in.available()).as("bytes left after one top").isZero();
        return t;
    }

    @Test
    void topsWithDepthAndWalkLevelsRoundTrip() throws IOException {
        BookTop plain = new BookTop("okx", "BTC-USDT", 5, 6, 7, BIDS, ASKS, true);
        BookTop measured = new BookTop("okx", "BTC-USDT", 5, 6, 7, BIDS, ASKS, false, false,
                new BookDepth(10, 1234.5, 678.25, null, null));
        BookTop walkable = new BookTop("okx", "BTC-USDT", 5, 6, 7, BIDS, ASKS, true, true,
                new BookDepth(10, 1234.5, 678.25, BIDS, ASKS));
        BookTop afterGap = new BookTop("okx", "BTC-USDT", 5, 6, 7, BIDS, ASKS, true, true, null);
        for (BookTop t : new BookTop[] {plain, measured, walkable, afterGap}) {
            assertThat(read(write(t))).isEqualTo(t);
        }
        assertThat(read(write(walkable)).depth().walkDue()).isTrue();
        assertThat(read(write(measured)).depth().walkDue()).isFalse();
        assertThat(read(write(afterGap)).afterGap()).isTrue();
        assertThat(read(write(measured)).afterGap()).isFalse();
    }

    @Test
    void whatVersionOneWroteStillReads() throws IOException {
        // version 1's layout: the header, both sides' levels, then writeBoolean(bboChanged)
        for (boolean changed : new boolean[] {false, true}) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            DataOutputStream out = new DataOutputStream(bytes);
            out.writeUTF("binance-usdm");
            out.writeUTF("BTCUSDT");
            out.writeLong(1_000);
            out.writeLong(2_000);
            out.writeLong(42);
            MarketEventCodec.writeLevels(BIDS, out);
            MarketEventCodec.writeLevels(ASKS, out);
            out.writeBoolean(changed);
            BookTop t = read(bytes.toByteArray());
            assertThat(t).isEqualTo(new BookTop("binance-usdm", "BTCUSDT", 1_000, 2_000, 42, BIDS, ASKS, changed));
            assertThat(t.depth()).isNull();
            // and a top without depth is written exactly as version 1 wrote it
            assertThat(write(t)).isEqualTo(bytes.toByteArray());
        }
    }

    @Test
    void unknownFlagsAreRefused() throws IOException {
        byte[] bytes = write(new BookTop("okx", "BTC-USDT", 5, 6, 7, BIDS, ASKS, false));
        bytes[bytes.length - 1] = 16;
        assertThatThrownBy(() -> read(bytes)).isInstanceOf(IOException.class).hasMessageContaining("unknown flags 16");
    }
}

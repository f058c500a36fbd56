package io.orderflow.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class DecimalsTest {
    @Test
    void parsesWireStringsExactly() {
        assertThat(Decimals.parse("60581.0")).isEqualTo(6_058_100_000_000L);
        assertThat(Decimals.parse("0.00000637")).isEqualTo(637L);
        assertThat(Decimals.parse("0.35130000")).isEqualTo(35_130_000L);
        assertThat(Decimals.parse("7")).isEqualTo(700_000_000L);
        assertThat(Decimals.parse("-1.5")).isEqualTo(-150_000_000L);
        assertThat(Decimals.parse(".5")).isEqualTo(50_000_000L);
        assertThat(Decimals.parse("1.100000000000")).isEqualTo(110_000_000L); // trailing zeros beyond 8 are fine
        assertThat(Decimals.toBigDecimal(Decimals.parse("92233720368.54775807")))
                .isEqualByComparingTo(new BigDecimal("92233720368.54775807"));
    }

    @Test
    void refusesWhatItCannotHoldExactly() {
        assertThatThrownBy(() -> Decimals.parse("0.000000001")).hasMessageContaining("more than 8 fractional");
        assertThatThrownBy(() -> Decimals.parse("92233720368.54775808")).hasMessageContaining("too large");
        assertThatThrownBy(() -> Decimals.parse("1e5")).hasMessageContaining("not a decimal digit");
        assertThatThrownBy(() -> Decimals.parse("NaN")).isInstanceOf(NumberFormatException.class);
        assertThatThrownBy(() -> Decimals.parse("")).isInstanceOf(NumberFormatException.class);
        assertThatThrownBy(() -> Decimals.parse("-")).isInstanceOf(NumberFormatException.class);
        assertThatThrownBy(() -> Decimals.parse(".")).isInstanceOf(NumberFormatException.class);
    }

    @Test
    void roundTripsThroughBigDecimalAndText() {
        for (String s : new String[] {"0.00000001", "60581.1", "1096926", "0.35210000"}) {
            long units = Decimals.parse(s);
            assertThat(Decimals.fromBigDecimal(Decimals.toBigDecimal(units))).isEqualTo(units);
            assertThat(new BigDecimal(Decimals.toPlainString(units))).isEqualByComparingTo(new BigDecimal(s));
        }
    }
}

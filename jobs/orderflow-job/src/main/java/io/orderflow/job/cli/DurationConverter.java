package io.orderflow.job.cli;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import org.apache.flink.util.TimeUtils;
import picocli.CommandLine;

/**
 * Durations written the way Flink's own configuration writes them ({@code 2s}, {@code 2 s}, {@code 500 ms},
 * {@code 1 min}, {@code 1h}; a bare number is milliseconds, as in Flink) or in ISO-8601 ({@code PT2S}), so a value
 * copied from a Flink config file works here too.
 */
final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
        String v = value.strip();
        try {
            Duration d = v.startsWith("P") || v.startsWith("p") || v.startsWith("-P") ? Duration.parse(v)
                    : TimeUtils.parseDuration(v);
            if (d.isNegative()) {
                throw new CommandLine.TypeConversionException("'" + value + "' is negative: a duration here is 0 or more");
            }
            return d;
        } catch (DateTimeParseException | IllegalArgumentException e) {
            if (e instanceof CommandLine.TypeConversionException t) {
                throw t;
            }
            throw new CommandLine.TypeConversionException("'" + value + "' is not a duration: write it as 2s, 500 ms,"
                    + " 1 min or PT2S");
        }
    }
}

package io.orderflow.job.local;

import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Whether a demo's tables hold the simulated market or only what a busy machine kept up with. The simulated venues
 * run on the wall clock, as real ones do: a job that cannot keep up falls behind their connections (the source
 * reports FALLING_BEHIND, with how far), and its books' messages reach event time after the seconds they belong to
 * have been written (LATE_EVENT). Neither happens on a machine that keeps up, so their absence is the verdict
 * "comparable with any other run of the same options", and their presence names how far behind the job fell and how
 * loaded the machine was. Plain Java: the counts come from the run's data_quality rows.
 *
 * @param fellBehind FALLING_BEHIND rows (one per reader and episode)
 * @param maxLagMs the furthest behind those rows say the job was
 * @param lateEvents LATE_EVENT rows, but those of a venue the run held on purpose
 * @param heldLateEvents LATE_EVENT rows of the venue {@code demo --fall-behind} held (its backlog, late by design)
 * @param heldVenue that venue, or null
 * @param loadPerCore the system's one-minute load average per core at the end, or negative when unknown
 * @param cores the cores the JVM sees
 */
public record DemoVerdict(long fellBehind, long maxLagMs, long lateEvents, long heldLateEvents, String heldVenue,
        double loadPerCore, int cores) {
    /** The key under which {@link #of} counts the held venue's LATE_EVENT rows. */
    public static final String HELD_LATE_EVENT = "LATE_EVENT of the held venue";

    private static final Pattern LAG = Pattern.compile("(\\d+) ms behind");

    /** The verdict from data_quality's rows, by kind, with the detail of each FALLING_BEHIND row. */
    public static DemoVerdict of(Map<String, Long> rowsByKind, Iterable<String> fallingBehindDetails,
            double loadAverage, int cores) {
        return of(rowsByKind, fallingBehindDetails, null, loadAverage, cores);
    }

    /**
     * The same for a run that held {@code heldVenue}'s feed on purpose: its LATE_EVENT rows, counted under {@link
     * #HELD_LATE_EVENT}, say nothing of the machine.
     */
    public static DemoVerdict of(Map<String, Long> rowsByKind, Iterable<String> fallingBehindDetails,
            String heldVenue, double loadAverage, int cores) {
        long maxLag = 0;
        for (String detail : fallingBehindDetails) {
            Matcher m = LAG.matcher(detail);
            if (m.find()) {
                maxLag = Math.max(maxLag, Long.parseLong(m.group(1)));
            }
        }
        return new DemoVerdict(rowsByKind.getOrDefault("FALLING_BEHIND", 0L), maxLag,
                rowsByKind.getOrDefault("LATE_EVENT", 0L), rowsByKind.getOrDefault(HELD_LATE_EVENT, 0L), heldVenue,
                loadAverage < 0 ? -1 : loadAverage / cores, cores);
    }

    /** The job handled every message as the venues sent it (a held venue's backlog aside). */
    public boolean keptUp() {
        return fellBehind == 0 && lateEvents == 0;
    }

    /** One line for the console. */
    public String describe(double speed) {
        String load = loadPerCore < 0 ? "" : String.format(Locale.ROOT, " (load %.1f per core, %d cores)",
                loadPerCore, cores);
        String held = heldVenue == null ? ""
                : heldLateEvents > 0 ? String.format(Locale.ROOT, "; %d LATE_EVENT rows are %s's backlog, which "
                        + "--fall-behind held on purpose: its windows were written without it, and those rows name "
                        + "them", heldLateEvents, heldVenue)
                : String.format(Locale.ROOT, "; --fall-behind held %s's feed, yet none of it came late: Flink does "
                        + "not count a source as idle while the job is not keeping up with it, so event time waited "
                        + "for the backlog (a lower --speed shows the late path)", heldVenue);
        if (keptUp()) {
            return "verdict: the job kept up with the simulated venues" + load + ": no FALLING_BEHIND or LATE_EVENT "
                    + "row, the tables hold the whole market, comparable with any run of the same options" + held;
        }
        return String.format(Locale.ROOT, "verdict: the job fell behind the simulated venues by up to %.1f s "
                + "(%d FALLING_BEHIND, %d LATE_EVENT rows in data_quality)%s: this machine did not keep up, so the "
                + "tables miss part of the market and are not comparable with a run that kept up; run it on a "
                + "quieter machine or slower (--speed %s now)", maxLagMs / 1000.0, fellBehind, lateEvents, load,
                speed == Math.rint(speed) ? String.valueOf((long) speed) : String.valueOf(speed)) + held;
    }
}

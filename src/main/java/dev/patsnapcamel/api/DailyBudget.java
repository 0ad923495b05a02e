package dev.patsnapcamel.api;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.function.Function;

/**
 * The arithmetic of the daily budget ({@code patsnap.budget.daily-results}): the results billed today, the
 * worst cases reserved by calls under way, and how many IDs a new call may carry so that the day can never
 * go past the budget. A call reserves its worst case (its number of IDs) before it leaves; its answer settles
 * the reservation to what PatSnap billed; a call that ends without an answer releases it. A budget of 0 is
 * no budget: every call is granted in full, and the billed results are only counted.
 * <p>
 * The day is the date in {@code patsnap.daily-limit.zone} counted from {@code patsnap.daily-limit.reset-time}
 * (the daily limit's reset). When a new day begins, the count starts from what the store says of that day
 * (nothing, normally; the day's row after a restart). Thread-safe.
 */
public final class DailyBudget {

    private final long budget;
    private final ZoneId zone;
    private final LocalTime reset;
    private final Function<String, Long> billedOn;
    private String day;
    private long used;
    private long reserved;

    /**
     * @param budget   the most billed results per day; 0: no budget
     * @param billedOn the results already billed on a day ({@code yyyy-MM-dd}), from the state database
     */
    public DailyBudget(long budget, ZoneId zone, LocalTime reset, Function<String, Long> billedOn) {
        if (budget < 0) {
            throw new IllegalArgumentException(
                    "patsnap.budget.daily-results must be 0 (no budget) or more, not " + budget);
        }
        this.budget = budget;
        this.zone = zone;
        this.reset = reset;
        this.billedOn = billedOn;
    }

    /** The most billed results per day; 0: no budget. */
    public long budget() {
        return budget;
    }

    public boolean limited() {
        return budget > 0;
    }

    /** The budget day of an instant: the date in the zone, a day starting at the reset time. */
    public String dayOf(Instant when) {
        ZonedDateTime local = when.atZone(zone);
        LocalDate date =
                local.toLocalTime().isBefore(reset) ? local.toLocalDate().minusDays(1) : local.toLocalDate();
        return date.toString();
    }

    /** When the budget day of this instant ends (the next reset). */
    public Instant nextReset(Instant when) {
        LocalDate day = LocalDate.parse(dayOf(when));
        return day.plusDays(1).atTime(reset).atZone(zone).toInstant();
    }

    /**
     * Reserves the worst case of a call of {@code ids} IDs: all of them if they fit, else as many as fit
     * (0: none; the call must wait). The number granted is reserved and must be settled or released.
     */
    public synchronized int reserve(int ids, Instant now) {
        roll(now);
        if (!limited()) {
            return ids;
        }
        long left = budget - used - reserved;
        int granted = (int) Math.max(0, Math.min(ids, left));
        reserved += granted;
        return granted;
    }

    /**
     * A call's answer came: its reservation becomes what PatSnap billed ({@code billed} may exceed the
     * reservation only if PatSnap answered more patents than asked; it is counted all the same).
     */
    public synchronized void settle(int held, long billed, Instant now) {
        roll(now);
        reserved = Math.max(0, reserved - held);
        used += billed;
    }

    /** A call ended without an answer: its reservation is given back. */
    public synchronized void release(int held, Instant now) {
        roll(now);
        reserved = Math.max(0, reserved - held);
    }

    /** Results billed today. */
    public synchronized long used(Instant now) {
        roll(now);
        return used;
    }

    /** Worst cases reserved by calls under way. */
    public synchronized long reserved() {
        return reserved;
    }

    /** The current budget day ({@code yyyy-MM-dd}). */
    public synchronized String day(Instant now) {
        roll(now);
        return day;
    }

    private void roll(Instant now) {
        String today = dayOf(now);
        if (!today.equals(day)) {
            // reservations of calls still under way stay: they are settled or released into the new day
            day = today;
            Long known = billedOn.apply(today);
            used = known == null ? 0 : known;
        }
    }
}

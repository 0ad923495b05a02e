package dev.patsnapcamel.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

/** The reservation arithmetic of the daily budget: never past the budget, whatever the answers bill. */
class DailyBudgetTest {

    static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    // 2026-12-02 10:00 in Shanghai
    static final Instant MORNING = Instant.parse("2026-12-02T02:00:00Z");

    final Map<String, Long> stored = new ConcurrentHashMap<>();

    DailyBudget budget(long limit) {
        return new DailyBudget(limit, SHANGHAI, LocalTime.MIDNIGHT, stored::get);
    }

    @Test
    void aCallIsGrantedWholeWhileItsWorstCaseFits() {
        DailyBudget b = budget(300);
        assertThat(b.reserve(100, MORNING)).isEqualTo(100);
        assertThat(b.reserve(100, MORNING)).isEqualTo(100);
        assertThat(b.reserve(100, MORNING)).isEqualTo(100);
        // the three worst cases fill the budget: a fourth call must wait, though nothing is billed yet
        assertThat(b.reserve(100, MORNING)).isZero();
        assertThat(b.reserved()).isEqualTo(300);
        assertThat(b.used(MORNING)).isZero();
    }

    @Test
    void settlingGivesBackWhatWasNotBilledAndABatchIsShortenedToWhatIsLeft() {
        DailyBudget b = budget(300);
        int held = b.reserve(100, MORNING);
        b.settle(held, 60, MORNING); // 40 of the 100 IDs were unknown to PatSnap: not billed
        assertThat(b.used(MORNING)).isEqualTo(60);
        assertThat(b.reserved()).isZero();
        assertThat(b.reserve(100, MORNING)).isEqualTo(100);
        assertThat(b.reserve(100, MORNING)).isEqualTo(100);
        assertThat(b.reserve(100, MORNING)).as("60 + 200 reserved: 40 left").isEqualTo(40);
        assertThat(b.reserve(1, MORNING)).isZero();
    }

    @Test
    void aCallWithoutAnAnswerGivesItsReservationBack() {
        DailyBudget b = budget(100);
        int held = b.reserve(100, MORNING);
        assertThat(b.reserve(1, MORNING)).isZero();
        b.release(held, MORNING);
        assertThat(b.reserve(100, MORNING)).isEqualTo(100);
        assertThat(b.used(MORNING)).isZero();
    }

    @Test
    void noBudgetGrantsEveryCallAndOnlyCounts() {
        DailyBudget b = budget(0);
        assertThat(b.limited()).isFalse();
        assertThat(b.reserve(100, MORNING)).isEqualTo(100);
        b.settle(0, 100, MORNING);
        assertThat(b.reserve(100, MORNING)).isEqualTo(100);
        assertThat(b.used(MORNING)).isEqualTo(100);
    }

    @Test
    void theDayStartsAtTheResetInTheZoneAndStartsFromWhatTheStoreKnows() {
        stored.put("2026-12-02", 250L);
        DailyBudget b = new DailyBudget(300, SHANGHAI, LocalTime.of(6, 0), stored::get);
        // 05:00 in Shanghai is still the day before (the reset is at 06:00)
        Instant early = Instant.parse("2026-12-01T21:00:00Z");
        assertThat(b.dayOf(early)).isEqualTo("2026-12-01");
        assertThat(b.reserve(100, early)).isEqualTo(100);
        // 10:00: the day of the restart's row, 250 billed already
        assertThat(b.dayOf(MORNING)).isEqualTo("2026-12-02");
        assertThat(b.used(MORNING)).isEqualTo(250);
        assertThat(b.nextReset(MORNING)).isEqualTo(Instant.parse("2026-12-02T22:00:00Z"));
    }

    @Test
    void aNewDayHasTheWholeBudgetAgain() {
        DailyBudget b = budget(100);
        b.settle(b.reserve(100, MORNING), 100, MORNING);
        assertThat(b.reserve(1, MORNING)).isZero();
        Instant tomorrow = MORNING.plusSeconds(24 * 3600);
        assertThat(b.reserve(100, tomorrow)).isEqualTo(100);
        assertThat(b.used(tomorrow)).isZero();
    }

    @Test
    void aNegativeBudgetIsRefused() {
        assertThatThrownBy(() -> budget(-1)).hasMessageContaining("patsnap.budget.daily-results");
    }

    @Test
    void concurrentCallsNeverTakeTheDayPastTheBudget() throws Exception {
        DailyBudget b = budget(1000);
        AtomicLong billed = new AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> calls = new ArrayList<>();
            for (int i = 0; i < 400; i++) {
                calls.add(pool.submit(() -> {
                    ThreadLocalRandom random = ThreadLocalRandom.current();
                    int held = b.reserve(1 + random.nextInt(100), MORNING);
                    if (held == 0) {
                        return;
                    }
                    if (random.nextInt(5) == 0) {
                        b.release(held, MORNING); // no answer
                    } else {
                        long result = random.nextInt(held + 1); // billed: at most one per ID asked
                        billed.addAndGet(result);
                        b.settle(held, result, MORNING);
                    }
                }));
            }
            for (Future<?> call : calls) {
                call.get(30, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(b.used(MORNING)).isEqualTo(billed.get()).isLessThanOrEqualTo(1000);
        assertThat(b.reserved()).isZero();
    }
}

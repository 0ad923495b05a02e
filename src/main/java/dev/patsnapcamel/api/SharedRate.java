package dev.patsnapcamel.api;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.BlockingStrategy;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.TokensInheritanceStrategy;
import io.github.bucket4j.distributed.BucketProxy;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.github.bucket4j.postgresql.Bucket4jPostgreSQL;

/**
 * One rate for the account across all the nodes of a cluster: a token bucket in the shared state database
 * (Bucket4j's PostgreSQL backend, table {@code patsnap_rate_bucket}, row 1), holding at most one token and
 * refilled with one every {@code patsnap.rate.window / qps}, qps being the cluster's rate now
 * ({@link SharedRateState}). Each business call of each node takes a token ({@link #await}) after its turn
 * under the node's own {@link CallSpacing}: the node's turns are one at a time, so each node holds at most
 * one place in the bucket's queue. A call reserves the next token and sleeps until it is due (no time is
 * lost between one node's token and another's), in looks of at most 100 ms that see whether the bundle is
 * stopping. A token nobody asked for is not banked: the bucket holds one at most.
 * <p>
 * It fails closed: while the database cannot be reached no token is granted, so no call leaves; the
 * waiting calls try again every {@link #RETRY} (one warning when the database fails, one line when it is
 * back), and take tokens at the full rate as soon as it answers.
 */
public final class SharedRate implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SharedRate.class);

    /** The account's bucket: the one row of {@code patsnap_rate_bucket}. */
    static final long ACCOUNT = 1L;
    /** How long a waiting call sleeps at most before it looks whether the bundle is stopping. */
    static final long LOOK_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
    /** How long a call waits before it asks again, after the database failed. */
    static final Duration RETRY = Duration.ofMillis(200);
    /** How often the cluster's rate is read. */
    static final Duration REFRESH = Duration.ofMillis(250);
    /** How long one request to the bucket may take before it counts as failed. */
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(5);
    /** One call's token in the bucket's units (finer units let a late call push the next ones by its delay). */
    static final long UNITS = 1000;
    /** A call that leaves later than this after its token's moment pushes the next tokens by its delay. */
    static final long LATE_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

    private final ProxyManager<Long> buckets;
    private final SharedRateState state;
    private final SharedRateClock clock;
    private final Duration window;
    private final long maxWaitNanos;
    private final AtomicBoolean failing = new AtomicBoolean();
    private final AtomicLong failures = new AtomicLong();
    private final AtomicLong granted = new AtomicLong();
    private final AtomicLong pushed = new AtomicLong();
    /** The moment (System.nanoTime) of the last token this thread took, as the bucket allotted it. */
    private final ThreadLocal<long[]> moment = ThreadLocal.withInitial(() -> new long[1]);

    private volatile Taken bucket;
    private ScheduledExecutorService refresher;

    public SharedRate(DataSource database, SharedRateState state, Duration window) {
        this.buckets = Bucket4jPostgreSQL.selectForUpdateBasedBuilder(database)
                .table("patsnap_rate_bucket")
                .idColumn("id")
                .stateColumn("state")
                .clientClock(state.clock())
                .requestTimeout(REQUEST_TIMEOUT)
                .build();
        this.clock = state.clock();
        this.state = state;
        this.window = window;
        // a node holds one place in the queue at a time; beyond a window's wait it asks again later
        this.maxWaitNanos = window.toNanos();
    }

    /** Reads the cluster's rate now and then every {@link #REFRESH}, on a thread of its own. */
    public synchronized void start() {
        refresh();
        if (refresher == null) {
            refresher = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "patsnap-shared-rate");
                t.setDaemon(true);
                return t;
            });
            refresher.scheduleWithFixedDelay(
                    this::refresh, REFRESH.toMillis(), REFRESH.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** Runs this on the shared rate's own thread, after what it is doing now (a write to the shared rate). */
    public synchronized void inBackground(Runnable task) {
        if (refresher == null) {
            throw new RejectedExecutionException("the shared rate is closed");
        }
        refresher.execute(task);
    }

    @Override
    public synchronized void close() {
        if (refresher != null) {
            refresher.shutdownNow();
            refresher = null;
        }
    }

    /** Reads the cluster's rate (and sets it back to the configured one after the cool-down). */
    public void refresh() {
        try {
            state.refresh();
            reachable();
        } catch (Exception e) {
            unreachable(e);
        }
    }

    /**
     * Waits for a token of the account's bucket and takes it; returns false without one when the bundle
     * is stopping. While the database cannot be reached it keeps waiting (fails closed).
     */
    public boolean await(BooleanSupplier stopping) throws InterruptedException {
        long[] due = new long[1];
        BlockingStrategy looking = nanos -> {
            // the token is due this long after the bucket read its clock, under its lock
            due[0] = clock.readAt() + nanos;
            reachable();
            sleep(due[0] - System.nanoTime(), stopping);
        };
        while (!stopping.getAsBoolean()) {
            boolean taken;
            BucketProxy account;
            try {
                account = bucket();
                due[0] = Long.MIN_VALUE;
                taken = account.asBlocking().tryConsume(UNITS, maxWaitNanos, looking);
                if (due[0] == Long.MIN_VALUE) {
                    due[0] = clock.readAt(); // a token at once: its moment is when the bucket looked
                }
                reachable();
            } catch (InterruptedException e) {
                throw e;
            } catch (RuntimeException e) {
                unreachable(e);
                sleep(RETRY.toNanos(), stopping);
                continue;
            }
            if (taken) {
                granted.incrementAndGet();
                moment.get()[0] = due[0];
                late(account, System.nanoTime() - due[0]);
                return !stopping.getAsBoolean();
            }
            // the queue is longer than a window (a very low rate): look again in a while
            sleep(LOOK_NANOS, stopping);
        }
        return false;
    }

    /**
     * A call that leaves well after its token's moment (its thread delayed on a loaded machine, a slow answer
     * of the database) would leave too close to the next node's: it pushes the next tokens by its delay, so
     * the calls stay a whole window apart as they really leave. Should that fail, the call still goes: it
     * has its token.
     */
    private void late(BucketProxy account, long lateNanos) {
        if (lateNanos <= LATE_NANOS) {
            return;
        }
        try {
            account.consumeIgnoringRateLimits(Math.min(
                    UNITS, lateNanos * UNITS / Math.max(1, period(state.qps()).toNanos())));
            pushed.incrementAndGet();
        } catch (RuntimeException e) {
            unreachable(e);
        }
    }

    /** The moment (System.nanoTime) the last token this thread took was due, as the bucket allotted it. */
    long moment() {
        return moment.get()[0];
    }

    /** How many calls were late and pushed the next tokens (a metric). */
    public long pushed() {
        return pushed.get();
    }

    /** Tokens granted to this node so far. */
    public long granted() {
        return granted.get();
    }

    /** How many times the database could not be reached so far. */
    public long failures() {
        return failures.get();
    }

    /** Whether the database cannot be reached now (no token, no call). */
    public boolean failing() {
        return failing.get();
    }

    /** The bucket with the cluster's rate now; a new version replaces the stored configuration once. */
    private BucketProxy bucket() {
        SharedRateState.Rate rate = state.rate();
        Taken current = bucket;
        if (current == null || current.version != rate.version()) {
            BucketProxy proxy = buckets.builder()
                    .withImplicitConfigurationReplacement(Math.max(0, rate.version()), TokensInheritanceStrategy.AS_IS)
                    .build(ACCOUNT, () -> configuration(rate.qps()));
            current = new Taken(rate.version(), proxy);
            bucket = current;
        }
        return current.proxy;
    }

    /** At most one call's token, one more every window / qps (refilled continuously, in units). */
    BucketConfiguration configuration(int qps) {
        return BucketConfiguration.builder()
                .addLimit(Bandwidth.builder()
                        .capacity(UNITS)
                        .refillGreedy(UNITS, period(qps))
                        .initialTokens(UNITS)
                        .build())
                .build();
    }

    /** How far apart the cluster's calls leave at this rate. */
    private Duration period(int qps) {
        return window.dividedBy(Math.max(1, qps));
    }

    private void reachable() {
        if (failing.compareAndSet(true, false)) {
            LOG.info("The state database answers again: calls take the cluster's shared rate again");
        }
    }

    private void unreachable(Exception e) {
        failures.incrementAndGet();
        if (failing.compareAndSet(false, true)) {
            LOG.warn(
                    "The state database cannot be reached: no call leaves until it answers again (the cluster's"
                            + " shared rate fails closed): {}",
                    e.toString());
        }
    }

    /** Sleeps for the time given, in looks of at most 100 ms, and no longer once the bundle is stopping. */
    private static void sleep(long nanos, BooleanSupplier stopping) throws InterruptedException {
        long until = System.nanoTime() + nanos;
        long left = nanos;
        while (left > 0 && !stopping.getAsBoolean()) {
            TimeUnit.NANOSECONDS.sleep(Math.min(left, LOOK_NANOS));
            left = until - System.nanoTime();
        }
    }

    /** The bucket as built for one version of the cluster's rate. */
    private record Taken(long version, BucketProxy proxy) {}
}

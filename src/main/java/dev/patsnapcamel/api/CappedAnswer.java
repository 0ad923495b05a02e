package dev.patsnapcamel.api;

import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.codec.BodyCodec;
import io.vertx.ext.web.codec.spi.BodyStream;

/**
 * How the non-blocking client collects an answer's body: in memory (Vert.x's web client hands over a whole
 * body, not a stream), but never more than {@code patsnap.http.max-answer-bytes}. The bytes are counted as they
 * arrive, after the client has decompressed them (gzip, deflate), so a small compressed answer that would
 * inflate beyond the cap is cut off as soon as it passes it: the call then fails with {@link Oversized} and
 * the rest of the answer is never held. A body within the cap is then read by {@link AnswerReader}, which
 * applies the same cap and {@code patsnap.http.max-json-depth}.
 */
public final class CappedAnswer implements BodyCodec<Buffer> {

    private final long maxBytes;

    public CappedAnswer(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    @Override
    public void create(Handler<AsyncResult<BodyStream<Buffer>>> handler) {
        handler.handle(Future.succeededFuture(new Collected(maxBytes)));
    }

    /** Whether a failed call failed because its answer passed the cap. */
    public static boolean oversized(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof Oversized) {
                return true;
            }
        }
        return false;
    }

    /** The answer passed {@code patsnap.http.max-answer-bytes}. */
    public static final class Oversized extends RuntimeException {
        Oversized(long max) {
            super("the answer is larger than patsnap.http.max-answer-bytes (" + max + " bytes)", null, false, false);
        }
    }

    /** The body so far; fails the answer at the first chunk that passes the cap. */
    static final class Collected implements BodyStream<Buffer> {
        private final long max;
        private final Promise<Buffer> result = Promise.promise();
        private final Buffer body = Buffer.buffer();

        Collected(long max) {
            this.max = max;
        }

        @Override
        public Future<Buffer> result() {
            return result.future();
        }

        @Override
        public void handle(Throwable failure) {
            result.tryFail(failure);
        }

        @Override
        public Future<Void> write(Buffer data) {
            if (result.future().isComplete()) {
                return result.future().failed()
                        ? Future.failedFuture(result.future().cause())
                        : Future.succeededFuture();
            }
            if ((long) body.length() + data.length() > max) {
                Oversized oversized = new Oversized(max);
                result.tryFail(oversized);
                return Future.failedFuture(oversized);
            }
            body.appendBuffer(data);
            return Future.succeededFuture();
        }

        @Override
        public void write(Buffer data, Handler<AsyncResult<Void>> handler) {
            Future<Void> written = write(data);
            if (handler != null) {
                written.onComplete(handler);
            }
        }

        @Override
        public void end(Handler<AsyncResult<Void>> handler) {
            result.tryComplete(body);
            if (handler != null) {
                handler.handle(Future.succeededFuture());
            }
        }

        @Override
        public Collected exceptionHandler(Handler<Throwable> handler) {
            return this;
        }

        @Override
        public Collected setWriteQueueMaxSize(int maxSize) {
            return this;
        }

        @Override
        public boolean writeQueueFull() {
            return false;
        }

        @Override
        public Collected drainHandler(Handler<Void> handler) {
            return this;
        }
    }
}

package org.parley.bench;

import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.FastThreadLocalThread;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Runs JMH's benchmark threads as Netty {@link FastThreadLocalThread}s, as the media event loop's
 * thread is. Netty pools {@code ByteBuf} objects and caches pooled memory per thread only on such
 * threads: on a plain thread every pooled buffer allocation creates a new buffer object, an
 * allocation production does not have. Selected with
 * {@code -Djmh.executor=CUSTOM -Djmh.executor.class=org.parley.bench.FastThreadLocalExecutor}.
 */
public final class FastThreadLocalExecutor extends ThreadPoolExecutor {

    /** The constructor JMH's {@code CUSTOM} executor type calls. */
    public FastThreadLocalExecutor(int maxThreads, String prefix) {
        super(maxThreads, maxThreads, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(),
                new DefaultThreadFactory(prefix, true));
    }
}

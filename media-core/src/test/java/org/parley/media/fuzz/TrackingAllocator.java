package org.parley.media.fuzz;

import io.netty.buffer.AbstractByteBufAllocator;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.UnpooledHeapByteBuf;
import io.netty.util.ResourceLeakDetector;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The allocator handed to code under fuzz: it remembers every buffer it allocates, so a target can
 * check right after each input that every buffer was released (or handed back to the caller, who
 * releases it) — a deterministic leak check, unlike Netty's leak detector, which only notices a leak
 * after a garbage collection, many inputs later. When fuzzing ({@code JAZZER_FUZZ} set), loading this
 * class also turns Netty's detector to {@link ResourceLeakDetector.Level#PARANOID} and records what it
 * reports, as a second net for buffers allocated elsewhere ({@link #assertNoDetectedLeaks()}).
 */
public final class TrackingAllocator extends AbstractByteBufAllocator {

    private static final List<String> DETECTED = new CopyOnWriteArrayList<>();

    static {
        // Only while fuzzing (one target per JVM): in a normal test run the detector would also report,
        // after some garbage collection, what other test classes of the same JVM leaked, and PARANOID
        // tracking would slow every test that runs after this class is loaded.
        if (System.getenv("JAZZER_FUZZ") != null && !System.getenv("JAZZER_FUZZ").isEmpty()) {
            ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.PARANOID);
            try {
                // AbstractByteBuf's detector is created once per JVM; a listener on it sees every reported leak.
                Class<?> type = Class.forName("io.netty.buffer.AbstractByteBuf");
                Field field = type.getDeclaredField("leakDetector");
                field.setAccessible(true);
                ResourceLeakDetector<?> detector = (ResourceLeakDetector<?>) field.get(null);
                detector.setLeakListener((resourceType, records) -> DETECTED.add(resourceType + records));
            } catch (ReflectiveOperationException | RuntimeException e) {
                throw new ExceptionInInitializerError(e);
            }
        }
    }

    private final List<ByteBuf> allocated = new ArrayList<>();

    public TrackingAllocator() {
        super(false);
    }

    @Override
    protected ByteBuf newHeapBuffer(int initialCapacity, int maxCapacity) {
        ByteBuf buf = new UnpooledHeapByteBuf(this, initialCapacity, maxCapacity);
        allocated.add(buf);
        return buf;
    }

    @Override
    protected ByteBuf newDirectBuffer(int initialCapacity, int maxCapacity) {
        return newHeapBuffer(initialCapacity, maxCapacity);
    }

    @Override
    public boolean isDirectBufferPooled() {
        return false;
    }

    /** A buffer holding {@code bytes} from {@code offset} on, with its reader index past a prefix of junk. */
    public ByteBuf copyOf(byte[] bytes, int prefix) {
        ByteBuf buf = buffer(prefix + bytes.length);
        for (int i = 0; i < prefix; i++) {
            buf.writeByte(0xA5);
        }
        buf.writeBytes(bytes);
        buf.readerIndex(prefix);
        return buf;
    }

    /** How many buffers this allocator handed out and are not released yet. */
    public int live() {
        int live = 0;
        for (ByteBuf buf : allocated) {
            if (buf.refCnt() != 0) {
                live++;
            }
        }
        return live;
    }

    /** Fails if any buffer from this allocator is still referenced; then forgets them all. */
    public void assertAllReleased(String what) {
        int live = live();
        allocated.clear();
        if (live != 0) {
            throw new AssertionError(what + ": " + live + " buffer(s) not released");
        }
    }

    /** When fuzzing: fails if Netty's PARANOID leak detector reported a leaked buffer anywhere in this JVM. */
    public static void assertNoDetectedLeaks() {
        if (!DETECTED.isEmpty()) {
            String first = DETECTED.getFirst();
            DETECTED.clear();
            throw new AssertionError("Netty's leak detector reported a leak: " + first);
        }
    }
}

package org.parley.mixer.opus;

import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.Arena;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

/**
 * The native side of one libopus encoder or decoder: its opaque state, the owner's scratch buffers and a word for
 * {@code *_ctl} results, all in one shared arena that {@link #close()} frees once. {@link OpusEncoder} and
 * {@link OpusDecoder} keep their codec logic and leave the lifecycle (initialisation that frees the arena on failure,
 * the closed check, close-once, translating a failed downcall) to this class.
 *
 * <p>Not thread-safe, like its owners; see {@link OpusEncoder} for why the arena is shared.
 */
final class OpusState implements AutoCloseable {

    /** Which libopus object this is; names it in error messages. */
    enum Kind {
        ENCODER("OpusEncoder", "opus_encoder"),
        DECODER("OpusDecoder", "opus_decoder");

        private final String owner;
        private final String function;

        Kind(String owner, String function) {
            this.owner = owner;
            this.function = function;
        }
    }

    /** Initialises freshly allocated state, e.g. with {@code opus_encoder_init}. */
    @FunctionalInterface
    interface Initializer {
        /** @return the libopus error code, 0 on success */
        int init(MemorySegment state) throws Throwable;
    }

    private final Kind kind;
    private final Arena arena;
    private final MemorySegment state;
    private final MemorySegment ctlResult;
    private boolean closed;

    private OpusState(Kind kind, Arena arena, MemorySegment state) {
        this.kind = kind;
        this.arena = arena;
        this.state = state;
        this.ctlResult = arena.allocate(JAVA_INT);
    }

    /**
     * Allocates and initialises the state of a {@code kind} for {@code channels}.
     *
     * @param getSize {@code opus_encoder_get_size} or {@code opus_decoder_get_size}
     * @throws IllegalArgumentException if libopus rejects the parameters
     */
    static OpusState create(Kind kind, OpusLibrary opus, MethodHandle getSize, int channels,
                            Initializer initializer) {
        Arena arena = Arena.ofShared();
        try {
            int stateSize = (int) getSize.invokeExact(channels);
            MemorySegment state = arena.allocate(stateSize, 16);
            int error = initializer.init(state);
            if (error != 0) {
                throw new IllegalArgumentException(kind.function + "_init: " + opus.errorText(error));
            }
            return new OpusState(kind, arena, state);
        } catch (RuntimeException | Error e) {
            arena.close();
            throw e;
        } catch (Throwable t) {
            arena.close();
            throw new IllegalStateException(kind.function + "_init failed", t);
        }
    }

    /** Native scratch memory for {@code count} elements, freed with the state. */
    MemorySegment allocate(MemoryLayout elementLayout, long count) {
        return arena.allocate(elementLayout, count);
    }

    /** Native scratch memory of {@code bytes} bytes, freed with the state. */
    MemorySegment allocate(long bytes) {
        return arena.allocate(bytes);
    }

    /**
     * The {@code OpusEncoder*} or {@code OpusDecoder*} to pass to libopus.
     *
     * @throws IllegalStateException after {@link #close()}
     */
    MemorySegment pointer() {
        if (closed) {
            throw new IllegalStateException(kind.owner + " is closed");
        }
        return state;
    }

    /** Calls a {@code *_ctl} that takes no argument; returns its libopus status. */
    int ctl(MethodHandle ctlNoArg, int request) {
        MemorySegment pointer = pointer();
        try {
            return (int) ctlNoArg.invokeExact(pointer, request);
        } catch (Throwable t) {
            throw ctlFailed(t);
        }
    }

    /** Calls a {@code *_ctl} that takes an int; returns its libopus status. */
    int ctl(MethodHandle ctlInt, int request, int value) {
        MemorySegment pointer = pointer();
        try {
            return (int) ctlInt.invokeExact(pointer, request, value);
        } catch (Throwable t) {
            throw ctlFailed(t);
        }
    }

    /** Calls a {@code *_ctl} that writes an int; returns its libopus status, the int is then {@link #ctlValue()}. */
    int ctlGet(MethodHandle ctlPointer, int request) {
        MemorySegment pointer = pointer();
        try {
            return (int) ctlPointer.invokeExact(pointer, request, ctlResult);
        } catch (Throwable t) {
            throw ctlFailed(t);
        }
    }

    /** The int the last {@link #ctlGet} wrote. */
    int ctlValue() {
        return ctlResult.get(JAVA_INT, 0);
    }

    /** Frees the native memory; later calls are no-ops. */
    @Override
    public void close() {
        if (!closed) {
            arena.close();
            closed = true;
        }
    }

    private IllegalStateException ctlFailed(Throwable cause) {
        return new IllegalStateException(kind.function + "_ctl failed", cause);
    }
}

package org.parley.mixer.opus;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.parley.mixer.ffm.SharedLibraries;

/**
 * The loaded libopus and its downcall handles, created once per library and shared by every
 * encoder and decoder. {@link #get()} loads the system library on first use; the handles are
 * immutable, so an {@code OpusLibrary} may be used from any thread.
 *
 * <p>The library is looked up by its soname ({@code libopus.so.0}, i.e. the dynamic linker's search
 * path), then at the usual install locations. The system property {@value #LIBRARY_PROPERTY} names
 * a file to try first.
 */
public final class OpusLibrary {

    /** System property naming a libopus file to load before the default candidates. */
    public static final String LIBRARY_PROPERTY = "parley.opus.library";

    static final String NOT_FOUND_MESSAGE =
            "libopus not found: install the libopus0 package (apt-get install libopus0)";

    private static final List<String> DEFAULT_CANDIDATES = List.of(
            "libopus.so.0",
            "/usr/lib/x86_64-linux-gnu/libopus.so.0",
            "/lib/x86_64-linux-gnu/libopus.so.0",
            "/usr/lib/aarch64-linux-gnu/libopus.so.0",
            "/usr/lib64/libopus.so.0",
            "/usr/lib/libopus.so.0",
            "/usr/local/lib/libopus.so.0",
            "libopus.0.dylib",
            "/opt/homebrew/lib/libopus.0.dylib");

    // opus_*_ctl(st, request, ...) is variadic; the value (or pointer) is its first variadic argument.
    private static final Linker.Option CTL_VARIADIC = Linker.Option.firstVariadicArg(2);

    final MethodHandle encoderGetSize;
    final MethodHandle encoderInit;
    final MethodHandle encode;
    final MethodHandle encoderCtlInt;
    final MethodHandle encoderCtlPointer;
    final MethodHandle encoderCtlNoArg;
    final MethodHandle decoderGetSize;
    final MethodHandle decoderInit;
    final MethodHandle decode;
    final MethodHandle decoderCtlPointer;
    final MethodHandle decoderCtlNoArg;
    private final MethodHandle strerror;
    private final String version;

    private OpusLibrary(SymbolLookup lookup, String source) {
        Linker linker = Linker.nativeLinker();
        Binder binder = new Binder(linker, lookup, source);
        encoderGetSize = binder.bind("opus_encoder_get_size", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
        encoderInit = binder.bind("opus_encoder_init",
                FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT, JAVA_INT));
        encode = binder.bind("opus_encode",
                FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_INT, ADDRESS, JAVA_INT));
        encoderCtlInt = binder.bind("opus_encoder_ctl",
                FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT), CTL_VARIADIC);
        encoderCtlPointer = binder.bind("opus_encoder_ctl",
                FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, ADDRESS), CTL_VARIADIC);
        encoderCtlNoArg = binder.bind("opus_encoder_ctl",
                FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT), CTL_VARIADIC);
        decoderGetSize = binder.bind("opus_decoder_get_size", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
        decoderInit = binder.bind("opus_decoder_init",
                FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT));
        decode = binder.bind("opus_decode",
                FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT));
        decoderCtlPointer = binder.bind("opus_decoder_ctl",
                FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, ADDRESS), CTL_VARIADIC);
        decoderCtlNoArg = binder.bind("opus_decoder_ctl",
                FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT), CTL_VARIADIC);
        strerror = binder.bind("opus_strerror", FunctionDescriptor.of(ADDRESS, JAVA_INT));
        MethodHandle versionString = binder.bind("opus_get_version_string", FunctionDescriptor.of(ADDRESS));
        try {
            version = cString((MemorySegment) versionString.invokeExact());
        } catch (Throwable t) {
            throw new OpusUnavailableException("opus_get_version_string failed in " + source, t);
        }
    }

    /**
     * The system libopus, loaded on first call.
     *
     * @throws OpusUnavailableException if libopus is not installed
     */
    public static OpusLibrary get() {
        return SystemLibrary.get();
    }

    /**
     * Loads libopus from the first candidate that opens: a bare name goes through the dynamic
     * linker's search path, anything with a '/' is a file path.
     *
     * @throws OpusUnavailableException if no candidate opens or the library lacks a needed function
     */
    public static OpusLibrary load(List<String> candidates) {
        List<String> tried = new ArrayList<>(candidates.size());
        Optional<SharedLibraries.Opened> opened = SharedLibraries.open(candidates, tried);
        if (opened.isPresent()) {
            return new OpusLibrary(opened.get().lookup(), opened.get().source());
        }
        throw new OpusUnavailableException(NOT_FOUND_MESSAGE + "; tried " + String.join(", ", tried));
    }

    /** libopus's version string, e.g. {@code "libopus 1.3.1"}. */
    public String version() {
        return version;
    }

    /** libopus's text for an error code ({@code opus_strerror}). */
    String errorText(int errorCode) {
        try {
            return cString((MemorySegment) strerror.invokeExact(errorCode));
        } catch (Throwable t) {
            throw new IllegalStateException("opus_strerror failed", t);
        }
    }

    OpusException exception(int errorCode) {
        return new OpusException(errorCode, errorText(errorCode));
    }

    private static String cString(MemorySegment pointer) {
        // The returned char* points into libopus's static data; give it a bound to read it.
        return pointer.reinterpret(256).getString(0);
    }

    private record Binder(Linker linker, SymbolLookup lookup, String source) {

        MethodHandle bind(String name, FunctionDescriptor descriptor, Linker.Option... options) {
            MemorySegment symbol = lookup.find(name).orElseThrow(() -> new OpusUnavailableException(
                    source + " has no function " + name + "; libopus 1.1 or newer is required"));
            return linker.downcallHandle(symbol, descriptor, options);
        }
    }

    /** Lazy holder: the system library is loaded once; a failure is remembered and reported each call. */
    private static final class SystemLibrary {
        private static final OpusLibrary LIBRARY;
        private static final OpusUnavailableException FAILURE;

        static {
            OpusLibrary library = null;
            OpusUnavailableException failure = null;
            try {
                library = load(candidates());
            } catch (OpusUnavailableException e) {
                failure = e;
            }
            LIBRARY = library;
            FAILURE = failure;
        }

        static OpusLibrary get() {
            if (LIBRARY == null) {
                throw new OpusUnavailableException(FAILURE.getMessage(), FAILURE);
            }
            return LIBRARY;
        }

        private static List<String> candidates() {
            return SharedLibraries.candidates(LIBRARY_PROPERTY, DEFAULT_CANDIDATES);
        }
    }
}

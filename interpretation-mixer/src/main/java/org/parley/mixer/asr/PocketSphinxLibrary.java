package org.parley.mixer.asr;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

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
 * The loaded libpocketsphinx (Debian {@code libpocketsphinx3}, pocketsphinx 0.8 "5prealpha") and
 * its downcall handles, shared by every session. {@link #get()} loads the system library on first
 * use; the handles are immutable, so it may be used from any thread. The {@code cmd_ln_*}
 * functions live in libsphinxbase, which libpocketsphinx links, so one lookup finds them.
 *
 * <p>Looked up by soname, then at the usual install locations; the system property
 * {@value #LIBRARY_PROPERTY} names a file to try first.
 */
public final class PocketSphinxLibrary {

    /** System property naming a libpocketsphinx file to load before the default candidates. */
    public static final String LIBRARY_PROPERTY = "parley.pocketsphinx.library";

    static final String NOT_FOUND_MESSAGE = "libpocketsphinx not found: install the libpocketsphinx3 and"
            + " pocketsphinx-en-us packages (apt-get install libpocketsphinx3 pocketsphinx-en-us)";

    private static final List<String> DEFAULT_CANDIDATES = List.of(
            "libpocketsphinx.so.3",
            "/usr/lib/x86_64-linux-gnu/libpocketsphinx.so.3",
            "/usr/lib/aarch64-linux-gnu/libpocketsphinx.so.3",
            "/usr/lib64/libpocketsphinx.so.3",
            "/usr/lib/libpocketsphinx.so.3",
            "/usr/local/lib/libpocketsphinx.so.3");

    final MethodHandle args;
    final MethodHandle parseArguments;
    final MethodHandle freeConfig;
    final MethodHandle init;
    final MethodHandle free;
    final MethodHandle startUtterance;
    final MethodHandle endUtterance;
    final MethodHandle processRaw;
    final MethodHandle hypothesis;
    final MethodHandle inSpeech;
    private final String source;

    private PocketSphinxLibrary(SymbolLookup lookup, String source) {
        this.source = source;
        Linker linker = Linker.nativeLinker();
        args = bind(linker, lookup, "ps_args", FunctionDescriptor.of(ADDRESS));
        // cmd_ln_t *cmd_ln_parse_r(cmd_ln_t *inout, const arg_t *defn, int32 argc, char *argv[], int32 strict)
        parseArguments = bind(linker, lookup, "cmd_ln_parse_r",
                FunctionDescriptor.of(ADDRESS, ADDRESS, ADDRESS, JAVA_INT, ADDRESS, JAVA_INT));
        freeConfig = bind(linker, lookup, "cmd_ln_free_r", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        init = bind(linker, lookup, "ps_init", FunctionDescriptor.of(ADDRESS, ADDRESS));
        free = bind(linker, lookup, "ps_free", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        startUtterance = bind(linker, lookup, "ps_start_utt", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        endUtterance = bind(linker, lookup, "ps_end_utt", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        // int ps_process_raw(ps_decoder_t *ps, int16 const *data, size_t n_samples, int no_search, int full_utt)
        processRaw = bind(linker, lookup, "ps_process_raw",
                FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_LONG, JAVA_INT, JAVA_INT));
        // char const *ps_get_hyp(ps_decoder_t *ps, int32 *out_best_score)
        hypothesis = bind(linker, lookup, "ps_get_hyp", FunctionDescriptor.of(ADDRESS, ADDRESS, ADDRESS));
        // uint8 ps_get_in_speech(ps_decoder_t *ps)
        inSpeech = bind(linker, lookup, "ps_get_in_speech", FunctionDescriptor.of(JAVA_BYTE, ADDRESS));
    }

    /**
     * The system libpocketsphinx, loaded on first call.
     *
     * @throws AsrUnavailableException if it is not installed
     */
    public static PocketSphinxLibrary get() {
        return SystemLibrary.get();
    }

    /**
     * Loads libpocketsphinx from the first candidate that opens: a bare name goes through the
     * dynamic linker's search path, anything with a '/' is a file path.
     *
     * @throws AsrUnavailableException naming the packages to install if none opens, or if the
     *     library lacks a function (another pocketsphinx version)
     */
    public static PocketSphinxLibrary load(List<String> candidates) {
        List<String> tried = new ArrayList<>(candidates.size());
        Optional<SharedLibraries.Opened> opened = SharedLibraries.open(candidates, tried);
        if (opened.isPresent()) {
            return new PocketSphinxLibrary(opened.get().lookup(), opened.get().source());
        }
        throw new AsrUnavailableException(NOT_FOUND_MESSAGE + "; tried " + String.join(", ", tried));
    }

    /** Where the library was loaded from (a soname or a path). */
    public String source() {
        return source;
    }

    private static MethodHandle bind(Linker linker, SymbolLookup lookup, String name, FunctionDescriptor descriptor) {
        MemorySegment symbol = lookup.find(name).orElseThrow(() -> new AsrUnavailableException(
                "libpocketsphinx has no function " + name + "; pocketsphinx 0.8 (Debian libpocketsphinx3)"
                        + " is required"));
        return linker.downcallHandle(symbol, descriptor);
    }

    /** Lazy holder: loaded once; a failure is remembered and reported on each call. */
    private static final class SystemLibrary {
        private static final PocketSphinxLibrary LIBRARY;
        private static final AsrUnavailableException FAILURE;

        static {
            PocketSphinxLibrary library = null;
            AsrUnavailableException failure = null;
            try {
                library = load(candidates());
            } catch (AsrUnavailableException e) {
                failure = e;
            }
            LIBRARY = library;
            FAILURE = failure;
        }

        static PocketSphinxLibrary get() {
            if (LIBRARY == null) {
                throw new AsrUnavailableException(FAILURE.getMessage(), FAILURE);
            }
            return LIBRARY;
        }

        private static List<String> candidates() {
            return SharedLibraries.candidates(LIBRARY_PROPERTY, DEFAULT_CANDIDATES);
        }
    }
}

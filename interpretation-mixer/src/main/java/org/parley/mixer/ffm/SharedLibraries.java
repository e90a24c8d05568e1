package org.parley.mixer.ffm;

import java.lang.foreign.Arena;
import java.lang.foreign.SymbolLookup;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Opens a system C library for the JDK's foreign function API from a list of candidates, as the
 * mixer's bindings (libopus, libpocketsphinx) do: a bare name goes through the dynamic linker's
 * search path, anything with a '/' is a file path; a system property may name a file to try first.
 */
public final class SharedLibraries {

    private SharedLibraries() {
    }

    /** A library opened, and the candidate it came from. */
    public record Opened(SymbolLookup lookup, String source) {
    }

    /**
     * The first candidate that opens (for the life of the JVM), or empty with every candidate
     * added to {@code tried}.
     */
    public static Optional<Opened> open(List<String> candidates, List<String> tried) {
        for (String candidate : candidates) {
            try {
                if (candidate.indexOf('/') >= 0) {
                    Path path = Path.of(candidate);
                    if (!Files.isReadable(path)) {
                        tried.add(candidate);
                        continue;
                    }
                    return Optional.of(new Opened(SymbolLookup.libraryLookup(path, Arena.global()), candidate));
                }
                return Optional.of(new Opened(SymbolLookup.libraryLookup(candidate, Arena.global()), candidate));
            } catch (IllegalArgumentException notFound) {
                tried.add(candidate);
            }
        }
        return Optional.empty();
    }

    /** {@code defaults}, after the file the system property {@code property} names if it is set. */
    public static List<String> candidates(String property, List<String> defaults) {
        String configured = System.getProperty(property);
        if (configured == null || configured.isBlank()) {
            return defaults;
        }
        List<String> candidates = new ArrayList<>(defaults.size() + 1);
        candidates.add(configured);
        candidates.addAll(defaults);
        return candidates;
    }
}

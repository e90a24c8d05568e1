package org.parley.mixer.opus;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class OpusLibraryTest {

    @Test
    void loadsTheSystemLibrary() {
        assertTrue(OpusLibrary.get().version().startsWith("libopus "), OpusLibrary.get().version());
    }

    @Test
    void missingLibraryTellsWhatToInstall() {
        OpusUnavailableException e = assertThrows(OpusUnavailableException.class,
                () -> OpusLibrary.load(List.of("libopus-does-not-exist.so.7", "/nonexistent/libopus.so.0")));
        assertTrue(e.getMessage().startsWith(
                "libopus not found: install the libopus0 package (apt-get install libopus0)"), e.getMessage());
        assertTrue(e.getMessage().contains("libopus-does-not-exist.so.7"), e.getMessage());
    }

    @Test
    void explicitPathLoads() {
        OpusLibrary library = OpusLibrary.load(List.of("/nonexistent/libopus.so.0", "libopus.so.0"));
        try (OpusDecoder decoder = OpusDecoder.create(library, 16_000, 1)) {
            assertTrue(decoder.sampleRate() == 16_000);
        }
    }
}

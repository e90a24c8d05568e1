package org.parley.mixer.hls;

import java.util.function.Consumer;
import org.parley.mixer.fmp4.OpusInitSegment;
import org.parley.mixer.fmp4.OpusTrack;

/**
 * One rendition of a webcast (one language channel): its initialization segment, its segmenter and
 * its live window. Finished segments go into the window and to the archive, if one is attached
 * ({@link #archive}), on the mixer thread.
 */
public final class HlsRendition {

    private final String name;
    private final byte[] initSegment;
    private final HlsSegmenter segmenter;
    private final LiveWindow window;
    private volatile Consumer<HlsSegment> archive;

    /**
     * @param name           its path segment in URLs and its key (a language code, or {@code floor})
     * @param track          the Opus track its init segment declares
     * @param segmentSamples segment duration at 48 kHz
     * @param windowSegments segments in the live window
     */
    public HlsRendition(String name, OpusTrack track, int segmentSamples, int windowSegments) {
        this.name = name;
        this.initSegment = OpusInitSegment.write(track);
        this.window = new LiveWindow(windowSegments);
        this.segmenter = new HlsSegmenter(segmentSamples, this::segmentFinished);
    }

    private void segmentFinished(HlsSegment segment) {
        window.add(segment);
        Consumer<HlsSegment> keeper = archive;
        if (keeper != null) {
            keeper.accept(segment);
        }
    }

    public String name() {
        return name;
    }

    /** The initialization segment; the caller must not change it. */
    public byte[] initSegment() {
        return initSegment;
    }

    public HlsSegmenter segmenter() {
        return segmenter;
    }

    public LiveWindow window() {
        return window;
    }

    /**
     * Hands every segment finished from now on to {@code keeper} as well (null: none), on the mixer
     * thread: it must not block (queue the write elsewhere).
     */
    public void archive(Consumer<HlsSegment> keeper) {
        archive = keeper;
    }
}

package org.parley.signaling.sip;

import java.util.Optional;
import org.parley.media.MediaServer;
import org.parley.signaling.config.ParleyConfig;
import org.parley.signaling.interpretation.InterpretationChannels;

/** Makes the calls' audio from the server's media core; ParleyServer calls it once at start. */
@FunctionalInterface
public interface CallMediaFactory {

    /** No call audio: INVITEs are refused with 503 (a server without media core). */
    CallMediaFactory NONE = (config, media, interpretation) -> Optional.empty();

    Optional<CallMedia> create(ParleyConfig config, Optional<MediaServer> media,
                               Optional<InterpretationChannels> interpretation);
}

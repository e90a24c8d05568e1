package org.parley.signaling.sip;

import java.util.Optional;
import org.parley.media.MediaServer;
import org.parley.signaling.config.ParleyConfig;
import org.parley.signaling.interpretation.InterpretationChannels;

/**
 * Makes the calls' audio from the server's media core; ParleyServer calls it once at start, when SIP
 * is enabled. Empty means no call audio: INVITEs are refused with 503.
 */
@FunctionalInterface
public interface CallMediaFactory {

    Optional<CallMedia> create(ParleyConfig config, Optional<MediaServer> media,
                               Optional<InterpretationChannels> interpretation);
}

package org.parley.media.transport;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The transport layer's logger. */
final class MediaLog {
    static final Logger LOG = LoggerFactory.getLogger("org.parley.media");

    private MediaLog() {
    }
}

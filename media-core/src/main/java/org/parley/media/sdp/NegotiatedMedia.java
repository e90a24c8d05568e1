package org.parley.media.sdp;

import java.util.List;

/**
 * The outcome of one offered m-line. Extension ids are 0 when the extension was not negotiated.
 *
 * @param mid                    the m-line's mid
 * @param role                   what the m-line became
 * @param opusPayloadType        the offer's Opus payload type, or -1 when rejected
 * @param nack                   whether generic NACK (RFC 4585 §4.2) was negotiated
 * @param transportCc            whether transport-wide congestion control feedback was negotiated
 * @param midExtensionId         id of {@link Extmap#SDES_MID}
 * @param audioLevelExtensionId  id of {@link Extmap#SSRC_AUDIO_LEVEL}
 * @param absSendTimeExtensionId id of {@link Extmap#ABS_SEND_TIME}
 * @param transportCcExtensionId id of {@link Extmap#TRANSPORT_WIDE_CC}
 * @param remoteSsrcs            the SSRCs the peer signalled for a PUBLISH line (may be empty: then
 *                               the line is recognized by its mid header extension)
 * @param localSsrc              our SSRC on a SUBSCRIBE line, else {@link #NO_SSRC}
 * @param localMsid              the msid we wrote on a SUBSCRIBE line, else null
 */
public record NegotiatedMedia(String mid, MediaRole role, int opusPayloadType, boolean nack, boolean transportCc,
                              int midExtensionId, int audioLevelExtensionId, int absSendTimeExtensionId,
                              int transportCcExtensionId, List<Long> remoteSsrcs, long localSsrc, Msid localMsid) {

    public static final long NO_SSRC = -1;

    public NegotiatedMedia {
        remoteSsrcs = List.copyOf(remoteSsrcs);
    }

    static NegotiatedMedia rejected(String mid) {
        return new NegotiatedMedia(mid, MediaRole.REJECTED, -1, false, false, 0, 0, 0, 0, List.of(), NO_SSRC, null);
    }
}

package org.parley.media.transport;

/**
 * The RTP header extension ids one m-line negotiated (RFC 8285); 0 where not negotiated.
 */
public record RtpExtensionIds(int midId, int audioLevelId, int absSendTimeId, int transportCcId) {
    public static final RtpExtensionIds NONE = new RtpExtensionIds(0, 0, 0, 0);
}

package org.parley.signaling.dashboard;

import org.parley.media.quality.QualityScore;
import org.parley.media.transport.TransportQuality;
import org.parley.signaling.auth.Role;
import org.parley.signaling.meeting.Listening;
import org.parley.signaling.protocol.LinkGrade;
import org.parley.signaling.meeting.TransportKind;

/**
 * One participant at one tick of the feed.
 *
 * @param participantId its id
 * @param name          its display name
 * @param role          its role
 * @param booth         an interpreter's booth language, otherwise null
 * @param transport     how its media reaches the server
 * @param channel       the channel (language, variant, tier) its first channel subscription follows, or null
 * @param quality       its transport's RTCP figures, both ways
 * @param grade         the grade the chair console shows for them
 * @param score         the estimated E-model score (R factor and MOS), {@link QualityScore#UNKNOWN} until measured
 */
public record ParticipantSnapshot(String participantId, String name, Role role, String booth, TransportKind transport,
                                  Listening channel, TransportQuality quality, LinkGrade grade,
                                  QualityScore score) {
}

package org.parley.signaling.protocol;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.parley.signaling.auth.Role;
import org.parley.signaling.captions.Caption;
import org.parley.signaling.captions.CaptionLog;
import org.parley.signaling.captions.CaptionRefusal;
import org.parley.signaling.captions.CaptionSource;
import org.parley.signaling.captions.CaptionSubscription;
import org.parley.signaling.meeting.Meeting;
import org.parley.signaling.meeting.Participant;

/**
 * The caption side of one session (PROTOCOL.md, "Captions"): {@code caption} writes a line, a partial or a
 * segment's final; {@code subscribeCaptions} (or {@code captionLanguages} in {@code join}) chooses the
 * languages this client is sent; {@link #wants} filters the meeting's {@code caption} events by it. Requests
 * on the connection thread; {@link #wants} on whichever thread the meeting sends from.
 */
final class CaptionRequests {

    private final ClientConnection connection;
    private final CaptionSubscription subscription = new CaptionSubscription();

    CaptionRequests(ClientConnection connection) {
        this.connection = connection;
    }

    /** Whether a caption in {@code language} is sent to this client. */
    boolean wants(String language) {
        return subscription.wants(language);
    }

    /**
     * Takes {@code captionLanguages} of a {@code join} before its welcome (so its {@code captions} are the
     * subscribed languages'); all languages when the field is absent.
     */
    void joining(ClientMessage join, Meeting meeting) throws ProtocolException {
        subscription.choose(languages(join, "captionLanguages", meeting));
    }

    /** The finals of the last minute in the subscribed languages, for a welcome taken under the meeting's lock. */
    List<Caption> recent(Meeting meeting) {
        return meeting.recentCaptions(subscription::wants);
    }

    void caption(ClientMessage message, Participant self) throws ProtocolException {
        Role role = self.role();
        if (!role.canCaption()) {
            throw new ProtocolException(ErrorCode.FORBIDDEN, "only captioners, chairs and operators may send captions,"
                    + " not a " + role.wireName());
        }
        String text = message.requiredString("text");
        if (text.length() > CaptionLog.MAX_TEXT_LENGTH) {
            throw new ProtocolException(ErrorCode.BAD_MESSAGE, "field \"text\" must have 1 to "
                    + CaptionLog.MAX_TEXT_LENGTH + " characters");
        }
        Meeting meeting = self.meeting();
        String language = message.optionalString("language");
        if (language != null) {
            requireLanguage(meeting, language);
        }
        String segmentId = message.optionalString("segmentId");
        boolean isFinal = message.optionalBoolean("final", true);
        Caption caption;
        try {
            caption = meeting.caption(self, segmentId, language, CaptionSource.CAPTIONER, text, isFinal);
        } catch (CaptionRefusal e) {
            throw new ProtocolException(ErrorCode.BAD_MESSAGE, e.getMessage());
        }
        connection.send(ServerMessages.reply("captionSent", message.id()).put("segmentId", caption.segmentId())
                .put("language", caption.language()));
    }

    /** {@code subscribeCaptions {languages}}: the reply names them and carries their finals of the last minute. */
    void subscribe(ClientMessage message, Participant self) throws ProtocolException {
        Meeting meeting = self.meeting();
        Set<String> languages = languages(message, "languages", meeting);
        // Under the meeting's lock: no caption falls between the last minute's and the events that follow.
        List<Caption> recent;
        synchronized (meeting) {
            subscription.choose(languages);
            recent = recent(meeting);
        }
        ObjectNode reply = ServerMessages.reply("captionsSubscribed", message.id());
        if (languages == null) {
            reply.putNull("languages");
        } else {
            languages.forEach(reply.putArray("languages")::add);
        }
        reply.set("captions", ServerMessages.captions(recent));
        connection.send(reply);
    }

    /** The languages {@code field} names, each one of the meeting's, or null (all) when it is absent or null. */
    private static Set<String> languages(ClientMessage message, String field, Meeting meeting) throws ProtocolException {
        List<String> named = message.optionalStrings(field, Math.max(1, meeting.languages().size()));
        if (named == null) {
            return null;
        }
        for (String language : named) {
            requireLanguage(meeting, language);
        }
        return new LinkedHashSet<>(named);
    }

    private static void requireLanguage(Meeting meeting, String language) throws ProtocolException {
        if (!meeting.languages().contains(language)) {
            throw new ProtocolException(ErrorCode.UNKNOWN_LANGUAGE, "meeting \"" + meeting.id() + "\" has no language \""
                    + language + "\"; it has " + meeting.languages());
        }
    }
}

package org.parley.signaling.sip;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Optional;
import org.parley.media.quality.QualityScore;
import org.parley.media.transport.TransportQuality;
import org.parley.signaling.meeting.Meeting;
import org.parley.signaling.sip.media.CallAudio;
import org.parley.signaling.sip.media.CallAudioFactory;
import org.parley.signaling.sip.media.CallCodec;

/** The server's call audio: each leg is a {@link CallAudio} of the media core's {@link CallAudioFactory}. */
public final class CallAudioMedia implements CallMedia {

    /**
     * Call audio on the media core, its RTP ports bound where the media's are and announced as the
     * media's address; none without a media core.
     */
    public static final CallMediaFactory FACTORY = (config, media, interpretation) -> media.isEmpty()
            || interpretation.isEmpty() ? Optional.empty()
            : Optional.of(new CallAudioMedia(new CallAudioFactory(media.get(), interpretation.get(),
                    config.media().bindAddress(), config.media().announcedAddress())));

    private final CallAudioFactory factory;

    public CallAudioMedia(CallAudioFactory factory) {
        this.factory = factory;
    }

    @Override
    public CallMedia.Leg open(Meeting meeting, String participantId) throws IOException {
        return new Leg(factory.open(meeting, participantId));
    }

    @Override
    public void close() {
        factory.close();
    }

    /** One {@link CallAudio}. */
    private record Leg(CallAudio audio) implements CallMedia.Leg {

        @Override
        public String address() {
            return audio.address();
        }

        @Override
        public int port() {
            return audio.port();
        }

        @Override
        public void start(InetSocketAddress remote, InetAddress signalingHost, CallCodec codec, String language,
                          boolean heard) {
            audio.start(remote, signalingHost, codec, language, heard);
        }

        @Override
        public String producerId() {
            return audio.producerId();
        }

        @Override
        public void setHeard(boolean heard) {
            audio.setHeard(heard);
        }

        @Override
        public TransportQuality quality() {
            return audio.quality();
        }

        @Override
        public QualityScore score() {
            return audio.score();
        }

        @Override
        public void close() {
            audio.close();
        }
    }
}

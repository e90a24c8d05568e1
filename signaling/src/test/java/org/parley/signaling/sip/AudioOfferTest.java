package org.parley.signaling.sip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.parley.signaling.sip.media.CallCodec;

/** RFC 3264 offer/answer for a room system's plain RTP/AVP offer. */
class AudioOfferTest {

    private static String offer(String connection, String media) {
        return "v=0\r\no=room 1 1 IN IP4 192.0.2.1\r\ns=-\r\n" + connection + "t=0 0\r\n" + media;
    }

    private static final String C = "c=IN IP4 192.0.2.1\r\n";

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "'0 8', PCMU",
        "'8 0', PCMA",
        "'18 101 8', PCMA",
    })
    void theOfferersFirstG711Wins(String formats, CallCodec expected) throws Exception {
        AudioOffer offer = AudioOffer.select(offer(C, "m=audio 49170 RTP/AVP " + formats + "\r\n"));

        assertEquals(expected, offer.codec());
        assertEquals(new InetSocketAddress("192.0.2.1", 49170), offer.remote());
    }

    @Test
    void anRtpmapThatRedefinesAStaticTypeIsNotG711() throws Exception {
        AudioOffer offer = AudioOffer.select(offer(C, "m=audio 49170 RTP/AVP 0 8\r\na=rtpmap:0 opus/48000/2\r\n"));

        assertEquals(CallCodec.PCMA, offer.codec());
    }

    @Test
    void theAnswerAcceptsTheAudioAndDeclinesTheRest() throws Exception {
        AudioOffer offer = AudioOffer.select(offer("", "m=video 49172 RTP/AVP 96\r\n"
                + "m=audio 49170 RTP/AVP 8\r\nc=IN IP4 192.0.2.9\r\n"));

        String answer = offer.answer("198.51.100.7", 40000, 42);

        assertEquals(new InetSocketAddress("192.0.2.9", 49170), offer.remote(), "the media-level c= line");
        assertEquals("v=0\r\no=parley 42 1 IN IP4 198.51.100.7\r\ns=Parley\r\nc=IN IP4 198.51.100.7\r\nt=0 0\r\n"
                + "m=video 0 RTP/AVP 96\r\n"
                + "m=audio 40000 RTP/AVP 8\r\na=rtpmap:8 PCMA/8000\r\na=ptime:20\r\na=sendrecv\r\n", answer);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "no RTP/AVP audio stream offers PCMU or PCMA|c=IN IP4 192.0.2.1|m=audio 49170 RTP/AVP 18",
        "no RTP/AVP audio stream offers PCMU or PCMA|c=IN IP4 192.0.2.1|m=audio 49170 RTP/SAVP 0",
        "no RTP/AVP audio stream offers PCMU or PCMA|c=IN IP4 192.0.2.1|m=audio 0 RTP/AVP 0",
        "no RTP/AVP audio stream offers PCMU or PCMA|c=IN IP4 192.0.2.1|m=video 49170 RTP/AVP 0",
        "no c= line for the audio stream||m=audio 49170 RTP/AVP 0",
        "c= address \"room.example\" is not an IP address (names are not supported)|c=IN IP4 room.example|m=audio 49170 RTP/AVP 0",
    })
    void unusableOffers(String expected, String connection, String media) {
        String sdp = offer(connection == null ? "" : connection + "\r\n", media + "\r\n");

        AudioOffer.OfferException e = assertThrows(AudioOffer.OfferException.class, () -> AudioOffer.select(sdp));

        assertEquals(expected, e.getMessage());
    }

    @Test
    void noSdpIsALateOfferWhichIsNotSupported() {
        AudioOffer.OfferException e = assertThrows(AudioOffer.OfferException.class, () -> AudioOffer.select(""));

        assertTrue(e.getMessage().contains("late offer"), e.getMessage());
    }

    @Test
    void unreadableSdpSaysWhere() {
        AudioOffer.OfferException e = assertThrows(AudioOffer.OfferException.class, () -> AudioOffer.select("v=1\r\n"));

        assertTrue(e.getMessage().startsWith("unreadable SDP: "), e.getMessage());
    }
}

package org.parley.media.sdp;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Chrome offers typed from Unified Plan sessions, and the local side of our answers. */
final class Fixtures {

    /** (a) one sendrecv audio track with a=ssrc, four extmaps and opus/red/G722/PCMU/PCMA/CN/telephone-event. */
    static final String SENDRECV_AUDIO = "chrome-sendrecv-audio.sdp";
    /** (b) one sendonly audio line (a microphone) and three recvonly audio lines. */
    static final String PUBLISH_AND_THREE_SUBSCRIBES = "chrome-publish-and-three-subscribes.sdp";
    /** (c) sendrecv audio, sendrecv video with rtx and a datachannel m-line. */
    static final String AUDIO_VIDEO_DATA = "chrome-audio-video-data.sdp";
    /** (d) (b) offered again with one more recvonly line, mid 4. */
    static final String REOFFER_ADDS_SUBSCRIBE = "chrome-reoffer-adds-subscribe.sdp";

    static final List<String> ALL = List.of(SENDRECV_AUDIO, PUBLISH_AND_THREE_SUBSCRIBES, AUDIO_VIDEO_DATA,
            REOFFER_ADDS_SUBSCRIBE);

    static final Fingerprint SERVER_FINGERPRINT = new Fingerprint("sha-256",
            "1C:D4:7A:02:E9:5B:83:F6:40:AE:17:C2:6D:98:3F:B1:05:E7:4A:DC:21:69:F0:8E:B3:57:0A:CD:94:12:6E:F8");
    static final IceCredentials SERVER_ICE = new IceCredentials("SrvU", "ServerPasswordServerPass1");

    private Fixtures() {
    }

    /** A fixture with CRLF line ends, as Chrome sends it. */
    static String offer(String name) {
        try (InputStream in = Fixtures.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("\n", "\r\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static SessionDescription parsed(String name) throws SdpException {
        return SdpParser.parse(offer(name));
    }

    /** {@code sdp} with the first line equal to {@code line} replaced by {@code replacement} (null deletes it). */
    static String replaceLine(String sdp, String line, String replacement) {
        List<String> lines = new ArrayList<>(List.of(sdp.split("\r\n")));
        int index = lines.indexOf(line);
        if (index < 0) {
            throw new IllegalArgumentException("no line " + line);
        }
        if (replacement == null) {
            lines.remove(index);
        } else {
            lines.set(index, replacement);
        }
        return String.join("\r\n", lines) + "\r\n";
    }

    /** {@code sdp} without any line equal to {@code line}. */
    static String removeAll(String sdp, String line) {
        return sdp.replace(line + "\r\n", "");
    }

    /** Our side: SSRCs handed out from 5000 upwards, one per mid, remembered across answers. */
    static final class RecordingSsrcs implements SsrcAllocator {
        final Map<String, Long> byMid = new LinkedHashMap<>();
        final List<String> calls = new ArrayList<>();

        @Override
        public long ssrcFor(String mid) {
            calls.add(mid);
            return byMid.computeIfAbsent(mid, m -> 5000L + byMid.size());
        }
    }

    static LocalParameters local(SsrcAllocator ssrcs) {
        return new LocalParameters(SERVER_ICE, SERVER_FINGERPRINT, "127.0.0.1", 10000, "parley", ssrcs);
    }
}

package org.parley.signaling;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Real Chrome offers, from media-core's SDP test fixtures (its test jar is on our test classpath). */
final class ChromeOffers {

    private ChromeOffers() {
    }

    /** One sendonly audio m-line (mid 0, a microphone) and three recvonly ones (mids 1 to 3), CRLF line ends. */
    static String publishAndThreeSubscribes() {
        try (InputStream in = ChromeOffers.class.getResourceAsStream(
                "/org/parley/media/sdp/chrome-publish-and-three-subscribes.sdp")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("\n", "\r\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The same four m-lines, all recvonly: an offer that only receives. */
    static String fourSubscribes() {
        return publishAndThreeSubscribes().replace("a=sendonly", "a=recvonly");
    }

    /** The first m-line alone, recvonly (mid 0): what an observer offers. */
    static String oneSubscribe() {
        String four = fourSubscribes();
        int second = four.indexOf("m=audio", four.indexOf("m=audio") + 1);
        return four.substring(0, second).replace("a=group:BUNDLE 0 1 2 3", "a=group:BUNDLE 0");
    }

    /** The first m-line alone, kept sendonly: a publishing offer of one line. */
    static String onePublish() {
        String four = publishAndThreeSubscribes();
        int second = four.indexOf("m=audio", four.indexOf("m=audio") + 1);
        return four.substring(0, second).replace("a=group:BUNDLE 0 1 2 3", "a=group:BUNDLE 0");
    }
}

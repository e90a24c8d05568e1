package org.parley.media.sdp;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Coverage-guided fuzzing of SDP offers (RFC 8866) through {@link SdpParser} and {@link SdpAnswerer}.
 * The contract: the only failure either may report is {@link SdpException} with a message; what the
 * parser accepts, the writer writes as text that parses back to the same text; an answer to a parsed
 * offer is itself SDP the parser accepts, with one m-line per offered m-line (RFC 8829 §5.3.1).
 * Seeded with the Chrome offers of {@link Fixtures}; {@link SdpMutationFuzzTest} keeps its fixed-seed
 * structural mutations beside this.
 */
class SdpFuzzTest {

    @FuzzTest(maxDuration = "60s")
    void offers(byte[] data) {
        String text = new String(data, UTF_8);
        SessionDescription offer;
        try {
            offer = SdpParser.parse(text);
        } catch (SdpException expected) {
            assertTrue(expected.getMessage() != null && !expected.getMessage().isBlank(), "SdpException without a message");
            return;
        }
        String written = offer.toString();
        String rewritten;
        try {
            rewritten = SdpParser.parse(written).toString();
        } catch (SdpException e) {
            throw new AssertionError("our writing of a parsed offer does not parse:\n" + written, e);
        }
        assertEquals(written, rewritten, "write/parse not stable");

        Answer answer;
        try {
            answer = new SdpAnswerer(1).answer(offer, Fixtures.local(new Fixtures.RecordingSsrcs()));
        } catch (SdpException expected) {
            assertTrue(expected.getMessage() != null && !expected.getMessage().isBlank(), "SdpException without a message");
            return;
        }
        try {
            SessionDescription parsedAnswer = SdpParser.parse(answer.sdp());
            assertEquals(offer.media().size(), parsedAnswer.media().size(), "answer m-lines differ from the offer's");
        } catch (SdpException e) {
            throw new AssertionError("our answer does not parse:\n" + answer.sdp(), e);
        }
    }
}

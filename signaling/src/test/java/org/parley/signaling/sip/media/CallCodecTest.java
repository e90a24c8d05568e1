package org.parley.signaling.sip.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** G.711 against the values of ITU-T G.711 tables 1a/2a and the G.191 reference. */
class CallCodecTest {

    @Test
    void staticPayloadTypesOfRfc3551() {
        assertEquals(0, CallCodec.PCMU.payloadType());
        assertEquals(8, CallCodec.PCMA.payloadType());
        assertEquals(8000, CallCodec.PCMA.clockRate());
        assertEquals("PCMU", CallCodec.PCMU.encodingName());
        assertEquals(CallCodec.PCMA, CallCodec.ofPayloadType(8));
        assertNull(CallCodec.ofPayloadType(111));
    }

    @Test
    void muLawKnownValues() {
        assertEquals(0xFF, CallCodec.PCMU.encode((short) 0), "positive zero");
        assertEquals(0x7F, CallCodec.PCMU.encode((short) -1), "negative zero");
        assertEquals(0, CallCodec.PCMU.decode(0xFF));
        assertEquals(0, CallCodec.PCMU.decode(0x7F));
        assertEquals(0x80, CallCodec.PCMU.encode(Short.MAX_VALUE));
        assertEquals(0x00, CallCodec.PCMU.encode(Short.MIN_VALUE));
        assertEquals(32124, CallCodec.PCMU.decode(0x80), "the largest level");
        assertEquals(-32124, CallCodec.PCMU.decode(0x00));
        // Segment 0 steps by 8 at 16 bits (2 at 14): 0xFE is the first level above zero.
        assertEquals(8, CallCodec.PCMU.decode(0xFE));
        assertEquals(0xFE, CallCodec.PCMU.encode((short) 8));
    }

    @Test
    void aLawKnownValues() {
        assertEquals(0xD5, CallCodec.PCMA.encode((short) 0), "zero is the first positive level");
        assertEquals(0x55, CallCodec.PCMA.encode((short) -1));
        // A-law has no zero level: 0xD5 and 0x55 are the levels ±8 around it.
        assertEquals(8, CallCodec.PCMA.decode(0xD5));
        assertEquals(-8, CallCodec.PCMA.decode(0x55));
        assertEquals(0xAA, CallCodec.PCMA.encode(Short.MAX_VALUE));
        assertEquals(0x2A, CallCodec.PCMA.encode(Short.MIN_VALUE));
        assertEquals(32256, CallCodec.PCMA.decode(0xAA), "the largest level");
        assertEquals(-32256, CallCodec.PCMA.decode(0x2A));
    }

    @ParameterizedTest
    @EnumSource(CallCodec.class)
    void roundTripErrorWithinHalfAStepOfTheSegment(CallCodec codec) {
        int clip = codec == CallCodec.PCMU ? 32124 : 32256;
        for (int x = Short.MIN_VALUE; x <= Short.MAX_VALUE; x++) {
            int decoded = codec.decode(codec.encode((short) x));
            int magnitude = Math.min(Math.abs(x), clip);
            // Steps double per segment: never coarser than 1/16 of the magnitude plus the finest step.
            int bound = magnitude / 16 + 16;
            int error = Math.abs(decoded - Math.max(-clip, Math.min(clip, x)));
            assertTrue(error <= bound, codec + ": " + x + " comes back as " + decoded);
        }
    }

    @ParameterizedTest
    @EnumSource(CallCodec.class)
    void signSymmetry(CallCodec codec) {
        for (int code = 0; code < 256; code++) {
            assertEquals(-codec.decode(code), codec.decode(code ^ 0x80), codec + " code " + code);
        }
        for (int x = 0; x <= Short.MAX_VALUE; x++) {
            // One's complement: -1 mirrors 0, -x - 1 mirrors x.
            assertEquals(codec.encode((short) x) ^ 0x80, codec.encode((short) ~x), codec + " at " + x);
        }
    }

    @ParameterizedTest
    @EnumSource(CallCodec.class)
    void everyCodeIsItsOwnLevelsCode(CallCodec codec) {
        for (int code = 0; code < 256; code++) {
            int level = codec.decode(code);
            int expected = codec == CallCodec.PCMU && code == 0x7F ? 0xFF : code; // µ-law's two zeros
            assertEquals(expected, codec.encode((short) level), codec + " code " + Integer.toHexString(code));
        }
    }

    @ParameterizedTest
    @EnumSource(CallCodec.class)
    void monotonic(CallCodec codec) {
        int previous = Integer.MIN_VALUE;
        for (int x = Short.MIN_VALUE; x <= Short.MAX_VALUE; x++) {
            int level = codec.decode(codec.encode((short) x));
            assertTrue(level >= previous, codec + " at " + x);
            previous = level;
        }
    }
}

package org.parley.mixer.ogg;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** The two header packets of an Ogg Opus stream (RFC 7845 §5). */
public final class OpusHeaders {

    /** RFC 7845 §5.1: the magic signature, version 1, and the fields a mono stream of mapping family 0 needs. */
    public static final int HEAD_BYTES = 19;

    private OpusHeaders() {
    }

    /**
     * The identification header {@code OpusHead} (RFC 7845 §5.1): version 1, {@code channels}, the
     * pre-skip in 48 kHz samples (what the encoder's lookahead delayed the signal by, §4.2), the input
     * sample rate (informational), output gain 0 dB, channel mapping family 0 (mono or stereo, no table).
     */
    public static byte[] head(int channels, int preSkip, int inputSampleRate) {
        if (channels < 1 || channels > 2) {
            throw new IllegalArgumentException("mapping family 0 carries 1 or 2 channels, not " + channels);
        }
        if (preSkip < 0 || preSkip > 0xFFFF) {
            throw new IllegalArgumentException("pre-skip " + preSkip + " does not fit 16 bits");
        }
        byte[] head = new byte[HEAD_BYTES];
        byte[] magic = "OpusHead".getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(magic, 0, head, 0, magic.length);
        head[8] = 1;                        // version
        head[9] = (byte) channels;
        OggPageWriter.putLittleEndian(head, 10, preSkip, 2);
        OggPageWriter.putLittleEndian(head, 12, inputSampleRate, 4);
        OggPageWriter.putLittleEndian(head, 16, 0, 2); // output gain, Q7.8 dB
        head[18] = 0;                       // channel mapping family
        return head;
    }

    /**
     * The comment header {@code OpusTags} (RFC 7845 §5.2): the vendor string, then the user comments,
     * each {@code NAME=value} (field names in ASCII, values UTF-8), lengths little-endian.
     */
    public static byte[] tags(String vendor, List<String> comments) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes("OpusTags".getBytes(StandardCharsets.US_ASCII));
        writeString(out, vendor);
        writeInt(out, comments.size());
        for (String comment : comments) {
            if (comment.indexOf('=') <= 0) {
                throw new IllegalArgumentException("a user comment is NAME=value: \"" + comment + "\"");
            }
            writeString(out, comment);
        }
        return out.toByteArray();
    }

    private static void writeString(ByteArrayOutputStream out, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        writeInt(out, bytes.length);
        out.writeBytes(bytes);
    }

    private static void writeInt(ByteArrayOutputStream out, int value) {
        for (int i = 0; i < 4; i++) {
            out.write(value >>> (8 * i));
        }
    }
}

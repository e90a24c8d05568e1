package org.parley.mixer.opus;

/**
 * Reads the structure of an Opus packet without decoding it (RFC 6716 §3): the TOC byte, the frame
 * count and whether in-band FEC (LBRR) data is present. Plain Java over the caller's bytes, so a
 * jitter buffer can inspect packets without a native call or a copy.
 *
 * <p>Malformed packets never throw: methods return {@link #INVALID} or {@code false}.
 */
public final class OpusPacket {

    /** Returned by the counting methods for a malformed packet. */
    public static final int INVALID = -1;

    /** Mode of a packet's frames, from the TOC configuration (RFC 6716 §3.1, Table 2). */
    public enum Mode {
        /** Linear prediction only (configurations 0-11). */
        SILK,
        /** SILK below 8 kHz plus CELT above (configurations 12-15). */
        HYBRID,
        /** MDCT only (configurations 16-31); never carries LBRR. */
        CELT
    }

    private static final Mode[] MODES = Mode.values();
    /** RFC 6716 §3.2.5: a packet holds at most 120 ms of audio, 5,760 samples at 48 kHz. */
    public static final int MAX_SAMPLES_48K = 5760;
    /** Packed fields of {@link #layout}: 20 bits each, far above any Opus packet's length. */
    private static final int LAYOUT_MASK = (1 << 20) - 1;
    private static final int SILK_FRAME_SAMPLES_48K = 960;

    private OpusPacket() {
    }

    /** Frame mode coded in the TOC byte. */
    public static Mode mode(byte toc) {
        int config = (toc & 0xFF) >>> 3;
        return config < 12 ? MODES[0] : config < 16 ? MODES[1] : MODES[2];
    }

    /** Audio bandwidth coded in the TOC byte (RFC 6716 §3.1, Table 2). */
    public static Bandwidth bandwidth(byte toc) {
        int config = (toc & 0xFF) >>> 3;
        if (config < 12) {
            return Bandwidth.ofNative(Bandwidth.NARROWBAND.nativeValue + (config >>> 2));
        }
        if (config < 16) {
            return (config & 0x2) == 0 ? Bandwidth.SUPERWIDEBAND : Bandwidth.FULLBAND;
        }
        return switch ((config - 16) >>> 2) {
            case 0 -> Bandwidth.NARROWBAND;
            case 1 -> Bandwidth.WIDEBAND;
            case 2 -> Bandwidth.SUPERWIDEBAND;
            default -> Bandwidth.FULLBAND;
        };
    }

    /** Whether the TOC's stereo flag is set. */
    public static boolean isStereo(byte toc) {
        return (toc & 0x4) != 0;
    }

    /**
     * The TOC byte of a one-byte packet that stands for one lost frame of the stream {@code toc} came
     * from: the same configuration (mode, bandwidth, frame size) and channels, frame-count code 0, so
     * the packet holds one frame of zero bytes, which a decoder conceals (RFC 6716 §3.2.1). Containers
     * fill gaps in a stream with such packets (RFC 7845 §4: granule positions advance, nothing jumps);
     * each covers {@link #samplesPerFrame} of {@code toc}.
     */
    public static byte lostFrameToc(byte toc) {
        return (byte) (toc & 0xFC);
    }

    /** Samples per channel in each frame of a packet with this TOC byte, at {@code sampleRate}. */
    public static int samplesPerFrame(byte toc, int sampleRate) {
        int config = (toc & 0xFF) >>> 3;
        if (config >= 16) {
            return (sampleRate << (config & 0x3)) / 400; // CELT: 2.5, 5, 10, 20 ms
        }
        if (config >= 12) {
            return (config & 0x1) == 0 ? sampleRate / 100 : sampleRate / 50; // hybrid: 10, 20 ms
        }
        int size = config & 0x3; // SILK: 10, 20, 40, 60 ms
        return size == 3 ? sampleRate * 60 / 1000 : (sampleRate << size) / 100;
    }

    /** Number of frames in the packet (RFC 6716 §3.2), or {@link #INVALID}. */
    public static int frameCount(byte[] packet, int off, int len) {
        if (len < 1) {
            return INVALID;
        }
        return switch (packet[off] & 0x3) {
            case 0 -> 1;
            case 1, 2 -> 2;
            default -> len < 2 ? INVALID : nonZero(packet[off + 1] & 0x3F);
        };
    }

    /** Total samples per channel in the packet at {@code sampleRate}, or {@link #INVALID}. */
    public static int sampleCount(byte[] packet, int off, int len, int sampleRate) {
        int frames = frameCount(packet, off, len);
        if (frames == INVALID) {
            return INVALID;
        }
        int samples = frames * samplesPerFrame(packet[off], sampleRate);
        return samples * 48_000L > (long) MAX_SAMPLES_48K * sampleRate ? INVALID : samples;
    }

    /**
     * Whether the packet carries LBRR data, i.e. in-band FEC for the frame before it. The LBRR flag
     * follows the VAD flags at the very start of the first SILK frame (RFC 6716 §4.2.3); those flags
     * are range coded with probability one half, so they are the leading bits of the frame's first
     * byte.
     */
    public static boolean hasLbrr(byte[] packet, int off, int len) {
        if (len < 2 || mode(packet[off]) == Mode.CELT) {
            return false;
        }
        int first = firstFrameOffset(packet, off, len);
        if (first == INVALID) {
            return false;
        }
        byte toc = packet[off];
        int silkFrames = Math.max(1, samplesPerFrame(toc, 48_000) / SILK_FRAME_SAMPLES_48K);
        int header = packet[first] & 0xFF;
        boolean lbrr = ((header >>> (7 - silkFrames)) & 1) != 0;
        if (isStereo(toc)) {
            // The side channel's VAD flags and LBRR flag follow the mid channel's.
            lbrr |= ((header >>> (6 - 2 * silkFrames)) & 1) != 0;
        }
        return lbrr;
    }

    /**
     * Offset of the first frame's first byte if that frame is non-empty, else {@link #INVALID}
     * (RFC 6716 §3.2).
     */
    static int firstFrameOffset(byte[] packet, int off, int len) {
        long layout = layout(packet, off, len);
        if (layout < 0) {
            return INVALID;
        }
        int start = off + (int) (layout >>> 40);
        int end = off + (int) (layout >>> 20 & LAYOUT_MASK);
        int firstLength = (int) (layout & LAYOUT_MASK);
        return firstLength > 0 && start + firstLength <= end ? start : INVALID;
    }

    /**
     * Bytes of coded frames in the packet, without its TOC byte, frame count, coded lengths and
     * padding (RFC 6716 §3.2), or {@link #INVALID}. Zero for a packet whose frames are all empty, as
     * libopus's DTX makes them: in CBR it pads a multi-frame packet of empty frames up to the rate
     * (§3.2.5), so such a packet is not short.
     */
    public static int codedBytes(byte[] packet, int off, int len) {
        long layout = layout(packet, off, len);
        return layout < 0 ? INVALID : (int) (layout >>> 20 & LAYOUT_MASK) - (int) (layout >>> 40);
    }

    /**
     * Where the frame data of a packet starts and ends (after padding is taken off), relative to
     * {@code off}, and the first frame's length, packed 20 bits each; or {@link #INVALID}.
     */
    private static long layout(byte[] packet, int off, int len) {
        if (len < 1 || len > LAYOUT_MASK) {
            return INVALID;
        }
        int end = off + len;
        int pos = off + 1;
        int firstLength;
        switch (packet[off] & 0x3) {
            case 0 -> firstLength = len - 1; // §3.2.2: one frame
            case 1 -> { // §3.2.3: two frames of equal size
                if (((len - 1) & 1) != 0) {
                    return INVALID;
                }
                firstLength = (len - 1) / 2;
            }
            case 2 -> { // §3.2.4: two frames, the first one's length coded
                int coded = frameLength(packet, pos, end);
                if (coded == INVALID) {
                    return INVALID;
                }
                pos += lengthBytes(packet[pos]);
                firstLength = coded;
            }
            default -> { // §3.2.5: M frames, optional padding, CBR or VBR
                if (pos >= end) {
                    return INVALID;
                }
                int frameCountByte = packet[pos++] & 0xFF;
                boolean vbr = (frameCountByte & 0x80) != 0;
                boolean padded = (frameCountByte & 0x40) != 0;
                int frames = frameCountByte & 0x3F;
                if (frames == 0) {
                    return INVALID;
                }
                int padding = 0;
                if (padded) {
                    int chunk;
                    do {
                        if (pos >= end) {
                            return INVALID;
                        }
                        chunk = packet[pos++] & 0xFF;
                        padding += chunk == 255 ? 254 : chunk;
                    } while (chunk == 255);
                }
                if (vbr && frames > 1) {
                    // M-1 coded lengths precede the frames; the last frame's length is implicit.
                    firstLength = frameLength(packet, pos, end);
                    if (firstLength == INVALID) {
                        return INVALID;
                    }
                    for (int i = 0; i < frames - 1; i++) {
                        if (pos >= end) {
                            return INVALID;
                        }
                        pos += lengthBytes(packet[pos]);
                    }
                } else {
                    int payload = end - pos - padding;
                    if (payload < 0 || payload % frames != 0) {
                        return INVALID;
                    }
                    firstLength = payload / frames;
                }
                end -= padding;
            }
        }
        if (pos > end) {
            return INVALID;
        }
        return (long) (pos - off) << 40 | (long) (end - off) << 20 | firstLength;
    }

    /** A frame length coded in one or two bytes (RFC 6716 §3.2.1), or {@link #INVALID}. */
    private static int frameLength(byte[] packet, int pos, int end) {
        if (pos >= end) {
            return INVALID;
        }
        int first = packet[pos] & 0xFF;
        if (first < 252) {
            return first;
        }
        if (pos + 1 >= end) {
            return INVALID;
        }
        return (packet[pos + 1] & 0xFF) * 4 + first;
    }

    private static int lengthBytes(byte first) {
        return (first & 0xFF) < 252 ? 1 : 2;
    }

    private static int nonZero(int frames) {
        return frames == 0 ? INVALID : frames;
    }
}

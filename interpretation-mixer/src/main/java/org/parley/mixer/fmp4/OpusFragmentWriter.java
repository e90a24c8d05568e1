package org.parley.mixer.fmp4;

/**
 * Writes CMAF media segments of one Opus track: {@code styp}, one movie fragment ({@code moof} with
 * {@code mfhd} and a {@code traf} of {@code tfhd}, {@code tfdt} and {@code trun}) and the
 * {@code mdat} with the Opus packets as samples, one packet per sample (Opus in ISOBMFF §4.4), in the
 * order given. ISO/IEC 14496-12 §8.8. Allocates nothing: the caller sizes the output with
 * {@link #segmentSize} and writes with {@link #write}.
 */
public final class OpusFragmentWriter {

    /** styp(8 + 4 + 4 + 2 × 4) + moof header, mfhd, traf header, tfhd, tfdt v1, trun header + mdat header. */
    private static final int FIXED_SIZE = 24 + 8 + 16 + 8 + 16 + 20 + 20 + 8;
    /** Per sample in {@code trun}: duration and size. */
    private static final int PER_SAMPLE = 8;
    /** tfhd: default-base-is-moof (§8.8.7.1), so data offsets count from the moof's first byte. */
    private static final int TFHD_DEFAULT_BASE_IS_MOOF = 0x020000;
    /** trun: data-offset-present, sample-duration-present, sample-size-present (§8.8.8.1). */
    private static final int TRUN_FLAGS = 0x000001 | 0x000100 | 0x000200;

    private OpusFragmentWriter() {
    }

    /** Bytes of a segment with {@code samples} samples and {@code payloadBytes} bytes of packets. */
    public static int segmentSize(int samples, int payloadBytes) {
        return FIXED_SIZE + PER_SAMPLE * samples + payloadBytes;
    }

    /**
     * Writes one media segment into {@code out} from {@code offset}.
     *
     * @param sequenceNumber     the fragment's {@code mfhd} sequence number (increasing, from 1)
     * @param baseMediaDecodeTime the first sample's decode time at 48 kHz ({@code tfdt}, version 1)
     * @param samples            how many packets
     * @param sizes              each packet's length, {@code samples} of them
     * @param durations          each packet's duration at 48 kHz
     * @param payload            the packets back to back
     * @param payloadLength      their total length
     * @return the offset after the segment
     */
    public static int write(byte[] out, int offset, long sequenceNumber, long baseMediaDecodeTime, int samples,
                            int[] sizes, int[] durations, byte[] payload, int payloadLength) {
        BoxWriter w = new BoxWriter(out, offset);
        int styp = w.begin("styp");
        w.fourCc("msdh"); // a media segment (ISO/IEC 23009-1 §6.3.4.2)
        w.u32(0);
        w.fourCc("msdh");
        w.fourCc("cmfs"); // CMAF segment (ISO/IEC 23000-19 §7.2)
        w.end(styp);

        int moof = w.begin("moof");
        int mfhd = w.beginFull("mfhd", 0, 0);
        w.u32(sequenceNumber);
        w.end(mfhd);
        int traf = w.begin("traf");
        int tfhd = w.beginFull("tfhd", 0, TFHD_DEFAULT_BASE_IS_MOOF);
        w.u32(OpusTrack.TRACK_ID);
        w.end(tfhd);
        int tfdt = w.beginFull("tfdt", 1, 0);
        w.u64(baseMediaDecodeTime);
        w.end(tfdt);
        int trun = w.beginFull("trun", 0, TRUN_FLAGS);
        w.u32(samples);
        int dataOffsetAt = w.position();
        w.u32(0); // data_offset, once the moof's size is known
        for (int i = 0; i < samples; i++) {
            w.u32(durations[i]);
            w.u32(sizes[i]);
        }
        w.end(trun);
        w.end(traf);
        w.end(moof);
        int dataOffset = w.position() - moof + 8; // past the mdat header
        out[dataOffsetAt] = (byte) (dataOffset >>> 24);
        out[dataOffsetAt + 1] = (byte) (dataOffset >>> 16);
        out[dataOffsetAt + 2] = (byte) (dataOffset >>> 8);
        out[dataOffsetAt + 3] = (byte) dataOffset;
        int mdat = w.begin("mdat");
        w.bytes(payload, 0, payloadLength);
        w.end(mdat);
        return w.position();
    }
}

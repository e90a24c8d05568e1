package org.parley.mixer.fmp4;

/**
 * The initialization segment of a fragmented MP4 (CMAF header) for one Opus track: {@code ftyp} and a
 * {@code moov} with no samples of its own and an {@code mvex}, so that every sample comes in movie
 * fragments ({@link OpusFragmentWriter}). Box layout from ISO/IEC 14496-12; the sample entry and its
 * {@code dOps} from "Encapsulation of Opus in ISO Base Media File Format" (Opus in ISOBMFF) §4.3.
 */
public final class OpusInitSegment {

    /** Plenty for the boxes below (about 520 bytes). */
    private static final int MAX_SIZE = 1024;

    private OpusInitSegment() {
    }

    /** The initialization segment of {@code track}. Allocates its result; write it once per stream. */
    public static byte[] write(OpusTrack track) {
        byte[] buffer = new byte[MAX_SIZE];
        BoxWriter w = new BoxWriter(buffer, 0);
        int ftyp = w.begin("ftyp");
        w.fourCc("iso6");
        w.u32(0);
        w.fourCc("iso6");
        w.fourCc("cmfc"); // CMAF track file (ISO/IEC 23000-19 §7.2)
        w.fourCc("mp41");
        w.fourCc("Opus"); // Opus in ISOBMFF §4.1: files with Opus carry this compatible brand
        w.end(ftyp);

        int moov = w.begin("moov");
        int mvhd = w.beginFull("mvhd", 0, 0);
        w.u32(0); // creation_time
        w.u32(0); // modification_time
        w.u32(OpusTrack.TIMESCALE);
        w.u32(0); // duration: unknown, every sample is in fragments
        w.u32(0x00010000); // rate 1.0
        w.u16(0x0100); // volume 1.0
        w.zeros(2 + 8);
        w.unityMatrix();
        w.zeros(24); // pre_defined
        w.u32(OpusTrack.TRACK_ID + 1); // next_track_ID
        w.end(mvhd);

        int trak = w.begin("trak");
        int tkhd = w.beginFull("tkhd", 0, 0x000003); // track_enabled | track_in_movie
        w.u32(0);
        w.u32(0);
        w.u32(OpusTrack.TRACK_ID);
        w.u32(0); // reserved
        w.u32(0); // duration
        w.zeros(8);
        w.u16(0); // layer
        w.u16(0); // alternate_group
        w.u16(0x0100); // volume: an audio track
        w.u16(0);
        w.unityMatrix();
        w.u32(0); // width
        w.u32(0); // height
        w.end(tkhd);

        int mdia = w.begin("mdia");
        int mdhd = w.beginFull("mdhd", 0, 0);
        w.u32(0);
        w.u32(0);
        w.u32(OpusTrack.TIMESCALE);
        w.u32(0);
        String language = track.language3();
        // §8.4.2.3: three 5-bit letters, each the character's code minus 0x60, after a pad bit.
        w.u16(((language.charAt(0) - 0x60) << 10) | ((language.charAt(1) - 0x60) << 5) | (language.charAt(2) - 0x60));
        w.u16(0);
        w.end(mdhd);
        int hdlr = w.beginFull("hdlr", 0, 0);
        w.u32(0);
        w.fourCc("soun");
        w.zeros(12);
        byte[] name = "Parley audio".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        w.bytes(name, 0, name.length);
        w.u8(0);
        w.end(hdlr);

        int minf = w.begin("minf");
        int smhd = w.beginFull("smhd", 0, 0);
        w.u16(0); // balance
        w.u16(0);
        w.end(smhd);
        int dinf = w.begin("dinf");
        int dref = w.beginFull("dref", 0, 0);
        w.u32(1);
        int url = w.beginFull("url ", 0, 0x000001); // media data in this file
        w.end(url);
        w.end(dref);
        w.end(dinf);

        int stbl = w.begin("stbl");
        int stsd = w.beginFull("stsd", 0, 0);
        w.u32(1);
        writeOpusSampleEntry(w, track);
        w.end(stsd);
        emptyTable(w, "stts");
        emptyTable(w, "stsc");
        int stsz = w.beginFull("stsz", 0, 0);
        w.u32(0); // sample_size
        w.u32(0); // sample_count
        w.end(stsz);
        emptyTable(w, "stco");
        w.end(stbl);
        w.end(minf);
        w.end(mdia);
        w.end(trak);

        int mvex = w.begin("mvex");
        int trex = w.beginFull("trex", 0, 0);
        w.u32(OpusTrack.TRACK_ID);
        w.u32(1); // default_sample_description_index
        w.u32(0); // default_sample_duration: every trun gives its own
        w.u32(0); // default_sample_size
        w.u32(0); // default_sample_flags: every audio sample is a sync sample
        w.end(trex);
        w.end(mvex);
        w.end(moov);
        return java.util.Arrays.copyOf(buffer, w.position());
    }

    /**
     * Opus in ISOBMFF §4.3.1: an AudioSampleEntry named {@code Opus} whose channelcount is the output
     * channel count, samplesize 16, samplerate 48000 in 16.16, followed by the OpusSpecificBox.
     */
    private static void writeOpusSampleEntry(BoxWriter w, OpusTrack track) {
        int entry = w.begin("Opus");
        w.zeros(6); // SampleEntry reserved
        w.u16(1); // data_reference_index
        w.zeros(8); // AudioSampleEntry reserved
        w.u16(track.channels());
        w.u16(16); // samplesize
        w.u16(0); // pre_defined
        w.u16(0);
        w.u32((long) OpusTrack.TIMESCALE << 16);
        // §4.3.2 OpusSpecificBox: a plain box (not a full box), fields as in the Ogg ID header
        // (RFC 7845 §5.1) but big-endian and without the magic and the mapping table for family 0.
        int dops = w.begin("dOps");
        w.u8(0); // Version
        w.u8(track.channels()); // OutputChannelCount
        w.u16(track.preSkip()); // PreSkip
        w.u32(OpusTrack.TIMESCALE); // InputSampleRate: the mixer's rate
        w.u16(0); // OutputGain, Q7.8 dB
        w.u8(0); // ChannelMappingFamily 0: mono or stereo, no mapping table
        w.end(dops);
        w.end(entry);
    }

    private static void emptyTable(BoxWriter w, String type) {
        int box = w.beginFull(type, 0, 0);
        w.u32(0); // entry_count
        w.end(box);
    }
}

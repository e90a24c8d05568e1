package org.parley.mixer.ogg;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.util.List;
import org.parley.mixer.opus.OpusPacket;

/**
 * Writes one Opus stream as an Ogg Opus file (RFC 7845): {@code OpusHead} alone on the first page
 * (with BOS), {@code OpusTags} on the next, then the audio packets, whose pages carry as granule
 * position the 48 kHz sample count at the end of their last packet (§4: counted from the first
 * sample of the first packet, pre-skip included). A page is written whenever about
 * {@code flushSamples} of audio are waiting, and when the channel is a file it is forced to disk
 * then, so a process killed at any moment leaves a file that plays up to its last page. {@link #close}
 * writes the last page with EOS. The latest packet is held back from each page until the next one
 * comes, so the EOS page always carries a packet: an empty last page would make players warn of a
 * page without packets (a crash then loses that one packet more). Adding a packet allocates nothing.
 * Not thread-safe: one writer thread.
 */
public final class OggOpusWriter implements AutoCloseable {

    /** 48 kHz: Ogg Opus granule positions always count at this rate (RFC 7845 §4). */
    public static final int GRANULE_RATE = 48_000;

    private final WritableByteChannel out;
    private final OggPageWriter pages;
    private final long flushSamples;
    private final int preSkip;
    private final byte[] held = new byte[OggPageWriter.MAX_PACKET_BYTES];
    private int heldLength = -1;
    private long granule;
    /** Granule position at the end of the last packet on the page being filled. */
    private long pageGranule;
    private long flushedGranule;
    private long packets;
    private boolean closed;

    /**
     * Writes the two header pages at once (and forces them to disk).
     *
     * @param serial        the stream's serial number (random per file, RFC 3533 §4)
     * @param preSkip       samples at 48 kHz the player drops from the start: the encoder's lookahead
     * @param vendor        {@code OpusTags} vendor string
     * @param comments      {@code OpusTags} user comments, {@code NAME=value}
     * @param flushSamples  audio (48 kHz samples) after which the page being filled is written
     */
    public OggOpusWriter(WritableByteChannel out, int serial, int preSkip, String vendor, List<String> comments,
                         long flushSamples) throws IOException {
        this.out = out;
        this.pages = new OggPageWriter(out, serial);
        this.flushSamples = flushSamples;
        this.preSkip = preSkip;
        byte[] head = OpusHeaders.head(1, preSkip, GRANULE_RATE);
        byte[] tags = OpusHeaders.tags(vendor, comments);
        if (tags.length > OggPageWriter.MAX_PACKET_BYTES) {
            throw new IllegalArgumentException("OpusTags of " + tags.length + " bytes: keep the comments short");
        }
        // §3: the identification header alone on the first page, the comment header finishing its own; granule 0 on both.
        pages.add(head, 0, head.length, 0);
        pages.writePage(0);
        pages.add(tags, 0, tags.length, 0);
        pages.writePage(0);
        sync();
    }

    /**
     * Appends one Opus packet (one or more frames, RFC 6716 §3). A packet whose TOC makes no sense
     * is refused with {@link IllegalArgumentException} and nothing is written.
     *
     * @return the packet's duration in 48 kHz samples
     */
    public int writePacket(byte[] data, int offset, int length) throws IOException {
        if (closed) {
            throw new IllegalStateException("the Ogg Opus writer is closed");
        }
        int samples = length < 1 || length > held.length ? OpusPacket.INVALID : OpusPacket.sampleCount(data, offset, length, GRANULE_RATE);
        if (samples == OpusPacket.INVALID) {
            throw new IllegalArgumentException("not an Opus packet (" + length + " bytes)");
        }
        releaseHeld();
        System.arraycopy(data, offset, held, 0, length);
        heldLength = length;
        granule += samples;
        packets++;
        if (pageGranule - flushedGranule >= flushSamples) {
            flush();
        }
        return samples;
    }

    /** Puts the held packet on the page being filled, with the granule position at its end. */
    private void releaseHeld() throws IOException {
        if (heldLength >= 0) {
            pages.add(held, 0, heldLength, granule);
            pageGranule = granule;
            heldLength = -1;
        }
    }

    /** Writes the page being filled, if any (all but the latest packet), and forces the file to disk. */
    public void flush() throws IOException {
        if (pages.pendingPackets() > 0) {
            pages.writePage(0);
            flushedGranule = pageGranule;
            sync();
        }
    }

    private void sync() throws IOException {
        if (out instanceof FileChannel file) {
            file.force(false);
        }
    }

    /** Audio samples (48 kHz) written, pre-skip included: the granule position of the last packet. */
    public long granulePosition() {
        return granule;
    }

    /** Audio samples a player plays back: the granule position less the pre-skip (RFC 7845 §4.2). */
    public long playableSamples() {
        return Math.max(0, granule - preSkip);
    }

    public long packetsWritten() {
        return packets;
    }

    /** Bytes written so far: the file's size once closed. */
    public long bytesWritten() {
        return pages.bytesWritten();
    }

    /** Writes the last page with EOS (RFC 3533 §6) and forces it to disk; the channel stays open. Idempotent. */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        releaseHeld();
        pages.writePage(OggPageWriter.END_OF_STREAM);
        sync();
    }
}

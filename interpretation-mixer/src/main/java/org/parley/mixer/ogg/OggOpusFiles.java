package org.parley.mixer.ogg;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Reads back an Ogg Opus file that {@link OggOpusWriter} wrote, possibly cut short by a crash: how much
 * of it is whole ({@link #inspect}), and closing what a killed process left open ({@link #repair}).
 */
public final class OggOpusFiles {

    /**
     * What the whole pages of a file hold.
     *
     * @param preSkip      from {@code OpusHead}, or -1 if the file does not start with one
     * @param lastGranule  the granule position of the last whole page (0 if only headers)
     * @param wholeBytes   the length of the file's whole pages; a crash may leave a torn page after them
     * @param lastPageAt   where the last whole page starts, or -1 without one
     * @param ended        whether the last whole page has EOS
     */
    public record Inspection(int preSkip, long lastGranule, long wholeBytes, long lastPageAt, boolean ended) {

        /** Samples at 48 kHz a player plays from the whole pages. */
        public long playableSamples() {
            return preSkip < 0 ? 0 : Math.max(0, lastGranule - preSkip);
        }
    }

    private OggOpusFiles() {
    }

    /** Walks the pages from the start, checking each one's CRC, up to the first torn or damaged one. */
    public static Inspection inspect(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            return inspect(channel);
        }
    }

    private static Inspection inspect(FileChannel channel) throws IOException {
        ByteBuffer page = ByteBuffer.allocate(OggPageWriter.HEADER_BYTES + OggPageWriter.MAX_SEGMENTS
                + OggPageWriter.MAX_BODY_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        long position = 0;
        long lastPageAt = -1;
        long lastGranule = 0;
        int preSkip = -1;
        boolean ended = false;
        long size = channel.size();
        while (position + OggPageWriter.HEADER_BYTES <= size) {
            page.clear().limit(OggPageWriter.HEADER_BYTES);
            readFully(channel, page, position);
            if (page.getInt(0) != 0x5367674F) { // "OggS"
                break;
            }
            int segments = page.get(26) & 0xFF;
            page.limit(OggPageWriter.HEADER_BYTES + segments);
            if (position + page.limit() > size) {
                break;
            }
            readFully(channel, page, position);
            int body = 0;
            for (int i = 0; i < segments; i++) {
                body += page.get(OggPageWriter.HEADER_BYTES + i) & 0xFF;
            }
            int length = OggPageWriter.HEADER_BYTES + segments + body;
            if (position + length > size) {
                break;
            }
            page.limit(length);
            readFully(channel, page, position);
            byte[] bytes = page.array();
            int stored = page.getInt(22);
            page.putInt(22, 0);
            if (OggCrc.of(bytes, 0, length) != stored) {
                break;
            }
            page.putInt(22, stored);
            if (lastPageAt < 0 && body >= OpusHeaders.HEAD_BYTES
                    && new String(bytes, OggPageWriter.HEADER_BYTES + segments, 8, java.nio.charset.StandardCharsets.US_ASCII)
                    .equals("OpusHead")) {
                preSkip = page.getShort(OggPageWriter.HEADER_BYTES + segments + 10) & 0xFFFF;
            }
            long granule = page.getLong(6);
            if (granule != -1) {
                lastGranule = granule;
            }
            ended = (page.get(5) & OggPageWriter.END_OF_STREAM) != 0;
            lastPageAt = position;
            position += length;
        }
        return new Inspection(preSkip, lastGranule, position, lastPageAt, ended);
    }

    /**
     * Closes a file a killed process left open: cuts a torn page off the end and marks the last whole
     * page EOS (RFC 3533 §6; its CRC recomputed), so readers see a finished stream. Nothing changes in a
     * file that ended properly.
     *
     * @return the file as it is now
     */
    public static Inspection repair(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            Inspection found = inspect(channel);
            if (found.lastPageAt() < 0 || found.ended() && found.wholeBytes() == channel.size()) {
                return found;
            }
            channel.truncate(found.wholeBytes());
            int length = (int) (found.wholeBytes() - found.lastPageAt());
            ByteBuffer page = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
            readFully(channel, page, found.lastPageAt());
            page.put(5, (byte) (page.get(5) | OggPageWriter.END_OF_STREAM));
            page.putInt(22, 0);
            page.putInt(22, OggCrc.of(page.array(), 0, length));
            page.clear();
            while (page.hasRemaining()) {
                channel.write(page, found.lastPageAt() + page.position());
            }
            channel.force(false);
            return inspect(channel);
        }
    }

    private static void readFully(FileChannel channel, ByteBuffer buffer, long position) throws IOException {
        buffer.position(0);
        while (buffer.hasRemaining()) {
            if (channel.read(buffer, position + buffer.position()) < 0) {
                throw new IOException("unexpected end of file");
            }
        }
    }
}

package org.parley.mixer.fmp4;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/** A minimal ISO BMFF box reader for the tests: finds boxes by path, reads their payload. */
public record Boxes(ByteBuffer data) {

    /** One box: type, start offset (of its header) and total size. */
    public record Box(String type, int start, int size) {
        public int payload() {
            return start + 8;
        }

        public int end() {
            return start + size;
        }
    }

    public static Boxes of(byte[] bytes) {
        return new Boxes(ByteBuffer.wrap(bytes));
    }

    /** The boxes directly inside {@code [from, to)}. */
    public List<Box> children(int from, int to) {
        List<Box> boxes = new ArrayList<>();
        int at = from;
        while (at < to) {
            int size = data.getInt(at);
            if (size < 8 || at + size > to) {
                throw new AssertionError("box at " + at + " has size " + size + " beyond " + to);
            }
            byte[] type = new byte[4];
            data.get(at + 4, type);
            boxes.add(new Box(new String(type, java.nio.charset.StandardCharsets.US_ASCII), at, size));
            at += size;
        }
        return boxes;
    }

    public List<Box> top() {
        return children(0, data.limit());
    }

    /**
     * The box at {@code path} (types separated by '/'); {@code skip} maps a container type to the bytes
     * after its header where its children start (full boxes, entry counts, sample entries).
     */
    public Box find(String path) {
        List<Box> level = top();
        Box found = null;
        for (String type : path.split("/")) {
            if (found != null) {
                int skip = switch (found.type()) {
                    case "stsd", "dref" -> 8;
                    case "Opus" -> 28;
                    default -> 0;
                };
                level = children(found.payload() + skip, found.end());
            }
            found = level.stream().filter(b -> b.type().equals(type)).findFirst()
                    .orElseThrow(() -> new AssertionError("no " + type + " in " + path));
        }
        return found;
    }

    public int u8(int at) {
        return data.get(at) & 0xFF;
    }

    public int u16(int at) {
        return data.getShort(at) & 0xFFFF;
    }

    public long u32(int at) {
        return data.getInt(at) & 0xFFFFFFFFL;
    }

    public long u64(int at) {
        return data.getLong(at);
    }

    public String fourCc(int at) {
        byte[] type = new byte[4];
        data.get(at, type);
        return new String(type, java.nio.charset.StandardCharsets.US_ASCII);
    }
}

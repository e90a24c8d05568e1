package org.parley.media.ice;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * A STUN message (RFC 5389 §6) with the attributes ICE needs (RFC 8445 §7.1.1, §16.1).
 *
 * <p>{@link #decode(ByteBuf)} parses one datagram. It copies the bytes, so the caller keeps ownership of its
 * buffer, and the decoded message can later check its own MESSAGE-INTEGRITY ({@link #verifyIntegrity}) and
 * FINGERPRINT ({@link #hasValidFingerprint()}) against the bytes that were actually received. Unknown
 * comprehension-optional attributes are skipped; unknown comprehension-required ones are listed in
 * {@link #unrecognizedRequiredAttributes()} so that a server can answer 420 (RFC 5389 §7.3.1).
 *
 * <p>{@link #builder} makes a message to send and {@link #encode} writes it, appending MESSAGE-INTEGRITY and
 * FINGERPRINT. STUN is a low-rate control protocol, so this class allocates freely; only the static
 * {@link #isStun} and {@link #localUfrag} are meant for the per-datagram demultiplexing path.
 *
 * <p>Instances are immutable.
 */
public final class StunMessage {

    /** The Binding method (RFC 5389 §18.1), the only one ICE uses. */
    public static final int BINDING = 0x001;

    static final int MAGIC_COOKIE = 0x2112A442;
    static final int HEADER_LENGTH = 20;
    static final int TRANSACTION_ID_LENGTH = 12;

    private static final int ATTRIBUTE_HEADER_LENGTH = 4;
    private static final int ADDRESS_FAMILY_IPV4 = 0x01;
    private static final int ADDRESS_FAMILY_IPV6 = 0x02;
    // RFC 5389 §15.3: USERNAME is less than 513 bytes.
    private static final int MAX_USERNAME_BYTES = 512;
    // RFC 5389 §15.6, §15.10: reason phrase and SOFTWARE are at most 763 bytes.
    private static final int MAX_TEXT_BYTES = 763;
    private static final int MAX_MESSAGE_LENGTH = 0xFFFF;
    private static final int INITIAL_ENCODE_CAPACITY = 128;
    private static final int[] NO_ATTRIBUTES = new int[0];

    private final StunClass messageClass;
    private final int method;
    private final byte[] transactionId;
    private final String username;
    private final String software;
    private final int errorCode;
    private final String errorReason;
    private final int[] unknownAttributes;
    private final InetSocketAddress xorMappedAddress;
    private final long priority;
    private final boolean hasPriority;
    private final boolean useCandidate;
    private final long iceControlling;
    private final boolean hasIceControlling;
    private final long iceControlled;
    private final boolean hasIceControlled;
    private final List<ExtraAttribute> extraAttributes;

    // Set only on decoded messages: the received bytes and where the checksums sit in them (-1 if absent).
    private final byte[] wire;
    private final int integrityOffset;
    private final int fingerprintOffset;
    private final int[] unrecognizedRequiredAttributes;

    private StunMessage(Builder builder, byte[] wire, int integrityOffset, int fingerprintOffset,
                        int[] unrecognizedRequiredAttributes) {
        this.messageClass = builder.messageClass;
        this.method = builder.method;
        this.transactionId = builder.transactionId;
        this.username = builder.username;
        this.software = builder.software;
        this.errorCode = builder.errorCode;
        this.errorReason = builder.errorReason;
        this.unknownAttributes = builder.unknownAttributes;
        this.xorMappedAddress = builder.xorMappedAddress;
        this.priority = builder.priority;
        this.hasPriority = builder.hasPriority;
        this.useCandidate = builder.useCandidate;
        this.iceControlling = builder.iceControlling;
        this.hasIceControlling = builder.hasIceControlling;
        this.iceControlled = builder.iceControlled;
        this.hasIceControlled = builder.hasIceControlled;
        this.extraAttributes = List.copyOf(builder.extraAttributes);
        this.wire = wire;
        this.integrityOffset = integrityOffset;
        this.fingerprintOffset = fingerprintOffset;
        this.unrecognizedRequiredAttributes = unrecognizedRequiredAttributes;
    }

    /** Starts a message to encode. {@code transactionId} must be 12 bytes; it is copied. */
    public static Builder builder(StunClass messageClass, int method, byte[] transactionId) {
        return new Builder(messageClass, method, transactionId.clone());
    }

    // ---------------------------------------------------------------------------------------------------------
    // Cheap checks for the demultiplexer: no allocation except the ufrag string, never throw.

    /**
     * Whether the readable bytes of {@code datagram} look like exactly one STUN message: first byte 0..3
     * (RFC 7983 §7), the magic cookie (RFC 5389 §6), and a length field that is a multiple of 4 and accounts
     * for every readable byte. Indexes are not changed.
     */
    public static boolean isStun(ByteBuf datagram) {
        return headerProblem(datagram) == null;
    }

    /**
     * The part of USERNAME before ':' — for a Binding request from an ICE peer that is our own ufrag
     * (RFC 8445 §7.2.2) — or null if {@code datagram} is not STUN, has no USERNAME before MESSAGE-INTEGRITY,
     * or the USERNAME has no non-empty part before ':'. Does not verify integrity or fingerprint; never throws;
     * indexes are not changed.
     */
    public static String localUfrag(ByteBuf datagram) {
        if (!isStun(datagram)) {
            return null;
        }
        int index = datagram.readerIndex() + HEADER_LENGTH;
        int end = datagram.writerIndex();
        while (end - index >= ATTRIBUTE_HEADER_LENGTH) {
            int type = datagram.getUnsignedShort(index);
            int length = datagram.getUnsignedShort(index + 2);
            int valueIndex = index + ATTRIBUTE_HEADER_LENGTH;
            if (length > end - valueIndex) {
                return null;
            }
            if (type == StunAttributeType.USERNAME) {
                int colon = datagram.indexOf(valueIndex, valueIndex + length, (byte) ':');
                return colon <= valueIndex ? null : datagram.toString(valueIndex, colon - valueIndex, UTF_8);
            }
            if (type == StunAttributeType.MESSAGE_INTEGRITY) {
                // RFC 5389 §15.4: nothing after MESSAGE-INTEGRITY counts, except FINGERPRINT.
                return null;
            }
            index = valueIndex + padded(length);
        }
        return null;
    }

    private static String headerProblem(ByteBuf datagram) {
        int start = datagram.readerIndex();
        int readable = datagram.readableBytes();
        if (readable < HEADER_LENGTH) {
            return "shorter than a STUN header: " + readable + " bytes";
        }
        int firstByte = datagram.getUnsignedByte(start);
        if (firstByte > 3) {
            return "first byte " + firstByte + " is not in the STUN range 0..3 (RFC 7983)";
        }
        if (datagram.getInt(start + 4) != MAGIC_COOKIE) {
            return "no magic cookie";
        }
        int length = datagram.getUnsignedShort(start + 2);
        if ((length & 3) != 0) {
            return "message length " + length + " is not a multiple of 4";
        }
        if (readable != HEADER_LENGTH + length) {
            return "message length " + length + " does not match the " + (readable - HEADER_LENGTH)
                    + " bytes after the header";
        }
        return null;
    }

    // ---------------------------------------------------------------------------------------------------------
    // Decoding

    /**
     * Parses the readable bytes of {@code datagram} as one STUN message. The buffer is neither modified nor
     * released, and the message keeps no reference to it.
     *
     * @throws StunDecodeException if the header or an attribute is malformed, or an attribute follows
     *                             FINGERPRINT (RFC 5389 §15.5)
     */
    public static StunMessage decode(ByteBuf datagram) throws StunDecodeException {
        String problem = headerProblem(datagram);
        if (problem != null) {
            throw new StunDecodeException(problem);
        }
        byte[] wire = ByteBufUtil.getBytes(datagram, datagram.readerIndex(), datagram.readableBytes());
        return new WireParser(wire).parse();
    }

    /** Walks the attributes of one received message, keeping the first occurrence of each (RFC 5389 §15). */
    private static final class WireParser {
        private final byte[] wire;
        private Builder builder;
        private int integrityOffset = -1;
        private int fingerprintOffset = -1;
        private int[] unrecognized = NO_ATTRIBUTES;

        WireParser(byte[] wire) {
            this.wire = wire;
        }

        StunMessage parse() throws StunDecodeException {
            int type = readU16(wire, 0);
            builder = new Builder(StunClass.ofBits(classBits(type)), methodBits(type),
                    Arrays.copyOfRange(wire, 8, HEADER_LENGTH));
            int index = HEADER_LENGTH;
            while (index < wire.length) {
                if (fingerprintOffset >= 0) {
                    throw new StunDecodeException("attribute after FINGERPRINT");
                }
                // index and wire.length are multiples of 4, so a whole attribute header is there.
                int attributeType = readU16(wire, index);
                int length = readU16(wire, index + 2);
                int value = index + ATTRIBUTE_HEADER_LENGTH;
                if (length > wire.length - value) {
                    throw new StunDecodeException(String.format(
                            "attribute 0x%04x of length %d overruns the message", attributeType, length));
                }
                if (attributeType == StunAttributeType.FINGERPRINT) {
                    requireLength(attributeType, length, Fingerprint.LENGTH);
                    fingerprintOffset = index;
                } else if (integrityOffset < 0) {
                    // RFC 5389 §15.4: attributes after MESSAGE-INTEGRITY are ignored, except FINGERPRINT.
                    readAttribute(attributeType, index, value, length);
                }
                index = value + padded(length);
            }
            return new StunMessage(builder, wire, integrityOffset, fingerprintOffset, unrecognized);
        }

        private void readAttribute(int type, int index, int value, int length) throws StunDecodeException {
            switch (type) {
                case StunAttributeType.USERNAME -> {
                    requireMaxLength(type, length, MAX_USERNAME_BYTES);
                    if (builder.username == null) {
                        builder.username = new String(wire, value, length, UTF_8);
                    }
                }
                case StunAttributeType.MESSAGE_INTEGRITY -> {
                    requireLength(type, length, MessageIntegrity.LENGTH);
                    integrityOffset = index;
                }
                case StunAttributeType.ERROR_CODE -> readErrorCode(value, length);
                case StunAttributeType.UNKNOWN_ATTRIBUTES -> {
                    if ((length & 1) != 0) {
                        throw new StunDecodeException("UNKNOWN-ATTRIBUTES of odd length " + length);
                    }
                    if (builder.unknownAttributes.length == 0) {
                        int[] types = new int[length / 2];
                        for (int i = 0; i < types.length; i++) {
                            types[i] = readU16(wire, value + 2 * i);
                        }
                        builder.unknownAttributes = types;
                    }
                }
                case StunAttributeType.XOR_MAPPED_ADDRESS -> {
                    InetSocketAddress address = readXorAddress(value, length);
                    if (builder.xorMappedAddress == null) {
                        builder.xorMappedAddress = address;
                    }
                }
                case StunAttributeType.PRIORITY -> {
                    requireLength(type, length, 4);
                    if (!builder.hasPriority) {
                        builder.priority(readU32(wire, value));
                    }
                }
                case StunAttributeType.USE_CANDIDATE -> {
                    requireLength(type, length, 0);
                    builder.useCandidate = true;
                }
                case StunAttributeType.ICE_CONTROLLED -> {
                    requireLength(type, length, 8);
                    if (!builder.hasIceControlled) {
                        builder.iceControlled(readS64(wire, value));
                    }
                }
                case StunAttributeType.ICE_CONTROLLING -> {
                    requireLength(type, length, 8);
                    if (!builder.hasIceControlling) {
                        builder.iceControlling(readS64(wire, value));
                    }
                }
                case StunAttributeType.SOFTWARE -> {
                    requireMaxLength(type, length, MAX_TEXT_BYTES);
                    if (builder.software == null) {
                        builder.software = new String(wire, value, length, UTF_8);
                    }
                }
                case StunAttributeType.MAPPED_ADDRESS -> {
                    // Understood (RFC 5389 §15.1) but of no use to ICE: servers answer with XOR-MAPPED-ADDRESS.
                }
                default -> {
                    if (StunAttributeType.isComprehensionRequired(type)) {
                        unrecognized = Arrays.copyOf(unrecognized, unrecognized.length + 1);
                        unrecognized[unrecognized.length - 1] = type;
                    }
                }
            }
        }

        // RFC 5389 §15.6: 21 reserved bits, a 3-bit class (hundreds), an 8-bit number (0..99), a reason phrase.
        private void readErrorCode(int value, int length) throws StunDecodeException {
            if (length < 4) {
                throw new StunDecodeException("ERROR-CODE shorter than 4 bytes");
            }
            requireMaxLength(StunAttributeType.ERROR_CODE, length, 4 + MAX_TEXT_BYTES);
            int hundreds = wire[value + 2] & 0x07;
            int number = wire[value + 3] & 0xFF;
            if (hundreds < 3 || hundreds > 6 || number > 99) {
                throw new StunDecodeException("ERROR-CODE class " + hundreds + " number " + number
                        + " outside 300..699");
            }
            if (builder.errorCode == 0) {
                builder.errorCode = hundreds * 100 + number;
                builder.errorReason = new String(wire, value + 4, length - 4, UTF_8);
            }
        }

        // RFC 5389 §15.2: the port is XORed with the cookie's top 16 bits, the address with the cookie
        // (IPv4) or the cookie followed by the transaction id (IPv6) — that is, header bytes 4..19.
        private InetSocketAddress readXorAddress(int value, int length) throws StunDecodeException {
            if (length < 4) {
                throw new StunDecodeException("XOR-MAPPED-ADDRESS shorter than 4 bytes");
            }
            int family = wire[value + 1] & 0xFF;
            int addressLength = switch (family) {
                case ADDRESS_FAMILY_IPV4 -> 4;
                case ADDRESS_FAMILY_IPV6 -> 16;
                default -> throw new StunDecodeException("XOR-MAPPED-ADDRESS family " + family);
            };
            requireLength(StunAttributeType.XOR_MAPPED_ADDRESS, length, 4 + addressLength);
            int port = readU16(wire, value + 2) ^ (MAGIC_COOKIE >>> 16);
            byte[] address = new byte[addressLength];
            for (int i = 0; i < addressLength; i++) {
                address[i] = (byte) (wire[value + 4 + i] ^ wire[4 + i]);
            }
            try {
                return new InetSocketAddress(InetAddress.getByAddress(address), port);
            } catch (UnknownHostException e) {
                // Unreachable: the array is 4 or 16 bytes long.
                throw new StunDecodeException("XOR-MAPPED-ADDRESS: " + e.getMessage());
            }
        }

        private static void requireLength(int type, int length, int expected) throws StunDecodeException {
            if (length != expected) {
                throw new StunDecodeException(String.format(
                        "attribute 0x%04x has length %d, expected %d", type, length, expected));
            }
        }

        private static void requireMaxLength(int type, int length, int max) throws StunDecodeException {
            if (length > max) {
                throw new StunDecodeException(String.format(
                        "attribute 0x%04x has length %d, more than %d", type, length, max));
            }
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // Checks on a decoded message

    /**
     * Whether this decoded message carries a MESSAGE-INTEGRITY attribute that matches the HMAC-SHA1 of the
     * received bytes before it, with the header length adjusted to end at the attribute (RFC 5389 §15.4).
     * {@code key} is the short-term password as UTF-8 bytes (ICE passwords are ASCII, so SASLprep is the
     * identity). Always false for a message that was built rather than decoded.
     */
    public boolean verifyIntegrity(byte[] key) {
        if (wire == null || integrityOffset < 0) {
            return false;
        }
        byte[] covered = Arrays.copyOf(wire, integrityOffset);
        writeU16(covered, 2, integrityOffset + ATTRIBUTE_HEADER_LENGTH + MessageIntegrity.LENGTH - HEADER_LENGTH);
        byte[] expected = MessageIntegrity.compute(key, ByteBuffer.wrap(covered));
        int value = integrityOffset + ATTRIBUTE_HEADER_LENGTH;
        byte[] received = Arrays.copyOfRange(wire, value, value + MessageIntegrity.LENGTH);
        return MessageDigest.isEqual(expected, received);
    }

    /**
     * Whether this decoded message ends with a FINGERPRINT attribute whose value matches the CRC-32 of the
     * received bytes before it (RFC 5389 §15.5). Always false for a message that was built rather than decoded.
     */
    public boolean hasValidFingerprint() {
        if (wire == null || fingerprintOffset < 0) {
            return false;
        }
        byte[] covered = Arrays.copyOf(wire, fingerprintOffset);
        writeU16(covered, 2, fingerprintOffset + ATTRIBUTE_HEADER_LENGTH + Fingerprint.LENGTH - HEADER_LENGTH);
        return Fingerprint.compute(ByteBuffer.wrap(covered)) == readS32(wire, fingerprintOffset + 4);
    }

    /** Whether this decoded message has a MESSAGE-INTEGRITY attribute (valid or not). */
    public boolean hasMessageIntegrity() {
        return integrityOffset >= 0;
    }

    /** Whether this decoded message has a FINGERPRINT attribute (valid or not). */
    public boolean hasFingerprint() {
        return fingerprintOffset >= 0;
    }

    /**
     * Comprehension-required attribute types (below 0x8000) that this class does not understand, in order of
     * appearance; empty if none. A server answers such a request with 420 (RFC 5389 §7.3.1).
     */
    public int[] unrecognizedRequiredAttributes() {
        return unrecognizedRequiredAttributes.clone();
    }

    // ---------------------------------------------------------------------------------------------------------
    // Encoding

    /**
     * Writes this message into a new buffer from {@code alloc}: header, attributes, then MESSAGE-INTEGRITY keyed
     * with {@code integrityKey} (omitted if null, RFC 5389 §15.4), then FINGERPRINT (RFC 5389 §15.5). The caller
     * owns the returned buffer and must release it (typically by writing it to a channel).
     *
     * @throws IllegalArgumentException if the message would exceed the 16-bit length field
     */
    public ByteBuf encode(ByteBufAllocator alloc, byte[] integrityKey) {
        ByteBuf out = alloc.buffer(INITIAL_ENCODE_CAPACITY);
        try {
            out.writeShort(messageType(messageClass, method));
            out.writeShort(0); // the length, set once known
            out.writeInt(MAGIC_COOKIE);
            out.writeBytes(transactionId);
            writeAttributes(out);
            if (integrityKey != null) {
                int integrityStart = out.writerIndex();
                setLength(out, integrityStart + ATTRIBUTE_HEADER_LENGTH + MessageIntegrity.LENGTH);
                byte[] hmac = MessageIntegrity.compute(integrityKey, out.nioBuffer(0, integrityStart));
                writeAttribute(out, StunAttributeType.MESSAGE_INTEGRITY, hmac);
            }
            int fingerprintStart = out.writerIndex();
            setLength(out, fingerprintStart + ATTRIBUTE_HEADER_LENGTH + Fingerprint.LENGTH);
            int crc = Fingerprint.compute(out.nioBuffer(0, fingerprintStart));
            out.writeShort(StunAttributeType.FINGERPRINT).writeShort(Fingerprint.LENGTH).writeInt(crc);
            return out;
        } catch (RuntimeException e) {
            out.release();
            throw e;
        }
    }

    private void writeAttributes(ByteBuf out) {
        if (username != null) {
            writeAttribute(out, StunAttributeType.USERNAME, username.getBytes(UTF_8));
        }
        if (software != null) {
            writeAttribute(out, StunAttributeType.SOFTWARE, software.getBytes(UTF_8));
        }
        if (errorCode != 0) {
            byte[] reason = errorReason.getBytes(UTF_8);
            out.writeShort(StunAttributeType.ERROR_CODE).writeShort(4 + reason.length);
            out.writeShort(0).writeByte(errorCode / 100).writeByte(errorCode % 100).writeBytes(reason);
            out.writeZero(padding(reason.length));
        }
        if (unknownAttributes.length > 0) {
            out.writeShort(StunAttributeType.UNKNOWN_ATTRIBUTES).writeShort(2 * unknownAttributes.length);
            for (int type : unknownAttributes) {
                out.writeShort(type);
            }
            out.writeZero(padding(2 * unknownAttributes.length));
        }
        if (xorMappedAddress != null) {
            writeXorAddress(out);
        }
        if (hasPriority) {
            out.writeShort(StunAttributeType.PRIORITY).writeShort(4).writeInt((int) priority);
        }
        if (useCandidate) {
            out.writeShort(StunAttributeType.USE_CANDIDATE).writeShort(0);
        }
        if (hasIceControlled) {
            out.writeShort(StunAttributeType.ICE_CONTROLLED).writeShort(8).writeLong(iceControlled);
        }
        if (hasIceControlling) {
            out.writeShort(StunAttributeType.ICE_CONTROLLING).writeShort(8).writeLong(iceControlling);
        }
        for (ExtraAttribute extra : extraAttributes) {
            writeAttribute(out, extra.type(), extra.value());
        }
    }

    // RFC 5389 §15.2; the XOR key is the cookie followed by the transaction id, already in header bytes 4..19.
    private void writeXorAddress(ByteBuf out) {
        byte[] address = xorMappedAddress.getAddress().getAddress();
        boolean ipv4 = address.length == 4;
        out.writeShort(StunAttributeType.XOR_MAPPED_ADDRESS).writeShort(4 + address.length);
        out.writeByte(0).writeByte(ipv4 ? ADDRESS_FAMILY_IPV4 : ADDRESS_FAMILY_IPV6);
        out.writeShort(xorMappedAddress.getPort() ^ (MAGIC_COOKIE >>> 16));
        for (int i = 0; i < address.length; i++) {
            out.writeByte(address[i] ^ out.getByte(4 + i));
        }
    }

    private static void writeAttribute(ByteBuf out, int type, byte[] value) {
        out.writeShort(type).writeShort(value.length).writeBytes(value).writeZero(padding(value.length));
    }

    private static void setLength(ByteBuf out, int totalLength) {
        int length = totalLength - HEADER_LENGTH;
        if (length > MAX_MESSAGE_LENGTH) {
            throw new IllegalArgumentException("STUN message too long: " + length + " bytes after the header");
        }
        out.setShort(2, length);
    }

    // ---------------------------------------------------------------------------------------------------------
    // Accessors

    public StunClass messageClass() {
        return messageClass;
    }

    /** The method, e.g. {@link #BINDING}. */
    public int method() {
        return method;
    }

    /** A copy of the 12-byte transaction id. */
    public byte[] transactionId() {
        return transactionId.clone();
    }

    /** USERNAME (RFC 5389 §15.3), or null. */
    public String username() {
        return username;
    }

    /** SOFTWARE (RFC 5389 §15.10), or null. */
    public String software() {
        return software;
    }

    /** The ERROR-CODE number, 300..699 (RFC 5389 §15.6), or 0 if absent. */
    public int errorCode() {
        return errorCode;
    }

    /** The ERROR-CODE reason phrase, or null if there is no ERROR-CODE. */
    public String errorReason() {
        return errorReason;
    }

    /** The types listed in UNKNOWN-ATTRIBUTES (RFC 5389 §15.9); empty if absent. */
    public int[] unknownAttributes() {
        return unknownAttributes.clone();
    }

    /** XOR-MAPPED-ADDRESS (RFC 5389 §15.2) with the XOR undone, or null. */
    public InetSocketAddress xorMappedAddress() {
        return xorMappedAddress;
    }

    /** PRIORITY (RFC 8445 §7.1.1), an unsigned 32-bit value. */
    public OptionalLong priority() {
        return hasPriority ? OptionalLong.of(priority) : OptionalLong.empty();
    }

    /** Whether USE-CANDIDATE (RFC 8445 §7.1.2) is present. */
    public boolean useCandidate() {
        return useCandidate;
    }

    /** The tiebreaker of ICE-CONTROLLING (RFC 8445 §7.1.3), if present. */
    public OptionalLong iceControlling() {
        return hasIceControlling ? OptionalLong.of(iceControlling) : OptionalLong.empty();
    }

    /** The tiebreaker of ICE-CONTROLLED (RFC 8445 §7.1.3), if present. */
    public OptionalLong iceControlled() {
        return hasIceControlled ? OptionalLong.of(iceControlled) : OptionalLong.empty();
    }

    @Override
    public String toString() {
        return "StunMessage{" + messageClass + " method=0x" + Integer.toHexString(method)
                + " tid=" + ByteBufUtil.hexDump(transactionId)
                + (username != null ? " username=" + username : "")
                + (errorCode != 0 ? " error=" + errorCode : "")
                + (xorMappedAddress != null ? " mapped=" + xorMappedAddress : "")
                + (useCandidate ? " use-candidate" : "") + '}';
    }

    // ---------------------------------------------------------------------------------------------------------
    // Message type layout (RFC 5389 §6): M11..M7 C1 M6..M4 C0 M3..M0 in the low 14 bits.

    static int messageType(StunClass messageClass, int method) {
        int classBits = messageClass.bits();
        return (method & 0x000F) | ((method & 0x0070) << 1) | ((method & 0x0F80) << 2)
                | ((classBits & 0b10) << 7) | ((classBits & 0b01) << 4);
    }

    private static int classBits(int type) {
        return ((type >> 7) & 0b10) | ((type >> 4) & 0b01);
    }

    private static int methodBits(int type) {
        return (type & 0x000F) | ((type & 0x00E0) >> 1) | ((type & 0x3E00) >> 2);
    }

    // Attributes are padded to a multiple of 4 bytes (RFC 5389 §15).
    private static int padded(int length) {
        return (length + 3) & ~3;
    }

    private static int padding(int length) {
        return padded(length) - length;
    }

    private static int readU16(byte[] bytes, int index) {
        return ((bytes[index] & 0xFF) << 8) | (bytes[index + 1] & 0xFF);
    }

    private static int readS32(byte[] bytes, int index) {
        return (readU16(bytes, index) << 16) | readU16(bytes, index + 2);
    }

    private static long readU32(byte[] bytes, int index) {
        return readS32(bytes, index) & 0xFFFF_FFFFL;
    }

    private static long readS64(byte[] bytes, int index) {
        return ((long) readS32(bytes, index) << 32) | readU32(bytes, index + 4);
    }

    private static void writeU16(byte[] bytes, int index, int value) {
        bytes[index] = (byte) (value >>> 8);
        bytes[index + 1] = (byte) value;
    }

    private record ExtraAttribute(int type, byte[] value) {
    }

    /**
     * Collects the attributes of a message to encode. Each setter replaces an earlier value. Not thread-safe.
     */
    public static final class Builder {
        private final StunClass messageClass;
        private final int method;
        private final byte[] transactionId;
        private String username;
        private String software;
        private int errorCode;
        private String errorReason;
        private int[] unknownAttributes = NO_ATTRIBUTES;
        private InetSocketAddress xorMappedAddress;
        private long priority;
        private boolean hasPriority;
        private boolean useCandidate;
        private long iceControlling;
        private boolean hasIceControlling;
        private long iceControlled;
        private boolean hasIceControlled;
        private final List<ExtraAttribute> extraAttributes = new ArrayList<>(0);

        private Builder(StunClass messageClass, int method, byte[] transactionId) {
            this.messageClass = Objects.requireNonNull(messageClass, "messageClass");
            if (method < 0 || method > 0xFFF) {
                throw new IllegalArgumentException("STUN method is 12 bits: " + method);
            }
            if (transactionId.length != TRANSACTION_ID_LENGTH) {
                throw new IllegalArgumentException("transaction id must be 12 bytes: " + transactionId.length);
            }
            this.method = method;
            this.transactionId = transactionId;
        }

        public Builder username(String username) {
            requireMaxBytes("USERNAME", username, MAX_USERNAME_BYTES);
            this.username = username;
            return this;
        }

        public Builder software(String software) {
            requireMaxBytes("SOFTWARE", software, MAX_TEXT_BYTES);
            this.software = software;
            return this;
        }

        /** ERROR-CODE with {@code code} in 300..699 (RFC 5389 §15.6). */
        public Builder errorCode(int code, String reason) {
            if (code < 300 || code > 699) {
                throw new IllegalArgumentException("STUN error code outside 300..699: " + code);
            }
            Objects.requireNonNull(reason, "reason");
            requireMaxBytes("reason phrase", reason, MAX_TEXT_BYTES);
            this.errorCode = code;
            this.errorReason = reason;
            return this;
        }

        /** UNKNOWN-ATTRIBUTES (RFC 5389 §15.9), for a 420 response. */
        public Builder unknownAttributes(int... types) {
            for (int type : types) {
                if (type < 0 || type > 0xFFFF) {
                    throw new IllegalArgumentException("attribute type is 16 bits: " + type);
                }
            }
            this.unknownAttributes = types.clone();
            return this;
        }

        public Builder xorMappedAddress(InetSocketAddress address) {
            if (address.isUnresolved()) {
                throw new IllegalArgumentException("unresolved address: " + address);
            }
            this.xorMappedAddress = address;
            return this;
        }

        /** PRIORITY, an unsigned 32-bit value. */
        public Builder priority(long priority) {
            if (priority < 0 || priority > 0xFFFF_FFFFL) {
                throw new IllegalArgumentException("PRIORITY is an unsigned 32-bit value: " + priority);
            }
            this.priority = priority;
            this.hasPriority = true;
            return this;
        }

        public Builder useCandidate() {
            this.useCandidate = true;
            return this;
        }

        public Builder iceControlling(long tiebreaker) {
            this.iceControlling = tiebreaker;
            this.hasIceControlling = true;
            return this;
        }

        public Builder iceControlled(long tiebreaker) {
            this.iceControlled = tiebreaker;
            this.hasIceControlled = true;
            return this;
        }

        /**
         * Any other attribute, written as given after the typed ones (and before MESSAGE-INTEGRITY). A decoded
         * message does not keep such attributes: it skips or reports them like any unknown attribute.
         */
        public Builder attribute(int type, byte[] value) {
            if (type < 0 || type > 0xFFFF || value.length > MAX_MESSAGE_LENGTH) {
                throw new IllegalArgumentException("attribute type or length out of range: " + type);
            }
            extraAttributes.add(new ExtraAttribute(type, value.clone()));
            return this;
        }

        public StunMessage build() {
            return new StunMessage(this, null, -1, -1, NO_ATTRIBUTES);
        }

        private static void requireMaxBytes(String what, String text, int max) {
            if (text != null && text.getBytes(UTF_8).length > max) {
                throw new IllegalArgumentException(what + " longer than " + max + " bytes");
            }
        }
    }
}

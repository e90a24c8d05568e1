package org.parley.signaling.sip;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Parses one UDP datagram into a {@link SipMessage} (RFC 3261 §7, §18.3). Lenient where RFC 3261
 * asks for it (any case and compact header names, folded lines, bare LF line ends, comma-separated
 * Via values) and strict about what the server relies on: the mandatory request headers
 * (§8.1.1), their syntax, and a Content-Length that fits the datagram. Never throws anything
 * but {@link SipParseException}.
 */
public final class SipParser {

    /** Larger datagrams are dropped; a room system's INVITE with SDP is about 1 KB. */
    public static final int MAX_MESSAGE_BYTES = 8 * 1024;
    /** More header fields are refused. */
    public static final int MAX_HEADERS = 64;

    private static final String VERSION = "SIP/2.0";
    /** Headers whose comma-separated values are separate fields (RFC 3261 §7.3.1). */
    private static final Set<String> LIST_HEADERS = Set.of(SipHeaders.VIA, "Route", "Record-Route", SipHeaders.ALLOW,
            SipHeaders.SUPPORTED, "Require", "Proxy-Require");
    private static final List<String> MANDATORY = List.of(SipHeaders.VIA, SipHeaders.FROM, SipHeaders.TO,
            SipHeaders.CALL_ID, SipHeaders.CSEQ);

    private SipParser() {
    }

    /**
     * Parses the readable bytes of {@code datagram} without consuming or releasing it: the caller
     * keeps its ownership.
     */
    public static SipMessage parse(ByteBuf datagram) throws SipParseException {
        int length = datagram.readableBytes();
        if (length > MAX_MESSAGE_BYTES) {
            throw new SipParseException(SipDropReason.TOO_LARGE,
                    "message of " + length + " bytes, more than " + MAX_MESSAGE_BYTES, null);
        }
        int start = datagram.readerIndex();
        // RFC 3261 §7.5: CRLFs before the start line are ignored.
        while (start < datagram.writerIndex() && isLineEnd(datagram.getByte(start))) {
            start++;
        }
        length = datagram.writerIndex() - start;
        int headerEnd = headerEnd(datagram, start, start + length);
        if (headerEnd < 0) {
            throw new SipParseException(SipDropReason.MALFORMED, "no empty line ends the headers", null);
        }
        int headLength = headerEnd - start;
        if (headLength > 0 && datagram.getByte(headerEnd - 1) == '\r') {
            headLength--;
        }
        String head = datagram.toString(start, headLength, StandardCharsets.UTF_8);
        List<String> lines = unfold(head);
        SipStartLine startLine = SipStartLine.parse(lines.get(0));
        if (startLine == null) {
            throw new SipParseException(SipDropReason.MALFORMED, "bad start line", null);
        }
        SipHeaders headers = new SipHeaders();
        String headerProblem = readHeaders(lines, headers);
        int bodyStart = bodyStart(datagram, headerEnd);
        int available = start + length - bodyStart;
        String contentLength = headers.first(SipHeaders.CONTENT_LENGTH);
        int bodyLength = available;
        if (contentLength != null && headerProblem == null) {
            bodyLength = contentLength(contentLength.strip(), available);
            if (bodyLength < 0) {
                headerProblem = "Content-Length " + contentLength.strip() + " but " + available + " bytes of body";
            }
        }
        String body = headerProblem != null || bodyLength <= 0 ? ""
                : datagram.toString(bodyStart, bodyLength, StandardCharsets.UTF_8);
        SipMessage message = startLine.request()
                ? new SipRequest(startLine.method(), startLine.requestUri(), headers, body)
                : new SipResponse(startLine.status(), startLine.reason(), headers, body);
        SipRequest request = message instanceof SipRequest r ? r : null;
        if (headerProblem != null) {
            SipDropReason reason = headerProblem.startsWith("Content-Length") ? SipDropReason.BAD_CONTENT_LENGTH
                    : headerProblem.startsWith("more than") ? SipDropReason.TOO_MANY_HEADERS : SipDropReason.MALFORMED;
            throw new SipParseException(reason, headerProblem, request);
        }
        String missing = missingHeader(message);
        if (missing != null) {
            throw new SipParseException(SipDropReason.MISSING_HEADER, missing, request);
        }
        return message;
    }

    /**
     * Whether the datagram holds only CRLFs: a keep-alive (RFC 5626 §3.5.1), not a message. Reads
     * without consuming.
     */
    public static boolean isKeepAlive(ByteBuf datagram) {
        for (int i = datagram.readerIndex(); i < datagram.writerIndex(); i++) {
            if (!isLineEnd(datagram.getByte(i))) {
                return false;
            }
        }
        return true;
    }

    private static boolean isLineEnd(byte b) {
        return b == '\r' || b == '\n';
    }

    /** The index of the first CRLFCRLF (or LFLF), or -1. */
    private static int headerEnd(ByteBuf buf, int from, int to) {
        for (int i = from; i < to - 1; i++) {
            if (buf.getByte(i) == '\n') {
                if (buf.getByte(i + 1) == '\n') {
                    return i;
                }
                if (i + 2 < to && buf.getByte(i + 1) == '\r' && buf.getByte(i + 2) == '\n') {
                    return i;
                }
            }
        }
        return -1;
    }

    private static int bodyStart(ByteBuf buf, int headerEnd) {
        // headerEnd is the LF that ends the last header line; the empty line follows.
        return buf.getByte(headerEnd + 1) == '\r' ? headerEnd + 3 : headerEnd + 2;
    }

    /** Splits into lines and joins continuation lines (RFC 3261 §7.3.1: LWS folding). */
    private static List<String> unfold(String head) {
        List<String> lines = new ArrayList<>();
        for (String raw : head.split("\r?\n", -1)) {
            if (!lines.isEmpty() && !raw.isEmpty() && (raw.charAt(0) == ' ' || raw.charAt(0) == '\t')) {
                lines.set(lines.size() - 1, lines.getLast().stripTrailing() + " " + raw.strip());
            } else {
                lines.add(raw);
            }
        }
        return lines;
    }

    /** Reads header lines 1.. into {@code headers}; returns what is wrong, or null. */
    private static String readHeaders(List<String> lines, SipHeaders headers) {
        for (int i = 1; i < lines.size(); i++) {
            String line = lines.get(i);
            int colon = line.indexOf(':');
            String name = colon < 0 ? "" : line.substring(0, colon).strip();
            if (!SipGrammar.isToken(name)) {
                return "header line " + i + " is not name: value";
            }
            String value = line.substring(colon + 1).strip();
            String canonical = SipHeaders.canonicalName(name);
            if (LIST_HEADERS.contains(canonical)) {
                for (String element : SipGrammar.splitList(value)) {
                    headers.add(canonical, element);
                }
            } else {
                headers.add(canonical, value);
            }
            if (headers.size() > MAX_HEADERS) {
                return "more than " + MAX_HEADERS + " header fields";
            }
        }
        return null;
    }

    /** The body length a Content-Length value gives, or -1 if it is no number or exceeds what arrived. */
    private static int contentLength(String value, int available) {
        if (value.isEmpty() || value.length() > 9) {
            return -1;
        }
        for (int i = 0; i < value.length(); i++) {
            if (!Character.isDigit(value.charAt(i))) {
                return -1;
            }
        }
        int declared = Integer.parseInt(value);
        // RFC 3261 §18.3: extra bytes after the body are discarded; fewer than declared is an error.
        return declared <= available ? declared : -1;
    }

    private static String missingHeader(SipMessage message) {
        for (String name : MANDATORY) {
            if (!message.headers().contains(name)) {
                return "missing " + name;
            }
        }
        if (message.topVia() == null) {
            return "unreadable Via";
        }
        CSeq cseq = message.cseq();
        if (cseq == null) {
            return "unreadable CSeq";
        }
        if (message instanceof SipRequest request) {
            if (!cseq.method().equals(request.method())) {
                return "CSeq method " + cseq.method() + " differs from " + request.method();
            }
            String maxForwards = request.headers().first(SipHeaders.MAX_FORWARDS);
            if (maxForwards == null) {
                return "missing " + SipHeaders.MAX_FORWARDS;
            }
            if (maxForwards.isBlank() || maxForwards.length() > 3 || !maxForwards.chars().allMatch(Character::isDigit)) {
                return "unreadable " + SipHeaders.MAX_FORWARDS;
            }
        }
        return null;
    }

    /** The first line: {@code METHOD uri SIP/2.0} or {@code SIP/2.0 code reason}. */
    private record SipStartLine(String method, String requestUri, int status, String reason) {

        boolean request() {
            return method != null;
        }

        static SipStartLine parse(String line) {
            if (line.startsWith(VERSION + " ")) {
                String[] parts = line.split(" ", 3);
                if (parts.length < 2 || parts[1].length() != 3 || !parts[1].chars().allMatch(Character::isDigit)) {
                    return null;
                }
                int status = Integer.parseInt(parts[1]);
                return status < 100 ? null : new SipStartLine(null, null, status, parts.length == 3 ? parts[2] : "");
            }
            String[] parts = line.split(" ", -1);
            if (parts.length != 3 || !SipGrammar.isToken(parts[0]) || parts[1].isEmpty() || !parts[2].equals(VERSION)
                    || parts[1].indexOf(':') < 0) {
                return null;
            }
            return new SipStartLine(parts[0], parts[1], 0, null);
        }
    }
}

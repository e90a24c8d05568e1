package org.parley.signaling.sip;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.nio.charset.StandardCharsets;

/**
 * Writes a {@link SipMessage} as one datagram's bytes (RFC 3261 §7), always with a Content-Length
 * (RFC 3261 §20.14), which it computes from the body, replacing any the message carried.
 */
public final class SipEncoder {

    private SipEncoder() {
    }

    /** A new buffer from {@code alloc} holding the message; the caller owns it (writing it to a channel releases it). */
    public static ByteBuf encode(SipMessage message, ByteBufAllocator alloc) {
        byte[] body = message.body().getBytes(StandardCharsets.UTF_8);
        StringBuilder head = new StringBuilder(512);
        switch (message) {
            case SipRequest request -> head.append(request.method()).append(' ').append(request.requestUri())
                    .append(" SIP/2.0\r\n");
            case SipResponse response -> head.append("SIP/2.0 ").append(response.status()).append(' ')
                    .append(response.reason()).append("\r\n");
        }
        SipHeaders headers = message.headers();
        for (int i = 0; i < headers.size(); i++) {
            if (!headers.name(i).equals(SipHeaders.CONTENT_LENGTH)) {
                head.append(headers.name(i)).append(": ").append(headers.value(i)).append("\r\n");
            }
        }
        head.append(SipHeaders.CONTENT_LENGTH).append(": ").append(body.length).append("\r\n\r\n");
        byte[] headBytes = head.toString().getBytes(StandardCharsets.UTF_8);
        ByteBuf out = alloc.buffer(headBytes.length + body.length);
        out.writeBytes(headBytes).writeBytes(body);
        return out;
    }
}

package org.parley.signaling.sip;

import java.util.Locale;

/**
 * One Via header value (RFC 3261 §20.42): {@code SIP/2.0/UDP host[:port];branch=…;received=…;rport[=n]}.
 *
 * @param transport upper case, e.g. {@code UDP}
 * @param host      the sent-by host
 * @param port      the sent-by port, or -1 when absent (5060 is implied, RFC 3261 §18.2.2)
 * @param branch    the branch parameter, or null
 * @param received  the received parameter, or null
 * @param rport     the rport parameter's value, 0 when present without one, -1 when absent (RFC 3581 §4)
 */
public record SipVia(String transport, String host, int port, String branch, String received, int rport) {

    /** RFC 3261 §8.1.1.7: branches of RFC 3261 clients start with it, making them unique. */
    public static final String MAGIC_COOKIE = "z9hG4bK";

    /** Parses one Via value; null if malformed. */
    public static SipVia parse(String value) {
        String[] parts = value.strip().split(";");
        String protocolAndSentBy = parts[0].strip();
        int space = indexOfWhitespace(protocolAndSentBy);
        if (space < 0) {
            return null;
        }
        String[] protocol = protocolAndSentBy.substring(0, space).split("/");
        if (protocol.length != 3 || !protocol[0].strip().equalsIgnoreCase("SIP") || !protocol[1].strip().equals("2.0")) {
            return null;
        }
        String sentBy = protocolAndSentBy.substring(space).strip();
        String host = sentBy;
        int port = -1;
        int colon = sentBy.lastIndexOf(':');
        if (colon > 0 && sentBy.indexOf(']', colon) < 0) { // not a colon of an IPv6 reference
            host = sentBy.substring(0, colon);
            port = parsePort(sentBy.substring(colon + 1));
            if (port < 0) {
                return null;
            }
        }
        if (host.isEmpty()) {
            return null;
        }
        String branch = null;
        String received = null;
        int rport = -1;
        for (int i = 1; i < parts.length; i++) {
            String param = parts[i].strip();
            int equals = param.indexOf('=');
            String name = (equals < 0 ? param : param.substring(0, equals)).strip().toLowerCase(Locale.ROOT);
            String paramValue = equals < 0 ? null : param.substring(equals + 1).strip();
            switch (name) {
                case "branch" -> branch = paramValue;
                case "received" -> received = paramValue;
                case "rport" -> {
                    rport = paramValue == null || paramValue.isEmpty() ? 0 : parsePort(paramValue);
                    if (rport < 0) {
                        return null;
                    }
                }
                default -> { }
            }
        }
        return new SipVia(protocol[2].strip().toUpperCase(Locale.ROOT), host, port, branch, received, rport);
    }

    private static int indexOfWhitespace(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == ' ' || text.charAt(i) == '\t') {
                return i;
            }
        }
        return -1;
    }

    private static int parsePort(String text) {
        if (text.isEmpty() || text.length() > 5) {
            return -1;
        }
        for (int i = 0; i < text.length(); i++) {
            if (!Character.isDigit(text.charAt(i))) {
                return -1;
            }
        }
        int port = Integer.parseInt(text);
        return port <= 65535 ? port : -1;
    }

    /** Whether the branch is an RFC 3261 one, usable alone as a transaction key (RFC 3261 §17.2.3). */
    public boolean rfc3261Branch() {
        return branch != null && branch.startsWith(MAGIC_COOKIE);
    }

    /** {@code host[:port]} as the client wrote it. */
    public String sentBy() {
        return port < 0 ? host : host + ":" + port;
    }
}

package org.parley.signaling.sip;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The header fields of a SIP message, in order. Names are case-insensitive and compact forms are
 * expanded (RFC 3261 §7.3.1, §7.3.3): {@code v}, {@code VIA} and {@code Via} are one header, kept
 * under its canonical name. A header may appear several times (Via); {@link #first} and {@link #all}
 * find them. Not thread-safe; a message is handled on one event loop.
 */
public final class SipHeaders {

    public static final String VIA = "Via";
    public static final String FROM = "From";
    public static final String TO = "To";
    public static final String CALL_ID = "Call-ID";
    public static final String CSEQ = "CSeq";
    public static final String MAX_FORWARDS = "Max-Forwards";
    public static final String CONTACT = "Contact";
    public static final String CONTENT_TYPE = "Content-Type";
    public static final String CONTENT_LENGTH = "Content-Length";
    public static final String ALLOW = "Allow";
    public static final String ACCEPT = "Accept";
    public static final String SUPPORTED = "Supported";
    public static final String SERVER = "Server";
    public static final String USER_AGENT = "User-Agent";
    public static final String WARNING = "Warning";
    public static final String REASON = "Reason";
    public static final String RETRY_AFTER = "Retry-After";

    /** RFC 3261 §7.3.3 (and the later compact forms of RFC 3265, 3515, 3892, 4028). */
    private static final Map<String, String> COMPACT = Map.ofEntries(
            Map.entry("v", VIA), Map.entry("f", FROM), Map.entry("t", TO), Map.entry("i", CALL_ID),
            Map.entry("m", CONTACT), Map.entry("c", CONTENT_TYPE), Map.entry("l", CONTENT_LENGTH),
            Map.entry("k", SUPPORTED), Map.entry("e", "Content-Encoding"), Map.entry("s", "Subject"),
            Map.entry("o", "Event"), Map.entry("u", "Allow-Events"), Map.entry("r", "Refer-To"),
            Map.entry("b", "Referred-By"), Map.entry("x", "Session-Expires"));

    /** Canonical spellings of the headers Parley reads or writes, by lower-case name. */
    private static final Map<String, String> CANONICAL = canonicalNames(VIA, FROM, TO, CALL_ID, CSEQ, MAX_FORWARDS,
            CONTACT, CONTENT_TYPE, CONTENT_LENGTH, ALLOW, ACCEPT, SUPPORTED, SERVER, USER_AGENT, WARNING, REASON,
            RETRY_AFTER, "Content-Encoding", "Subject", "Event", "Allow-Events", "Refer-To", "Referred-By",
            "Session-Expires", "Record-Route", "Route", "Require", "Proxy-Require");

    private final List<String> names = new ArrayList<>();
    private final List<String> values = new ArrayList<>();

    private static Map<String, String> canonicalNames(String... names) {
        Map<String, String> byLowerCase = new HashMap<>();
        for (String name : names) {
            byLowerCase.put(name.toLowerCase(Locale.ROOT), name);
        }
        return Map.copyOf(byLowerCase);
    }

    /** The canonical name of a header as written on the wire: compact forms expanded, case normalised. */
    public static String canonicalName(String wireName) {
        String lower = wireName.toLowerCase(Locale.ROOT);
        String expanded = COMPACT.get(lower);
        if (expanded != null) {
            return expanded;
        }
        return CANONICAL.getOrDefault(lower, wireName);
    }

    /** Appends a header; {@code name} may be any spelling or compact form. */
    public SipHeaders add(String name, String value) {
        names.add(canonicalName(name));
        values.add(value);
        return this;
    }

    /** Replaces every header named {@code name} with one. */
    public SipHeaders set(String name, String value) {
        remove(name);
        return add(name, value);
    }

    /** Replaces the value of the first header named {@code name}, if there is one. */
    public void replaceFirst(String name, String value) {
        String canonical = canonicalName(name);
        for (int i = 0; i < names.size(); i++) {
            if (names.get(i).equalsIgnoreCase(canonical)) {
                values.set(i, value);
                return;
            }
        }
    }

    public void remove(String name) {
        String canonical = canonicalName(name);
        for (int i = names.size() - 1; i >= 0; i--) {
            if (names.get(i).equalsIgnoreCase(canonical)) {
                names.remove(i);
                values.remove(i);
            }
        }
    }

    /** The first value of {@code name}, or null. */
    public String first(String name) {
        String canonical = canonicalName(name);
        for (int i = 0; i < names.size(); i++) {
            if (names.get(i).equalsIgnoreCase(canonical)) {
                return values.get(i);
            }
        }
        return null;
    }

    /** Every value of {@code name}, in order. */
    public List<String> all(String name) {
        String canonical = canonicalName(name);
        List<String> found = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            if (names.get(i).equalsIgnoreCase(canonical)) {
                found.add(values.get(i));
            }
        }
        return found;
    }

    public boolean contains(String name) {
        return first(name) != null;
    }

    /** The number of header fields (a Via line listing two hops counts twice). */
    public int size() {
        return names.size();
    }

    public String name(int index) {
        return names.get(index);
    }

    public String value(int index) {
        return values.get(index);
    }
}

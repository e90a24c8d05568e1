package org.parley.media.sdp;

import java.util.ArrayList;
import java.util.List;

/** The session-level {@code a=group} attribute (RFC 5888 §5), e.g. {@code BUNDLE 0 1}. */
public record Group(String semantics, List<String> mids) {

    /** RFC 8843: the m-lines share one transport. */
    public static final String BUNDLE = "BUNDLE";

    public Group {
        mids = List.copyOf(mids);
    }

    static Group parse(String value) throws SdpException {
        Fields f = Fields.of(value);
        String semantics = Fields.token(f.next("semantics"), "semantics");
        List<String> mids = new ArrayList<>();
        while (f.hasNext()) {
            mids.add(Fields.token(f.next("identification-tag"), "identification-tag"));
        }
        return new Group(semantics, mids);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(semantics);
        for (String mid : mids) {
            sb.append(' ').append(mid);
        }
        return sb.toString();
    }
}

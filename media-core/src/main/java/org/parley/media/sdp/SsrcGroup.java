package org.parley.media.sdp;

import java.util.ArrayList;
import java.util.List;

/** The {@code a=ssrc-group} attribute (RFC 5576 §4.2), e.g. {@code FID 1 2}. */
public record SsrcGroup(String semantics, List<Long> ssrcs) {

    public SsrcGroup {
        ssrcs = List.copyOf(ssrcs);
    }

    static SsrcGroup parse(String value) throws SdpException {
        Fields f = Fields.of(value);
        String semantics = Fields.token(f.next("semantics"), "semantics");
        List<Long> ssrcs = new ArrayList<>();
        do {
            ssrcs.add(f.nextLong("ssrc", 0, 0xFFFF_FFFFL));
        } while (f.hasNext());
        return new SsrcGroup(semantics, ssrcs);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(semantics);
        for (long ssrc : ssrcs) {
            sb.append(' ').append(ssrc);
        }
        return sb.toString();
    }
}

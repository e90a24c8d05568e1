package org.parley.media.sdp;

import java.util.ArrayList;
import java.util.List;

/**
 * The session-level {@code a=msid-semantic} attribute libwebrtc writes (from a draft of RFC 8830),
 * e.g. {@code WMS *}.
 */
public record MsidSemantic(String semantic, List<String> identifiers) {

    public MsidSemantic {
        identifiers = List.copyOf(identifiers);
    }

    static MsidSemantic parse(String value) throws SdpException {
        Fields f = Fields.of(value);
        String semantic = Fields.token(f.next("semantic"), "semantic");
        List<String> ids = new ArrayList<>();
        while (f.hasNext()) {
            ids.add(Fields.visible(f.next("identifier"), "identifier"));
        }
        return new MsidSemantic(semantic, ids);
    }

    /** Written with the leading space libwebrtc uses: {@code a=msid-semantic: WMS *}. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(" ").append(semantic);
        for (String id : identifiers) {
            sb.append(' ').append(id);
        }
        return sb.toString();
    }
}

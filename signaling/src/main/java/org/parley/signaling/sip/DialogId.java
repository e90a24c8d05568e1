package org.parley.signaling.sip;

/**
 * Identifies a dialog at the server (RFC 3261 §12): Call-ID, the local tag (the To tag Parley
 * chose) and the remote tag (the room system's From tag).
 */
record DialogId(String callId, String localTag, String remoteTag) {

    /** The dialog an in-dialog request from the room system names; its To tag is ours. */
    static DialogId ofRequest(SipRequest request) {
        return new DialogId(request.callId(), request.toTag(), request.fromTag());
    }
}

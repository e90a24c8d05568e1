package org.parley.media.router;

/** An outgoing RTP stream: one SSRC of ours on one transport's m-line; forwards one producer at a time. */
public interface Consumer {
    String transportId();

    String mid();

    long ssrc();

    /** The producer it forwards now, or null. */
    Producer producer();
}

package org.parley.signaling.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import org.parley.signaling.meeting.MeetingRegistry;

/** {@code GET /health}: {@code {"status":"ok","uptime":seconds,"meetings":n,"participants":n}}. */
@ChannelHandler.Sharable
public final class HealthHandler extends HttpRoute {

    public static final String PATH = "/health";

    private final ObjectMapper mapper;
    private final MeetingRegistry meetings;
    private final long startNanos;

    public HealthHandler(ObjectMapper mapper, MeetingRegistry meetings, long startNanos) {
        this.mapper = mapper;
        this.meetings = meetings;
        this.startNanos = startNanos;
    }

    @Override
    protected boolean matches(String path) {
        return PATH.equals(path);
    }

    @Override
    protected void handle(ChannelHandlerContext ctx, FullHttpRequest request, String path) {
        if (!HttpResponses.requireGetOrHead(ctx, request)) {
            return;
        }
        ObjectNode health = mapper.createObjectNode()
                .put("status", "ok")
                .put("uptime", (System.nanoTime() - startNanos) / 1_000_000_000L)
                .put("meetings", meetings.meetingCount())
                .put("participants", meetings.participantCount())
                .put("observers", meetings.observerCount());
        try {
            HttpResponses.send(ctx, request, HttpResponseStatus.OK, HttpResponses.JSON, mapper.writeValueAsBytes(health));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e); // a tree of plain nodes always serializes
        }
    }
}

package org.parley.signaling.provisioning;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.buffer.ByteBufInputStream;
import io.netty.handler.codec.http.FullHttpRequest;
import java.io.IOException;
import java.io.InputStream;

/** Reads an API request's JSON body, bounded by {@link ProvisioningApiHandler#MAX_BODY_BYTES}. */
final class RequestBody {

    private RequestBody() {
    }

    /** The body as fields; {@code mapper} refuses duplicate keys. */
    static RequestFields fields(ObjectMapper mapper, FullHttpRequest request) throws ApiException {
        return RequestFields.body(read(mapper, request));
    }

    static JsonNode read(ObjectMapper mapper, FullHttpRequest request) throws ApiException {
        if (request.content().readableBytes() > ProvisioningApiHandler.MAX_BODY_BYTES) {
            throw new ApiException(ApiError.PAYLOAD_TOO_LARGE, "the body has " + request.content().readableBytes()
                    + " bytes; the limit is " + ProvisioningApiHandler.MAX_BODY_BYTES);
        }
        // The stream only reads the request's buffer; the request (and so the buffer) is released by the handler.
        try (InputStream in = new ByteBufInputStream(request.content())) {
            return mapper.readTree(in);
        } catch (JacksonException e) {
            throw ApiException.badRequest("the body is not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw ApiException.badRequest("cannot read the body: " + e.getMessage());
        }
    }
}

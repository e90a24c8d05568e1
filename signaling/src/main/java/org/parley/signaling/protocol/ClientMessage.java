package org.parley.signaling.protocol;

import java.util.ArrayList;
import java.util.List;
import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** One parsed client message: a JSON object with a {@code type} and an optional {@code id}. */
public final class ClientMessage {

    private static final int MAX_ID_LENGTH = 128;

    private final JsonNode body;
    private final JsonNode id;

    private ClientMessage(JsonNode body, JsonNode id) {
        this.body = body;
        this.id = id;
    }

    /**
     * Parses a text frame. Fails with {@link ErrorCode#BAD_JSON} or {@link ErrorCode#BAD_MESSAGE};
     * the {@code type} field is checked later by {@link #type()}, once the id can be echoed.
     */
    public static ClientMessage parse(ObjectMapper mapper, String text) throws ProtocolException {
        JsonNode body;
        try {
            body = mapper.readTree(text);
        } catch (JacksonException e) {
            throw new ProtocolException(ErrorCode.BAD_JSON, "invalid JSON: " + e.getOriginalMessage());
        }
        if (body == null || !body.isObject()) {
            throw new ProtocolException(ErrorCode.BAD_MESSAGE, "a message must be a JSON object");
        }
        JsonNode id = body.get("id");
        if (id != null && !(id.isTextual() && id.textValue().length() <= MAX_ID_LENGTH) && !id.isIntegralNumber()) {
            throw new ProtocolException(ErrorCode.BAD_MESSAGE,
                    "field \"id\" must be an integer or a string of at most " + MAX_ID_LENGTH + " characters");
        }
        return new ClientMessage(body, id);
    }

    /** The client's {@code id}, echoed in the reply; null when absent. */
    public JsonNode id() {
        return id;
    }

    /** The {@code type} field; {@link ErrorCode#BAD_MESSAGE} if it is missing or not a string. */
    public String type() throws ProtocolException {
        return requiredString("type");
    }

    /** A required non-empty string field; {@link ErrorCode#BAD_MESSAGE} naming the field otherwise. */
    public String requiredString(String field) throws ProtocolException {
        String value = optionalString(field);
        if (value == null) {
            throw new ProtocolException(ErrorCode.BAD_MESSAGE, "missing field \"" + field + "\"");
        }
        return value;
    }

    /** A required boolean field; {@link ErrorCode#BAD_MESSAGE} naming the field otherwise. */
    public boolean requiredBoolean(String field) throws ProtocolException {
        JsonNode value = body.get(field);
        if (value == null || !value.isBoolean()) {
            throw new ProtocolException(ErrorCode.BAD_MESSAGE, "field \"" + field + "\" must be true or false");
        }
        return value.booleanValue();
    }

    /** An optional boolean field, {@code absent} when missing or null; {@link ErrorCode#BAD_MESSAGE} if not a boolean. */
    public boolean optionalBoolean(String field, boolean absent) throws ProtocolException {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            return absent;
        }
        if (!value.isBoolean()) {
            throw new ProtocolException(ErrorCode.BAD_MESSAGE, "field \"" + field + "\" must be true or false");
        }
        return value.booleanValue();
    }

    /** A non-empty string field, or null when it is absent or null; {@link ErrorCode#BAD_MESSAGE} if malformed. */
    public String optionalString(String field) throws ProtocolException {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw new ProtocolException(ErrorCode.BAD_MESSAGE, "field \"" + field + "\" must be a string");
        }
        if (value.textValue().isEmpty()) {
            throw new ProtocolException(ErrorCode.BAD_MESSAGE, "field \"" + field + "\" must not be empty");
        }
        return value.textValue();
    }

    /**
     * An optional array of non-empty strings, or null when it is absent or null; {@link ErrorCode#BAD_MESSAGE}
     * naming the field if it is anything else or has more than {@code max} elements.
     */
    public List<String> optionalStrings(String field, int max) throws ProtocolException {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isArray() || value.size() > max) {
            throw new ProtocolException(ErrorCode.BAD_MESSAGE, "field \"" + field + "\" must be an array of at most "
                    + max + " strings");
        }
        List<String> strings = new ArrayList<>(value.size());
        for (JsonNode element : value) {
            if (!element.isTextual() || element.textValue().isEmpty()) {
                throw new ProtocolException(ErrorCode.BAD_MESSAGE, "field \"" + field + "\" must hold non-empty strings");
            }
            strings.add(element.textValue());
        }
        return strings;
    }
}

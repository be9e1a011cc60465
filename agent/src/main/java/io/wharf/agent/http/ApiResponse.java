package io.wharf.agent.http;

import java.nio.charset.StandardCharsets;

/** What a route answers: status, content type and body. */
public record ApiResponse(int status, String contentType, byte[] body) {
    static final String JSON = "application/json";
    static final String PROMETHEUS = "text/plain; version=0.0.4; charset=utf-8";
    static final String TEXT = "text/plain; charset=utf-8";
    static final String HTML = "text/html; charset=utf-8";

    static ApiResponse of(int status, String contentType, String body) {
        return new ApiResponse(status, contentType, body.getBytes(StandardCharsets.UTF_8));
    }

    static ApiResponse json(int status, String body) {
        return of(status, JSON, body);
    }

    static ApiResponse error(int status, String message) {
        return json(status, "{\"error\":\"" + message.replace("\"", "'") + "\"}");
    }
}

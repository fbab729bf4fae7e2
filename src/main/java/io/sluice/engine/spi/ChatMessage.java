package io.sluice.engine.spi;

/**
 * One turn of a conversation, already validated: {@code role} is one of system, developer, user, assistant (or
 * tool), {@code content} is plain text.
 */
public record ChatMessage(String role, String content) {
}

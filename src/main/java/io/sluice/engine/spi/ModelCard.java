package io.sluice.engine.spi;

/**
 * The public face of a served model, as {@code /v1/models} shows it.
 *
 * @param id            the name clients send in {@code model}
 * @param ownedBy       the {@code owned_by} field
 * @param created       creation time in epoch seconds (load time for embedded models)
 * @param contextLength the most tokens (prompt plus completion) one sequence may hold
 */
public record ModelCard(String id, String ownedBy, long created, int contextLength) {
}

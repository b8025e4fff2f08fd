package dev.sluice.core.query;

/** One column of a result: its name and the engine's type name (e.g. {@code bigint}, {@code varchar}). */
public record ResultColumn(String name, String type) {
}

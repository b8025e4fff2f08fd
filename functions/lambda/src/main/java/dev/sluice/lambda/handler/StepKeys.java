package dev.sluice.lambda.handler;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Which table, run and chunk one step invocation works on, read from the state's JSON without knowing the step's
 * records ({@code run} of every step after Plan, {@code request} of Plan, {@code state.plan.run} or
 * {@code state.request} of NotifyFailure, {@code chunkIndex} of ExtractChunk; a Plan's output names its run). They
 * are the keys of the step's log lines, the {@code Table} dimension of its metrics and the words of its failure
 * messages. Any of them may be null when the JSON does not carry it.
 *
 * @param source the source's name
 * @param table  {@code schema.table}
 * @param runId  the run
 * @param chunk  the chunk index or id, for ExtractChunk
 */
public record StepKeys(String source, String table, String runId, String chunk) {

    /** No keys known. */
    public static final StepKeys NONE = new StepKeys(null, null, null, null);

    /** The keys of a step's input. */
    public static StepKeys ofInput(JsonNode input) {
        if (input == null || !input.isObject()) {
            return NONE;
        }
        JsonNode named = first(input.path("run"), input.path("request"), input.path("state").path("plan").path("run"),
                input.path("state").path("request"), input);
        String chunk = text(input.path("chunkIndex"));
        if (chunk == null) {
            chunk = text(input.path("chunkId"));
        }
        return new StepKeys(text(named.path("source")), text(named.path("table")),
                text(first(input.path("run"), input.path("state").path("plan").path("run"), input).path("runId")),
                chunk);
    }

    /** These keys completed by what the step's output names (Plan's {@code run}, ExtractChunk's {@code chunkId}). */
    public StepKeys with(JsonNode output) {
        if (output == null || !output.isObject()) {
            return this;
        }
        JsonNode run = output.path("run");
        return new StepKeys(source != null ? source : text(run.path("source")),
                table != null ? table : text(run.path("table")),
                runId != null ? runId : text(run.path("runId")),
                chunk != null ? chunk : text(output.path("chunkId")));
    }

    /** {@code <source>.<schema>.<table>}, the metric dimension and the name on-call reads; null if unknown. */
    public String qualifiedTable() {
        if (table == null) {
            return null;
        }
        return source == null ? table : source + "." + table;
    }

    /** "table erp.dbo.Orders run r-1 chunk 3", naming only what is known, for messages. */
    public String describe() {
        StringBuilder b = new StringBuilder();
        b.append("table ").append(qualifiedTable() == null ? "(unknown)" : qualifiedTable());
        if (runId != null) {
            b.append(" run ").append(runId);
        }
        if (chunk != null) {
            b.append(" chunk ").append(chunk);
        }
        return b.toString();
    }

    private static JsonNode first(JsonNode... candidates) {
        for (JsonNode c : candidates) {
            if (c != null && c.isObject() && c.hasNonNull("table")) {
                return c;
            }
        }
        for (JsonNode c : candidates) {
            if (c != null && c.isObject() && c.hasNonNull("runId")) {
                return c;
            }
        }
        return candidates[candidates.length - 1];
    }

    private static String text(JsonNode node) {
        if (node == null || node.isMissingNode() || node.isNull() || node.isContainerNode()) {
            return null;
        }
        return node.asText();
    }
}

package dev.sluice.lambda.handler;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class StepKeysTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode json(String text) throws Exception {
        return JSON.readTree(text);
    }

    @Test
    void planNamesTheTableFromItsRequestAndTheRunFromItsOutput() throws Exception {
        StepKeys keys = StepKeys.ofInput(json("""
                {"request": {"source": "erp", "table": "dbo.Orders", "mode": "auto"}, "executionId": "arn:exec"}"""));

        assertThat(keys).isEqualTo(new StepKeys("erp", "dbo.Orders", null, null));
        assertThat(keys.with(json("{\"run\": {\"source\": \"erp\", \"table\": \"dbo.Orders\", \"runId\": \"r-9\"}}"))
                .runId()).isEqualTo("r-9");
        assertThat(keys.qualifiedTable()).isEqualTo("erp.dbo.Orders");
    }

    @Test
    void notifyFailureNamesTheRunFromTheStateDocument() throws Exception {
        StepKeys keys = StepKeys.ofInput(json("""
                {"outcome": "FAILED", "executionId": "arn:exec", "redriveCount": 0,
                 "state": {"request": {"source": "erp", "table": "dbo.Orders"},
                           "plan": {"run": {"source": "erp", "table": "dbo.Orders", "runId": "r-7"}}}}"""));

        assertThat(keys).isEqualTo(new StepKeys("erp", "dbo.Orders", "r-7", null));
        assertThat(keys.describe()).isEqualTo("table erp.dbo.Orders run r-7");
    }

    @Test
    void aFailureBeforePlanningStillNamesTheTable() throws Exception {
        StepKeys keys = StepKeys.ofInput(json("""
                {"outcome": "FAILED", "state": {"request": {"source": "erp", "table": "dbo.Orders"}}}"""));

        assertThat(keys).isEqualTo(new StepKeys("erp", "dbo.Orders", null, null));
        assertThat(StepKeys.ofInput(json("{}")).describe()).isEqualTo("table (unknown)");
    }
}

package dev.sluice.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.core.failure.FailureClass;
import dev.sluice.core.failure.SluiceFailure;
import dev.sluice.core.pipeline.StepName;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The structure of statemachines/migrate-table.asl.json against docs/PIPELINE.md, read as a Jackson tree: retries,
 * catches and the redrive path of every step, what each Task receives and where its result goes, reachability, and
 * state names that are the pipeline's step names. (asl-validator, run by the build, checks it is valid ASL at all.)
 */
class MigrateTableDefinitionTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The errors every step retries: our transient class (by its FQCN, the Lambda errorType) and Lambda's own. */
    private static final List<String> LAMBDA_SERVICE_ERRORS = List.of("Lambda.ServiceException",
            "Lambda.AWSLambdaException", "Lambda.SdkClientException", "Lambda.TooManyRequestsException");
    private static final List<String> TRANSIENT_ERRORS;

    static {
        List<String> transientErrors = new ArrayList<>();
        transientErrors.add(SluiceFailure.typeOf(FailureClass.TRANSIENT).getName());
        transientErrors.addAll(LAMBDA_SERVICE_ERRORS);
        TRANSIENT_ERRORS = List.copyOf(transientErrors);
    }

    /** Task states whose name is not their step's id: the two Notify calls and the Distributed Map's chunk task. */
    private static final Map<String, StepName> TASK_NAME_VARIANTS = Map.of(
            "NotifySuccess", StepName.NOTIFY,
            "NotifyFailure", StepName.NOTIFY,
            "ExtractChunkDistributed", StepName.EXTRACT_CHUNK);

    /** Where each top-level Task writes its result (docs/PIPELINE.md "The state document"); null discards it. */
    private static final Map<String, String> RESULT_PATHS = new LinkedHashMap<>();

    static {
        RESULT_PATHS.put("Plan", "$.plan");
        RESULT_PATHS.put("SealRun", "$.seal");
        RESULT_PATHS.put("StartCrawler", "$.crawl");
        RESULT_PATHS.put("CheckCrawler", "$.crawl");
        RESULT_PATHS.put("StartValidation", "$.validation");
        RESULT_PATHS.put("CheckValidation", "$.validation");
        RESULT_PATHS.put("StartLoad", "$.load");
        RESULT_PATHS.put("CheckLoad", "$.load");
        RESULT_PATHS.put("Commit", "$.commit");
        RESULT_PATHS.put("NotifySuccess", null);
        RESULT_PATHS.put("NotifyFailure", "$.resume");
    }

    /** The only references a Task's Parameters or a Map's ItemSelector may take: small objects, never rows. */
    private static final Set<String> SMALL_REFERENCES = Set.of("$.plan.run", "$.crawl", "$.validation", "$.load",
            "$$.Execution.Id", "$$.Execution.RedriveCount", "$$.Map.Item.Value.chunkIndex");

    private static JsonNode asl;
    private static JsonNode states;

    @BeforeAll
    static void read() {
        asl = RepositoryFiles.json(RepositoryFiles.MIGRATE_TABLE_ASL);
        states = asl.get("States");
    }

    private static JsonNode state(String name) {
        JsonNode s = states.get(name);
        assertThat(s).as("state " + name).isNotNull();
        return s;
    }

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (Exception e) {
            throw new IllegalArgumentException(text, e);
        }
    }

    /** Every state of the machine, nested Map processors included, by name. */
    private static Map<String, JsonNode> allStates() {
        Map<String, JsonNode> all = new LinkedHashMap<>();
        collect(states, all);
        return all;
    }

    private static void collect(JsonNode scope, Map<String, JsonNode> into) {
        scope.properties().forEach(e -> {
            assertThat(into.put(e.getKey(), e.getValue())).as("duplicate state " + e.getKey()).isNull();
            JsonNode processor = e.getValue().path("ItemProcessor");
            if (processor.has("States")) {
                collect(processor.get("States"), into);
            }
        });
    }

    private static List<String> topLevel(String type) {
        List<String> names = new ArrayList<>();
        states.properties().forEach(e -> {
            if (type.equals(e.getValue().path("Type").asText())) {
                names.add(e.getKey());
            }
        });
        return names;
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    private static void assertTransientRetry(String name, JsonNode retrier, List<String> errors) {
        assertThat(strings(retrier.path("ErrorEquals"))).as(name + " retries").isEqualTo(errors);
        assertThat(retrier.path("JitterStrategy").asText()).as(name + " jitter").isEqualTo("FULL");
        assertThat(retrier.path("BackoffRate").asDouble()).as(name + " backoff").isEqualTo(2.0);
        assertThat(retrier.path("IntervalSeconds").asInt()).as(name + " interval").isBetween(1, 10);
        assertThat(retrier.path("MaxAttempts").asInt()).as(name + " attempts").isBetween(2, 10);
        assertThat(retrier.path("MaxDelaySeconds").asInt()).as(name + " max delay")
                .isGreaterThanOrEqualTo(retrier.path("IntervalSeconds").asInt()).isLessThanOrEqualTo(300);
    }

    @Test
    void everyTaskRetriesTransientFailuresAndLambdaErrorsWithJitterAndNothingPermanent() {
        Set<String> permanent = new TreeSet<>();
        for (FailureClass c : FailureClass.values()) {
            if (c != FailureClass.TRANSIENT) {
                permanent.add(SluiceFailure.typeOf(c).getName());
            }
        }
        Map<String, JsonNode> all = allStates();
        int tasks = 0;
        for (Map.Entry<String, JsonNode> e : all.entrySet()) {
            if (!e.getValue().path("Type").asText().equals("Task")) {
                continue;
            }
            tasks++;
            JsonNode retry = e.getValue().path("Retry");
            assertThat(retry.size()).as(e.getKey() + " Retry").isGreaterThanOrEqualTo(1);
            List<String> expected = e.getKey().equals("NotifyFailure") ? LAMBDA_SERVICE_ERRORS : TRANSIENT_ERRORS;
            assertTransientRetry(e.getKey(), retry.get(0), expected);
            retry.forEach(r -> assertThat(strings(r.path("ErrorEquals"))).as(e.getKey() + " retries")
                    .doesNotContain("States.ALL", "States.TaskFailed").doesNotContainAnyElementsOf(permanent));
        }
        assertThat(tasks).isEqualTo(RESULT_PATHS.size() + 2); // + the two Map processors' ExtractChunk tasks
    }

    @Test
    void notifyFailureDoesNotRetryTheTransientFailureItRethrowsAndHasNoCatch() {
        JsonNode notify = state("NotifyFailure");
        assertThat(strings(notify.path("Retry").get(0).path("ErrorEquals")))
                .doesNotContain(SluiceFailure.typeOf(FailureClass.TRANSIENT).getName());
        assertThat(notify.has("Catch")).as("NotifyFailure must fail the execution itself (redrive)").isFalse();
        assertThat(notify.get("Parameters")).isEqualTo(json("""
                {"outcome": "FAILED", "executionId.$": "$$.Execution.Id",
                 "redriveCount.$": "$$.Execution.RedriveCount", "state.$": "$"}"""));
        assertThat(notify.path("ResultPath").asText()).isEqualTo("$.resume");
        assertThat(notify.path("Next").asText()).isEqualTo("ResumeAtFailedStep");
    }

    @Test
    void everyStepCatchesIntoItsFailedPassStateWhichRecordsItAndGoesToNotifyFailure() {
        List<String> catching = new ArrayList<>();
        states.properties().forEach(e -> {
            String type = e.getValue().path("Type").asText();
            if ((type.equals("Task") || type.equals("Map")) && !e.getKey().equals("NotifyFailure")) {
                catching.add(e.getKey());
            }
        });
        assertThat(catching).contains("Plan", "ExtractChunks", "ExtractChunksDistributed", "Commit", "NotifySuccess");
        for (String name : catching) {
            JsonNode catchers = state(name).path("Catch");
            assertThat(catchers.size()).as(name + " Catch").isEqualTo(1);
            JsonNode c = catchers.get(0);
            assertThat(strings(c.path("ErrorEquals"))).as(name).containsExactly("States.ALL");
            assertThat(c.path("ResultPath").asText()).as(name).isEqualTo("$.failure");
            assertThat(c.path("Next").asText()).as(name).isEqualTo(name + "Failed");

            JsonNode failed = state(name + "Failed");
            assertThat(failed.path("Type").asText()).isEqualTo("Pass");
            ObjectNode expected = JSON.createObjectNode().put("step", name)
                    .put("redriveCount.$", "$$.Execution.RedriveCount");
            assertThat(failed.get("Parameters")).as(name + "Failed").isEqualTo(expected);
            assertThat(failed.path("ResultPath").asText()).isEqualTo("$.failedStep");
            assertThat(failed.path("Next").asText()).isEqualTo("NotifyFailure");
        }
        List<String> failedStates = topLevel("Pass").stream().filter(n -> n.endsWith("Failed")).toList();
        assertThat(failedStates).containsExactlyInAnyOrderElementsOf(catching.stream().map(n -> n + "Failed").toList());
    }

    @Test
    void tasksInsideMapIterationsRetryButLeaveTheCatchToTheMap() {
        for (String map : List.of("ExtractChunks", "ExtractChunksDistributed")) {
            JsonNode processor = state(map).path("ItemProcessor");
            assertThat(processor.path("States").size()).as(map).isEqualTo(1);
            JsonNode task = processor.path("States").get(processor.path("StartAt").asText());
            assertThat(task.path("Type").asText()).isEqualTo("Task");
            assertThat(task.has("Catch")).as(map + " iteration task").isFalse();
            assertThat(task.path("Retry").size()).isEqualTo(1);
            assertThat(task.path("End").asBoolean()).isTrue();
        }
    }

    @Test
    void everyFailedStepHasAResumeRouteBackToIt() {
        JsonNode resume = state("ResumeAtFailedStep");
        assertThat(resume.path("Type").asText()).isEqualTo("Choice");
        Map<String, String> routes = new LinkedHashMap<>();
        boolean guardsMissingResumeAt = false;
        for (JsonNode rule : resume.path("Choices")) {
            assertThat(rule.path("Variable").asText()).isEqualTo("$.resume.resumeAt");
            if (rule.has("IsPresent")) {
                guardsMissingResumeAt = !rule.get("IsPresent").asBoolean() && rule.path("Next").asText().equals("RunFailed");
            } else {
                routes.put(rule.path("StringEquals").asText(), rule.path("Next").asText());
            }
        }
        assertThat(guardsMissingResumeAt).as("a missing resumeAt goes to RunFailed").isTrue();
        assertThat(resume.path("Default").asText()).isEqualTo("RunFailed");
        assertThat(state("RunFailed").path("Type").asText()).isEqualTo("Fail");

        List<String> failedSteps = topLevel("Pass").stream().filter(n -> n.endsWith("Failed"))
                .map(n -> n.substring(0, n.length() - "Failed".length())).toList();
        assertThat(routes.keySet()).containsExactlyInAnyOrderElementsOf(failedSteps);
        for (String step : failedSteps) {
            String target = routes.get(step);
            JsonNode targetState = state(target);
            if (!target.equals(step)) {
                // a Choice that re-decides between the failed state and its alternative (the two Map flavours)
                assertThat(targetState.path("Type").asText()).as(step + " resumes at " + target).isEqualTo("Choice");
                List<String> next = new ArrayList<>();
                targetState.path("Choices").forEach(r -> next.add(r.path("Next").asText()));
                next.add(targetState.path("Default").asText());
                assertThat(next).as(step + " resumes through " + target).contains(step);
            }
        }
        assertThat(routes.get("ExtractChunks")).isEqualTo("IfDistributed");
        assertThat(routes.get("ExtractChunksDistributed")).isEqualTo("IfDistributed");
        assertThat(routes.get("CheckCrawler")).isEqualTo("CheckCrawler");
    }

    @Test
    void tasksReceiveOnlyTheRunAndSmallStepResultsAndNeverReplaceTheDocument() {
        Map<String, JsonNode> all = allStates();
        for (Map.Entry<String, JsonNode> e : all.entrySet()) {
            JsonNode s = e.getValue();
            String type = s.path("Type").asText();
            if (type.equals("Task")) {
                for (String reference : references(s.path("Parameters"))) {
                    boolean wholeDocument = reference.equals("$")
                            && (e.getKey().equals("Plan") || e.getKey().equals("NotifyFailure"));
                    assertThat(wholeDocument || SMALL_REFERENCES.contains(reference))
                            .as(e.getKey() + " passes " + reference).isTrue();
                }
                if (RESULT_PATHS.containsKey(e.getKey())) {
                    String expected = RESULT_PATHS.get(e.getKey());
                    JsonNode resultPath = s.get("ResultPath");
                    assertThat(resultPath).as(e.getKey() + " ResultPath").isNotNull();
                    assertThat(resultPath.isNull() ? null : resultPath.asText()).as(e.getKey()).isEqualTo(expected);
                    assertThat(s.has("Parameters")).as(e.getKey() + " names its input").isTrue();
                } else {
                    // a Map iteration: its input is the ItemSelector's {run, chunkIndex}; it outputs {}
                    assertThat(s.has("Parameters")).as(e.getKey()).isFalse();
                    assertThat(s.has("OutputPath") && s.get("OutputPath").isNull()).as(e.getKey()).isTrue();
                }
            }
            if (type.equals("Map")) {
                assertThat(references(s.path("ItemSelector"))).allMatch(SMALL_REFERENCES::contains);
                assertThat(s.get("ResultPath").isNull()).as(e.getKey() + " keeps no results").isTrue();
            }
        }
        assertThat(state("Plan").get("Parameters"))
                .isEqualTo(json("{\"request.$\": \"$\", \"executionId.$\": \"$$.Execution.Id\"}"));
        assertThat(state("CheckCrawler").get("Parameters"))
                .isEqualTo(json("{\"run.$\": \"$.plan.run\", \"crawl.$\": \"$.crawl\"}"));
        assertThat(state("CheckValidation").get("Parameters"))
                .isEqualTo(json("{\"run.$\": \"$.plan.run\", \"validation.$\": \"$.validation\"}"));
        assertThat(state("CheckLoad").get("Parameters"))
                .isEqualTo(json("{\"run.$\": \"$.plan.run\", \"load.$\": \"$.load\"}"));
        assertThat(state("NotifySuccess").get("Parameters"))
                .isEqualTo(json("{\"outcome\": \"SUCCEEDED\", \"run.$\": \"$.plan.run\"}"));
        for (String step : List.of("SealRun", "StartCrawler", "StartValidation", "StartLoad", "Commit")) {
            assertThat(state(step).get("Parameters")).as(step).isEqualTo(json("{\"run.$\": \"$.plan.run\"}"));
        }
    }

    private static List<String> references(JsonNode payloadTemplate) {
        List<String> out = new ArrayList<>();
        payloadTemplate.properties().forEach(e -> {
            if (e.getKey().endsWith(".$")) {
                out.add(e.getValue().asText());
            } else if (e.getValue().isObject()) {
                out.addAll(references(e.getValue()));
            }
        });
        return out;
    }

    @Test
    void bothMapsExtractTheSameItemsWithTheSourcesReadBudget() {
        JsonNode selector = json("{\"run.$\": \"$.plan.run\", \"chunkIndex.$\": \"$$.Map.Item.Value.chunkIndex\"}");
        JsonNode inline = state("ExtractChunks");
        assertThat(inline.path("ItemsPath").asText()).isEqualTo("$.plan.items");
        assertThat(inline.get("ItemSelector")).isEqualTo(selector);
        assertThat(inline.path("MaxConcurrencyPath").asText()).isEqualTo("$.plan.maxConcurrency");
        assertThat(inline.path("ItemProcessor").path("ProcessorConfig").path("Mode").asText()).isEqualTo("INLINE");
        assertThat(inline.path("Next").asText()).isEqualTo("SealRun");

        JsonNode distributed = state("ExtractChunksDistributed");
        assertThat(distributed.has("ItemsPath")).isFalse();
        assertThat(distributed.get("ItemReader")).isEqualTo(json("""
                {"Resource": "arn:aws:states:::s3:getObject", "ReaderConfig": {"InputType": "JSON"},
                 "Parameters": {"Bucket.$": "$.plan.bucket", "Key.$": "$.plan.itemsKey"}}"""));
        assertThat(distributed.get("ItemSelector")).isEqualTo(selector);
        assertThat(distributed.path("MaxConcurrencyPath").asText()).isEqualTo("$.plan.maxConcurrency");
        assertThat(distributed.path("ToleratedFailurePercentage").asInt(-1)).isZero();
        assertThat(distributed.path("ItemProcessor").path("ProcessorConfig"))
                .isEqualTo(json("{\"Mode\": \"DISTRIBUTED\", \"ExecutionType\": \"STANDARD\"}"));
        assertThat(distributed.path("Next").asText()).isEqualTo("SealRun");

        JsonNode choice = state("IfDistributed");
        assertThat(choice.path("Choices").get(0)).isEqualTo(json("""
                {"And": [{"Variable": "$.plan.distributed", "IsPresent": true},
                         {"Variable": "$.plan.distributed", "BooleanEquals": true}],
                 "Next": "ExtractChunksDistributed"}"""));
        assertThat(choice.path("Default").asText()).isEqualTo("ExtractChunks");
    }

    @Test
    void theHappyPathRunsEveryStepInOrder() {
        List<String> path = new ArrayList<>();
        String current = asl.path("StartAt").asText();
        while (current != null && path.size() < 100) {
            path.add(current);
            JsonNode s = state(current);
            current = s.has("Next") ? s.get("Next").asText() : s.has("Default") ? s.get("Default").asText() : null;
        }
        assertThat(path).containsExactly("Plan", "IfNothingNew", "IfDistributed", "ExtractChunks", "SealRun",
                "StartCrawler", "WaitForCrawler", "CheckCrawler", "IfCrawlerRunning", "StartValidation",
                "WaitForValidation", "CheckValidation", "IfValidationRunning", "StartLoad", "IfLoadStarted",
                "WaitForLoad", "CheckLoad", "IfLoadRunning", "Commit", "NotifySuccess", "Succeeded");
        assertThat(state("Succeeded").path("Type").asText()).isEqualTo("Succeed");
        assertThat(state("IfNothingNew").path("Choices").get(0)).isEqualTo(json("""
                {"And": [{"Variable": "$.plan.nothingNew", "IsPresent": true},
                         {"Variable": "$.plan.nothingNew", "BooleanEquals": true}],
                 "Next": "NothingNew"}"""));
        assertThat(state("NothingNew").path("Type").asText()).isEqualTo("Succeed");
    }

    @Test
    void longExternalWorkIsAStartWaitCheckLoopWithoutIdleLambdas() {
        String[][] loops = {
                {"StartCrawler", "WaitForCrawler", "CheckCrawler", "IfCrawlerRunning", "$.crawl.state"},
                {"StartValidation", "WaitForValidation", "CheckValidation", "IfValidationRunning", "$.validation.state"},
                {"StartLoad", "WaitForLoad", "CheckLoad", "IfLoadRunning", "$.load.state"}};
        for (String[] loop : loops) {
            JsonNode wait = state(loop[1]);
            assertThat(wait.path("Type").asText()).isEqualTo("Wait");
            assertThat(wait.path("Seconds").asInt()).as(loop[1]).isBetween(5, 120);
            assertThat(wait.path("Next").asText()).isEqualTo(loop[2]);
            assertThat(state(loop[2]).path("Next").asText()).isEqualTo(loop[3]);
            JsonNode running = state(loop[3]).path("Choices").get(0);
            assertThat(running).as(loop[3]).isEqualTo(JSON.createObjectNode().put("Variable", loop[4])
                    .put("StringEquals", "RUNNING").put("Next", loop[1]));
        }
        assertThat(state("StartCrawler").path("Next").asText()).isEqualTo("WaitForCrawler");
        assertThat(state("StartValidation").path("Next").asText()).isEqualTo("WaitForValidation");
        // a load is skipped without a warehouse, or already done when the ledger has the run: straight to Commit
        assertThat(state("StartLoad").path("Next").asText()).isEqualTo("IfLoadStarted");
        JsonNode done = state("IfLoadStarted").path("Choices").get(0);
        assertThat(done.path("Next").asText()).isEqualTo("Commit");
        List<String> doneStates = new ArrayList<>();
        done.path("Or").forEach(r -> {
            assertThat(r.path("Variable").asText()).isEqualTo("$.load.state");
            doneStates.add(r.path("StringEquals").asText());
        });
        assertThat(doneStates).containsExactlyInAnyOrder("SKIPPED", "LOADED");
        assertThat(state("IfLoadStarted").path("Default").asText()).isEqualTo("WaitForLoad");
    }

    @Test
    void everyStateIsReachableAndEveryTransitionLandsOnAState() {
        assertReachable("", asl);
        for (String map : List.of("ExtractChunks", "ExtractChunksDistributed")) {
            assertReachable(map + ".", state(map).get("ItemProcessor"));
        }
    }

    private static void assertReachable(String scopeName, JsonNode scope) {
        JsonNode scopeStates = scope.get("States");
        Set<String> reached = new LinkedHashSet<>();
        Deque<String> todo = new ArrayDeque<>(List.of(scope.path("StartAt").asText()));
        while (!todo.isEmpty()) {
            String name = todo.pop();
            JsonNode s = scopeStates.get(name);
            assertThat(s).as(scopeName + name + " is a target but not a state").isNotNull();
            if (!reached.add(name)) {
                continue;
            }
            List<String> next = new ArrayList<>();
            if (s.has("Next")) {
                next.add(s.get("Next").asText());
            }
            if (s.has("Default")) {
                next.add(s.get("Default").asText());
            }
            s.path("Choices").forEach(r -> next.add(r.path("Next").asText()));
            s.path("Catch").forEach(c -> next.add(c.path("Next").asText()));
            todo.addAll(next);
        }
        List<String> names = new ArrayList<>();
        scopeStates.fieldNames().forEachRemaining(names::add);
        assertThat(reached).as(scopeName + " reachable states").containsExactlyInAnyOrderElementsOf(names);
    }

    @Test
    void taskStatesAreThePipelineStepsAndCallTheirOwnFunction() {
        EnumSet<StepName> called = EnumSet.noneOf(StepName.class);
        Set<String> stepIds = new TreeSet<>(Arrays.stream(StepName.values()).map(StepName::id).toList());
        allStates().forEach((name, s) -> {
            if (!s.path("Type").asText().equals("Task")) {
                return;
            }
            StepName step = stepIds.contains(name) ? StepName.ofId(name) : TASK_NAME_VARIANTS.get(name);
            assertThat(step).as("Task " + name + " is not named after a pipeline step " + stepIds).isNotNull();
            assertThat(s.path("Resource").asText()).as(name).isEqualTo(step.placeholder());
            called.add(step);
        });
        assertThat(called).containsExactlyInAnyOrder(StepName.values());
        // the infra substitutes exactly these: one function per step
        assertThat(Arrays.stream(PipelineFunction.values()).map(f -> "${" + f.placeholder() + "}").toList())
                .containsExactlyInAnyOrderElementsOf(Arrays.stream(StepName.values()).map(StepName::placeholder).toList());
    }

    @Test
    void thePlaceholdersAreExactlyTheStepFunctionArns() {
        Matcher m = Pattern.compile("\\$\\{(\\w+)}").matcher(RepositoryFiles.text(RepositoryFiles.MIGRATE_TABLE_ASL));
        Set<String> placeholders = new TreeSet<>();
        while (m.find()) {
            placeholders.add(m.group(1));
        }
        assertThat(placeholders).containsExactlyInAnyOrderElementsOf(
                Arrays.stream(PipelineFunction.values()).map(PipelineFunction::placeholder).toList());
    }
}

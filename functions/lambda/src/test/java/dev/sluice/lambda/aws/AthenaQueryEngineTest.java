package dev.sluice.lambda.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.core.query.FailureClass;
import dev.sluice.core.query.QueryEnginePermanentException;
import dev.sluice.core.query.QueryEngineTransientException;
import dev.sluice.core.query.QueryRequest;
import dev.sluice.core.query.QueryStatus;
import dev.sluice.core.query.ResultColumn;
import dev.sluice.core.query.ResultTable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.athena.AthenaClient;
import software.amazon.awssdk.services.athena.model.AthenaError;
import software.amazon.awssdk.services.athena.model.ColumnInfo;
import software.amazon.awssdk.services.athena.model.Datum;
import software.amazon.awssdk.services.athena.model.GetQueryExecutionRequest;
import software.amazon.awssdk.services.athena.model.GetQueryExecutionResponse;
import software.amazon.awssdk.services.athena.model.GetQueryResultsRequest;
import software.amazon.awssdk.services.athena.model.GetQueryResultsResponse;
import software.amazon.awssdk.services.athena.model.InternalServerException;
import software.amazon.awssdk.services.athena.model.InvalidRequestException;
import software.amazon.awssdk.services.athena.model.QueryExecutionState;
import software.amazon.awssdk.services.athena.model.QueryExecutionStatus;
import software.amazon.awssdk.services.athena.model.ResultSet;
import software.amazon.awssdk.services.athena.model.ResultSetMetadata;
import software.amazon.awssdk.services.athena.model.Row;
import software.amazon.awssdk.services.athena.model.StartQueryExecutionRequest;
import software.amazon.awssdk.services.athena.model.StartQueryExecutionResponse;
import software.amazon.awssdk.services.athena.model.TooManyRequestsException;

class AthenaQueryEngineTest {

    /** An Athena client that answers from scripted pages and states and records the requests. */
    static final class FakeAthena implements AthenaClient {
        final List<StartQueryExecutionRequest> starts = new ArrayList<>();
        final List<GetQueryResultsRequest> resultRequests = new ArrayList<>();
        List<GetQueryResultsResponse> pages = List.of();
        QueryExecutionStatus status;
        RuntimeException onStart;

        @Override
        public StartQueryExecutionResponse startQueryExecution(StartQueryExecutionRequest request) {
            starts.add(request);
            if (onStart != null) {
                throw onStart;
            }
            return StartQueryExecutionResponse.builder().queryExecutionId("qe-" + request.clientRequestToken()
                    .substring(0, 8)).build();
        }

        @Override
        public GetQueryExecutionResponse getQueryExecution(GetQueryExecutionRequest request) {
            return GetQueryExecutionResponse.builder().queryExecution(q -> q.queryExecutionId(
                    request.queryExecutionId()).status(status)).build();
        }

        @Override
        public GetQueryResultsResponse getQueryResults(GetQueryResultsRequest request) {
            resultRequests.add(request);
            int page = request.nextToken() == null ? 0 : Integer.parseInt(request.nextToken().substring(1));
            return pages.get(page);
        }

        @Override
        public String serviceName() {
            return "athena";
        }

        @Override
        public void close() {
        }
    }

    private final FakeAthena athena = new FakeAthena();
    private final AthenaQueryEngine engine = new AthenaQueryEngine(athena);

    private static final QueryRequest AGGREGATES = new QueryRequest("run-20261122-0a1b", "partition-aggregates",
            "SELECT count(*) AS row_count, sum(amount) AS amount_sum FROM \"sales_orders\"", "sluice-dev",
            "lake_raw");

    @Test
    void startSendsTheSqlWorkgroupDatabaseAndAStableTokenForTheRun() {
        String first = engine.start(AGGREGATES);
        String retried = engine.start(AGGREGATES);

        assertThat(first).isEqualTo(retried);
        StartQueryExecutionRequest request = athena.starts.get(0);
        assertThat(request.queryString()).isEqualTo(AGGREGATES.sql());
        assertThat(request.workGroup()).isEqualTo("sluice-dev");
        assertThat(request.queryExecutionContext().database()).isEqualTo("lake_raw");
        assertThat(request.clientRequestToken()).isEqualTo(athena.starts.get(1).clientRequestToken())
                .hasSizeBetween(32, 128);
    }

    @Test
    void boundParametersTravelAsExecutionParametersRenderedAsLiterals() {
        engine.start(new QueryRequest("rkey-0123456789ab", "probe-1",
                "SELECT count(*) FROM \"sales_orders\" WHERE _sluice_chunk_id = ? AND order_id > ?", "sluice-dev",
                "lake_raw", List.of("c00001-abc", 42L)));

        assertThat(athena.starts.get(0).executionParameters()).containsExactly("'c00001-abc'", "42");
        engine.start(AGGREGATES);
        assertThat(athena.starts.get(1).hasExecutionParameters()).isFalse();
    }

    private static Row row(String... values) {
        return Row.builder().data(Arrays.stream(values).map(v -> Datum.builder().varCharValue(v).build()).toList())
                .build();
    }

    private static GetQueryResultsResponse page(String nextToken, Row... rows) {
        return GetQueryResultsResponse.builder().nextToken(nextToken).resultSet(ResultSet.builder()
                .resultSetMetadata(ResultSetMetadata.builder().columnInfo(
                        ColumnInfo.builder().name("chunk").type("varchar").build(),
                        ColumnInfo.builder().name("row_count").type("bigint").build()).build())
                .rows(rows).build()).build();
    }

    @Test
    void resultsReadThreePagesAndSkipOnlyTheFirstPagesHeader() {
        athena.pages = List.of(
                page("p1", row("chunk", "row_count"), row("c-000", "1000"), row("c-001", "998")),
                page("p2", row("c-002", "1000"), row("c-003", null)),
                page(null, row("c-004", "7")));

        ResultTable result = engine.results("qe-1");

        assertThat(result.columns()).containsExactly(new ResultColumn("chunk", "varchar"),
                new ResultColumn("row_count", "bigint"));
        assertThat(result.rows()).containsExactly(List.of("c-000", "1000"), List.of("c-001", "998"),
                List.of("c-002", "1000"), Arrays.asList("c-003", null), List.of("c-004", "7"));
        assertThat(athena.resultRequests).extracting(GetQueryResultsRequest::nextToken)
                .containsExactly(null, "p1", "p2");
        assertThat(athena.resultRequests).extracting(GetQueryResultsRequest::queryExecutionId)
                .containsOnly("qe-1");
    }

    @Test
    void queuedAndRunningAreRunningAndSucceededIsSucceeded() {
        athena.status = QueryExecutionStatus.builder().state(QueryExecutionState.QUEUED).build();
        assertThat(engine.check("qe-1")).isEqualTo(QueryStatus.running());
        athena.status = QueryExecutionStatus.builder().state(QueryExecutionState.RUNNING).build();
        assertThat(engine.check("qe-1")).isEqualTo(QueryStatus.running());
        athena.status = QueryExecutionStatus.builder().state(QueryExecutionState.SUCCEEDED).build();
        assertThat(engine.check("qe-1")).isEqualTo(QueryStatus.succeeded());
    }

    @Test
    void aUserErrorFailsPermanentlyWithAthenasReason() {
        athena.status = QueryExecutionStatus.builder().state(QueryExecutionState.FAILED)
                .stateChangeReason("COLUMN_NOT_FOUND: line 1:8: Column 'amount' cannot be resolved")
                .athenaError(AthenaError.builder().errorCategory(2).errorType(1006).retryable(false).build())
                .build();

        QueryStatus status = engine.check("qe-9");

        assertThat(status.state()).isEqualTo(QueryStatus.State.FAILED);
        assertThat(status.failureClass()).isEqualTo(FailureClass.PERMANENT);
        assertThat(status.reason()).startsWith("query qe-9 failed: COLUMN_NOT_FOUND: line 1:8: Column 'amount'"
                + " cannot be resolved (error category 2, type 1006)");
    }

    @Test
    void aCancelledQueryIsCancelled() {
        athena.status = QueryExecutionStatus.builder().state(QueryExecutionState.CANCELLED)
                .stateChangeReason("Query cancelled by user").build();

        QueryStatus status = engine.check("qe-2");

        assertThat(status.state()).isEqualTo(QueryStatus.State.CANCELLED);
        assertThat(status.reason()).contains("Query cancelled by user");
    }

    @ParameterizedTest(name = "category {0}, retryable {1} -> {2}")
    @CsvSource({
            "1, false, TRANSIENT",   // SYSTEM: Athena's side
            "1,      , TRANSIENT",
            "2, false, PERMANENT",   // USER: the query itself
            "2, true,  TRANSIENT",   // Athena says a retry may succeed
            "3, false, PERMANENT",   // OTHER
            " ,      , PERMANENT"})
    void classifiesAthenaErrors(Integer category, Boolean retryable, FailureClass expected) {
        AthenaError error = AthenaError.builder().errorCategory(category).retryable(retryable).build();

        assertThat(AthenaQueryEngine.classify(error, "")).isEqualTo(expected);
    }

    @Test
    void aFailureWithoutAnAthenaErrorIsPermanentUnlessItsReasonIsThrottling() {
        assertThat(AthenaQueryEngine.classify(null, "")).isEqualTo(FailureClass.PERMANENT);
        assertThat(AthenaQueryEngine.classify(null, null)).isEqualTo(FailureClass.PERMANENT);
        AthenaError user = AthenaError.builder().errorCategory(2).retryable(false).build();
        assertThat(AthenaQueryEngine.classify(user, "HIVE_CANNOT_OPEN_SPLIT: Error opening Hive split"
                + " s3://lake/raw/part-0.parquet: Slow Down (Service: Amazon S3; Status Code: 503)"))
                .isEqualTo(FailureClass.TRANSIENT);
        assertThat(AthenaQueryEngine.classify(user, "HIVE_BAD_DATA: Field amount's type DOUBLE in parquet is"
                + " incompatible with type decimal(19,4)")).isEqualTo(FailureClass.PERMANENT);
    }

    @Test
    void throttlingAndServerErrorsAtStartAreTransientAndAnInvalidRequestIsPermanent() {
        athena.onStart = TooManyRequestsException.builder().statusCode(400).awsErrorDetails(AwsErrorDetails
                .builder().errorCode("TooManyRequestsException").errorMessage("Rate exceeded").build()).build();
        assertThatThrownBy(() -> engine.start(AGGREGATES)).isInstanceOf(QueryEngineTransientException.class)
                .hasMessageContaining("partition-aggregates").hasMessageContaining("run-20261122-0a1b");

        athena.onStart = InternalServerException.builder().statusCode(500).build();
        assertThatThrownBy(() -> engine.start(AGGREGATES)).isInstanceOf(QueryEngineTransientException.class);

        athena.onStart = InvalidRequestException.builder().statusCode(400).awsErrorDetails(AwsErrorDetails
                .builder().errorCode("InvalidRequestException").errorMessage("WorkGroup sluice-dev is not found")
                .build()).build();
        assertThatThrownBy(() -> engine.start(AGGREGATES)).isInstanceOf(QueryEnginePermanentException.class)
                .hasMessageContaining("WorkGroup sluice-dev is not found");
    }
}

package dev.sluice.lambda.aws;

import dev.sluice.core.query.FailureClass;
import dev.sluice.core.query.QueryEngine;
import dev.sluice.core.query.QueryEngineException;
import dev.sluice.core.query.QueryEnginePermanentException;
import dev.sluice.core.query.QueryEngineTransientException;
import dev.sluice.core.query.QueryRequest;
import dev.sluice.core.query.QueryStatus;
import dev.sluice.core.query.ResultColumn;
import dev.sluice.core.query.ResultTable;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import software.amazon.awssdk.services.athena.model.GetQueryResultsRequest;
import software.amazon.awssdk.services.athena.model.GetQueryExecutionRequest;
import software.amazon.awssdk.services.athena.model.QueryExecutionContext;
import software.amazon.awssdk.services.athena.model.StartQueryExecutionRequest;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.athena.AthenaClient;
import software.amazon.awssdk.services.athena.model.AthenaError;
import software.amazon.awssdk.services.athena.model.Datum;
import software.amazon.awssdk.services.athena.model.GetQueryResultsResponse;
import software.amazon.awssdk.services.athena.model.QueryExecutionStatus;
import software.amazon.awssdk.services.athena.model.Row;

/**
 * The {@link QueryEngine} on Amazon Athena. Starts are idempotent through a ClientRequestToken derived from the run
 * and the query name; results are read page by page (the first page's first row is the header of column names).
 */
public final class AthenaQueryEngine implements QueryEngine {

    /** Athena's error category for failures on Athena's side (AthenaError.ErrorCategory 1). */
    static final int CATEGORY_SYSTEM = 1;
    /** Athena's error category for failures of the query itself: syntax, permissions, missing objects. */
    static final int CATEGORY_USER = 2;

    private final AthenaClient athena;

    public AthenaQueryEngine(AthenaClient athena) {
        this.athena = Objects.requireNonNull(athena, "athena");
    }

    @Override
    public String start(QueryRequest request) {
        try {
            return athena.startQueryExecution(StartQueryExecutionRequest.builder()
                    .queryString(request.sql())
                    .workGroup(request.workgroup())
                    .queryExecutionContext(QueryExecutionContext.builder().database(request.database()).build())
                    .clientRequestToken(request.clientRequestToken())
                    .executionParameters(request.parameters().isEmpty() ? null
                            : AthenaLiterals.render(request.parameters()))
                    .build())
                    .queryExecutionId();
        } catch (SdkException e) {
            throw failure("start query " + request.queryName() + " of run " + request.runId() + " in workgroup "
                    + request.workgroup(), e);
        }
    }

    @Override
    public QueryStatus check(String executionId) {
        QueryExecutionStatus status;
        try {
            status = athena.getQueryExecution(
                    GetQueryExecutionRequest.builder().queryExecutionId(executionId).build()).queryExecution().status();
        } catch (SdkException e) {
            throw failure("read query execution " + executionId, e);
        }
        return switch (status.state()) {
            case QUEUED, RUNNING -> QueryStatus.running();
            case SUCCEEDED -> QueryStatus.succeeded();
            case CANCELLED -> new QueryStatus(QueryStatus.State.CANCELLED, "query " + executionId + " was cancelled"
                    + reason(status) + "; rerun the validation step", null);
            case FAILED -> failed(executionId, status);
            default -> throw new QueryEnginePermanentException("query " + executionId + " is in state "
                    + status.stateAsString() + ", unknown to this Sluice version: upgrade the AWS SDK", null);
        };
    }

    @Override
    public ResultTable results(String executionId) {
        List<ResultColumn> columns = null;
        List<List<String>> rows = new ArrayList<>();
        String token = null;
        boolean first = true;
        try {
            do {
                GetQueryResultsResponse page = athena.getQueryResults(GetQueryResultsRequest.builder()
                        .queryExecutionId(executionId).nextToken(token).build());
                if (columns == null) {
                    columns = page.resultSet().resultSetMetadata().columnInfo().stream()
                            .map(c -> new ResultColumn(c.name(), c.type())).toList();
                }
                List<Row> pageRows = page.resultSet().rows();
                // For a SELECT, the first row of the first page repeats the column names.
                for (int i = first ? 1 : 0; i < pageRows.size(); i++) {
                    rows.add(pageRows.get(i).data().stream().map(Datum::varCharValue).toList());
                }
                first = false;
                token = page.nextToken();
            } while (token != null && !token.isEmpty());
        } catch (SdkException e) {
            throw failure("read the results of query " + executionId, e);
        }
        return new ResultTable(columns, rows);
    }

    private static QueryStatus failed(String executionId, QueryExecutionStatus status) {
        AthenaError error = status.athenaError();
        FailureClass failureClass = classify(error, status.stateChangeReason());
        String detail = error == null ? "" : " (error category " + error.errorCategory() + ", type "
                + error.errorType() + ")";
        String action = failureClass == FailureClass.TRANSIENT ? "; Athena failed on its side: rerun the validation"
                : "; the query cannot succeed as it is: check the table, partition and the workgroup's permissions"
                        + " and scan limit";
        return new QueryStatus(QueryStatus.State.FAILED, "query " + executionId + " failed" + reason(status)
                + detail + action, failureClass);
    }

    /**
     * Transient when Athena says the query may be retried, when the error is on Athena's side (category 1,
     * SYSTEM), or when the reason is S3 or service throttling (which Athena can report under another category);
     * permanent for the query's own errors (category 2, USER) and anything else.
     */
    static FailureClass classify(AthenaError error, String reason) {
        String text = reason == null ? "" : reason.toLowerCase(java.util.Locale.ROOT);
        if (text.contains("slow down") || text.contains("slowdown") || text.contains("rate exceeded")
                || text.contains("throttl")) {
            return FailureClass.TRANSIENT;
        }
        if (error == null) {
            return FailureClass.PERMANENT;
        }
        if (Boolean.TRUE.equals(error.retryable())) {
            return FailureClass.TRANSIENT;
        }
        Integer category = error.errorCategory();
        return category != null && category == CATEGORY_SYSTEM ? FailureClass.TRANSIENT : FailureClass.PERMANENT;
    }

    private static String reason(QueryExecutionStatus status) {
        return status.stateChangeReason() == null || status.stateChangeReason().isBlank() ? ""
                : ": " + status.stateChangeReason();
    }

    private static QueryEngineException failure(String action, SdkException e) {
        String text = "Athena could not " + action + ": " + AwsFailures.message(e);
        return AwsFailures.isTransient(e)
                ? new QueryEngineTransientException(text + "; retrying can help", e)
                : new QueryEnginePermanentException(text + "; check the workgroup, database and the Lambda role's"
                        + " athena permissions", e);
    }
}

package dev.sluice.lambda.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import dev.sluice.core.config.WarehouseConfig;
import dev.sluice.core.query.FailureClass;
import dev.sluice.core.query.ResultColumn;
import dev.sluice.core.query.ResultTable;
import dev.sluice.core.warehouse.StatementBatch;
import dev.sluice.core.warehouse.StatementStatus;
import dev.sluice.core.warehouse.SubStatement;
import dev.sluice.core.warehouse.WarehousePermanentException;
import dev.sluice.core.warehouse.WarehouseTransientException;
import java.io.IOException;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.redshiftdata.RedshiftDataClient;
import software.amazon.awssdk.services.redshiftdata.model.ActiveStatementsExceededException;
import software.amazon.awssdk.services.redshiftdata.model.BatchExecuteStatementRequest;
import software.amazon.awssdk.services.redshiftdata.model.BatchExecuteStatementResponse;
import software.amazon.awssdk.services.redshiftdata.model.ColumnMetadata;
import software.amazon.awssdk.services.redshiftdata.model.DescribeStatementRequest;
import software.amazon.awssdk.services.redshiftdata.model.DescribeStatementResponse;
import software.amazon.awssdk.services.redshiftdata.model.Field;
import software.amazon.awssdk.services.redshiftdata.model.GetStatementResultRequest;
import software.amazon.awssdk.services.redshiftdata.model.GetStatementResultResponse;
import software.amazon.awssdk.services.redshiftdata.model.StatusString;
import software.amazon.awssdk.services.redshiftdata.model.SubStatementData;
import software.amazon.awssdk.services.redshiftdata.model.ValidationException;

class RedshiftDataWarehouseTest {

    /** A Redshift Data client answering from scripted responses and recording requests. */
    static final class FakeRedshiftData implements RedshiftDataClient {
        final List<BatchExecuteStatementRequest> batches = new ArrayList<>();
        final List<GetStatementResultRequest> resultRequests = new ArrayList<>();
        DescribeStatementResponse described;
        List<GetStatementResultResponse> pages = List.of();

        @Override
        public BatchExecuteStatementResponse batchExecuteStatement(BatchExecuteStatementRequest request) {
            batches.add(request);
            return BatchExecuteStatementResponse.builder().id("stmt-1").build();
        }

        @Override
        public DescribeStatementResponse describeStatement(DescribeStatementRequest request) {
            return described;
        }

        @Override
        public GetStatementResultResponse getStatementResult(GetStatementResultRequest request) {
            resultRequests.add(request);
            return pages.get(request.nextToken() == null ? 0 : Integer.parseInt(request.nextToken()));
        }

        @Override
        public String serviceName() {
            return "redshift-data";
        }

        @Override
        public void close() {
        }
    }

    private static final WarehouseConfig SERVERLESS = new WarehouseConfig("sluice-wg", null, "analytics", null, null,
            null, "sluice");
    private static final WarehouseConfig SERVERLESS_SECRET = new WarehouseConfig("sluice-wg", null, "analytics",
            "arn:aws:secretsmanager:eu-west-1:111122223333:secret:sluice-load-AbCdEf", null, null, "sluice");
    private static final WarehouseConfig CLUSTER_IAM = new WarehouseConfig(null, "dw-prod", "analytics", null,
            "sluice_loader", null, "sluice");
    private static final WarehouseConfig CLUSTER_SECRET = new WarehouseConfig(null, "dw-prod", "analytics",
            "arn:aws:secretsmanager:eu-west-1:111122223333:secret:dw-AbCdEf", "ignored_user", null, "sluice");

    private static final StatementBatch LOAD = new StatementBatch("run-20261122-0a1b", "load",
            List.of("COPY sluice.orders_stage FROM 's3://lake/raw/...' IAM_ROLE default FORMAT PARQUET",
                    "MERGE INTO sales.orders USING sluice.orders_stage ...",
                    "INSERT INTO sluice.load_ledger VALUES (...)"));

    private final FakeRedshiftData client = new FakeRedshiftData();

    @Test
    void serverlessWithIamSendsTheWorkgroupAndNoUserOrSecret() {
        BatchExecuteStatementRequest request = new RedshiftDataWarehouse(client, SERVERLESS).request(LOAD);

        assertThat(request.workgroupName()).isEqualTo("sluice-wg");
        assertThat(request.clusterIdentifier()).isNull();
        assertThat(request.dbUser()).isNull();
        assertThat(request.secretArn()).isNull();
        assertThat(request.database()).isEqualTo("analytics");
        assertThat(request.sqls()).isEqualTo(LOAD.statements());
        assertThat(request.withEvent()).isFalse();
        assertThat(request.statementName()).isEqualTo("load-run-20261122-0a1b");
    }

    @Test
    void aSecretIsSentWhenConfigured() {
        BatchExecuteStatementRequest serverless = new RedshiftDataWarehouse(client, SERVERLESS_SECRET).request(LOAD);
        assertThat(serverless.secretArn()).isEqualTo(SERVERLESS_SECRET.secretArn());
        assertThat(serverless.workgroupName()).isEqualTo("sluice-wg");

        BatchExecuteStatementRequest cluster = new RedshiftDataWarehouse(client, CLUSTER_SECRET).request(LOAD);
        assertThat(cluster.clusterIdentifier()).isEqualTo("dw-prod");
        assertThat(cluster.secretArn()).isEqualTo(CLUSTER_SECRET.secretArn());
        assertThat(cluster.dbUser()).as("with a secret the user comes from the secret").isNull();
    }

    @Test
    void aClusterWithIamSendsTheClusterAndDbUser() {
        BatchExecuteStatementRequest request = new RedshiftDataWarehouse(client, CLUSTER_IAM).request(LOAD);

        assertThat(request.clusterIdentifier()).isEqualTo("dw-prod");
        assertThat(request.dbUser()).isEqualTo("sluice_loader");
        assertThat(request.workgroupName()).isNull();
        assertThat(request.secretArn()).isNull();
    }

    @Test
    void theClientTokenIsStableForARunAndDiffersForAnother() {
        RedshiftDataWarehouse warehouse = new RedshiftDataWarehouse(client, SERVERLESS);

        assertThat(warehouse.startBatch(LOAD)).isEqualTo("stmt-1");
        warehouse.startBatch(new StatementBatch(LOAD.runId(), LOAD.statementName(), List.copyOf(LOAD.statements())));
        warehouse.startBatch(new StatementBatch("run-20261123-9f9f", "load", LOAD.statements()));

        String token = client.batches.get(0).clientToken();
        assertThat(token).hasSizeBetween(1, 64).isEqualTo(client.batches.get(1).clientToken())
                .isNotEqualTo(client.batches.get(2).clientToken());
    }

    @Test
    void aConfigWithoutAWayToAuthenticateOnAClusterIsRejected() {
        assertThatThrownBy(() -> new RedshiftDataWarehouse(client, new WarehouseConfig(null, "dw-prod", "analytics",
                null, null, null, "sluice"))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("secretArn or dbUser");
        assertThatThrownBy(() -> new RedshiftDataWarehouse(client, new WarehouseConfig("wg", "dw-prod", "analytics",
                null, null, null, "sluice"))).hasMessageContaining("exactly one of workgroup");
    }

    private static SubStatementData sub(String id, String status, long rows, boolean resultSet, String error) {
        return SubStatementData.builder().id(id).status(status).resultRows(rows).hasResultSet(resultSet)
                .error(error).build();
    }

    @Test
    void submittedPickedAndStartedAreRunningAndFinishedCarriesTheSubStatements() {
        RedshiftDataWarehouse warehouse = new RedshiftDataWarehouse(client, SERVERLESS);
        for (StatusString running : List.of(StatusString.SUBMITTED, StatusString.PICKED, StatusString.STARTED)) {
            client.described = DescribeStatementResponse.builder().id("stmt-1").status(running).build();
            StatementStatus status = warehouse.check("stmt-1");
            assertThat(status.state()).isEqualTo(StatementStatus.State.RUNNING);
            assertThat(status.runnerStatus()).isEqualTo(running.toString());
        }

        client.described = DescribeStatementResponse.builder().id("stmt-1").status(StatusString.FINISHED)
                .subStatements(sub("stmt-1:1", "FINISHED", 0, false, null),
                        sub("stmt-1:2", "FINISHED", 1_204, false, null),
                        sub("stmt-1:3", "FINISHED", 1, true, null))
                .build();

        StatementStatus finished = warehouse.check("stmt-1");

        assertThat(finished.state()).isEqualTo(StatementStatus.State.FINISHED);
        assertThat(finished.failureClass()).isNull();
        assertThat(finished.subStatements()).containsExactly(
                new SubStatement("stmt-1:1", "FINISHED", 0, false, ""),
                new SubStatement("stmt-1:2", "FINISHED", 1_204, false, ""),
                new SubStatement("stmt-1:3", "FINISHED", 1, true, ""));
    }

    @Test
    void aFailedCopyIsPermanentAndPointsAtTheLoadErrorTables() {
        client.described = DescribeStatementResponse.builder().id("stmt-1").status(StatusString.FAILED)
                .error("ERROR: Load into table 'orders_stage' failed. Check 'sys_load_error_detail' system table"
                        + " for details.")
                .subStatements(sub("stmt-1:1", "FAILED", -1, false, "ERROR: Load into table 'orders_stage'"
                        + " failed."), sub("stmt-1:2", "ABORTED", -1, false, null))
                .build();

        StatementStatus status = new RedshiftDataWarehouse(client, SERVERLESS).check("stmt-1");

        assertThat(status.state()).isEqualTo(StatementStatus.State.FAILED);
        assertThat(status.failureClass()).isEqualTo(FailureClass.PERMANENT);
        assertThat(status.error()).startsWith("batch stmt-1 FAILED (sub-statement stmt-1:1): ERROR: Load into table")
                .contains("stl_load_errors (provisioned)");
    }

    @Test
    void aSerializationConflictIsTransientAndAnAbortWithoutErrorIsTransient() {
        client.described = DescribeStatementResponse.builder().id("stmt-1").status(StatusString.FAILED)
                .error("ERROR: 1023 DETAIL: Serializable isolation violation on table - 184023").build();
        StatementStatus conflict = new RedshiftDataWarehouse(client, SERVERLESS).check("stmt-1");
        assertThat(conflict.failureClass()).isEqualTo(FailureClass.TRANSIENT);

        client.described = DescribeStatementResponse.builder().id("stmt-1").status(StatusString.ABORTED).build();
        StatementStatus aborted = new RedshiftDataWarehouse(client, SERVERLESS).check("stmt-1");
        assertThat(aborted.state()).isEqualTo(StatementStatus.State.FAILED);
        assertThat(aborted.failureClass()).isEqualTo(FailureClass.TRANSIENT);
    }

    @Test
    void resultsFollowNextTokenAndRenderEveryFieldKind() {
        List<ColumnMetadata> columns = List.of(ColumnMetadata.builder().name("run_id").typeName("varchar").build(),
                ColumnMetadata.builder().name("rows_loaded").typeName("int8").build());
        client.pages = List.of(
                GetStatementResultResponse.builder().columnMetadata(columns).nextToken("1").records(
                        List.of(Field.builder().stringValue("r1").build(), Field.builder().longValue(1204L).build()))
                        .build(),
                GetStatementResultResponse.builder().columnMetadata(columns).records(
                        List.of(Field.builder().stringValue("r2").build(), Field.builder().isNull(true).build()))
                        .build());

        ResultTable result = new RedshiftDataWarehouse(client, SERVERLESS).results("stmt-1:3");

        assertThat(result.columns()).containsExactly(new ResultColumn("run_id", "varchar"),
                new ResultColumn("rows_loaded", "int8"));
        assertThat(result.rows()).containsExactly(List.of("r1", "1204"), Arrays.asList("r2", null));
        assertThat(client.resultRequests).extracting(GetStatementResultRequest::nextToken).containsExactly(null, "1");
        assertThat(client.resultRequests).extracting(GetStatementResultRequest::id).containsOnly("stmt-1:3");
    }

    // SDK error edges: Mockito makes the client throw what the service or the transport would.

    @Test
    void tooManyActiveStatementsAndAResetConnectionAreTransient() {
        RedshiftDataClient throttled = mock(RedshiftDataClient.class);
        when(throttled.batchExecuteStatement(any(BatchExecuteStatementRequest.class))).thenThrow(
                ActiveStatementsExceededException.builder().statusCode(400).awsErrorDetails(AwsErrorDetails.builder()
                        .errorCode("ActiveStatementsExceededException").errorMessage("Active statements exceeded the"
                                + " allowed quota (200).").build()).build());
        assertThatThrownBy(() -> new RedshiftDataWarehouse(throttled, SERVERLESS).startBatch(LOAD))
                .isInstanceOf(WarehouseTransientException.class)
                .hasMessageContaining("start batch load of run run-20261122-0a1b")
                .hasMessageContaining("Active statements exceeded");

        RedshiftDataClient reset = mock(RedshiftDataClient.class);
        when(reset.describeStatement(any(DescribeStatementRequest.class))).thenThrow(SdkClientException.builder()
                .message("Unable to execute HTTP request").cause(new SocketException("Connection reset")).build());
        assertThatThrownBy(() -> new RedshiftDataWarehouse(reset, SERVERLESS).check("stmt-1"))
                .isInstanceOf(WarehouseTransientException.class);
    }

    @Test
    void aValidationErrorAndAClientErrorWithoutIoArePermanent() {
        RedshiftDataClient invalid = mock(RedshiftDataClient.class);
        when(invalid.batchExecuteStatement(any(BatchExecuteStatementRequest.class))).thenThrow(
                ValidationException.builder().statusCode(400).awsErrorDetails(AwsErrorDetails.builder()
                        .errorCode("ValidationException").errorMessage("Workgroup sluice-wg not found").build())
                        .build());
        assertThatThrownBy(() -> new RedshiftDataWarehouse(invalid, SERVERLESS).startBatch(LOAD))
                .isInstanceOf(WarehousePermanentException.class)
                .hasMessageContaining("ValidationException: Workgroup sluice-wg not found");

        RedshiftDataClient misconfigured = mock(RedshiftDataClient.class);
        when(misconfigured.describeStatement(any(DescribeStatementRequest.class))).thenThrow(SdkClientException
                .builder().message("Unable to load credentials").cause(new IllegalStateException("no profile"))
                .build());
        assertThatThrownBy(() -> new RedshiftDataWarehouse(misconfigured, SERVERLESS).check("stmt-1"))
                .isInstanceOf(WarehousePermanentException.class);
    }

    @Test
    void anIoCauseDeepInTheChainCountsAsAConnectionProblem() {
        SdkClientException wrapped = SdkClientException.builder().message("Unable to execute HTTP request")
                .cause(new RuntimeException(new IOException("Broken pipe"))).build();

        assertThat(AwsFailures.isTransient(wrapped)).isTrue();
    }
}

package dev.sluice.lambda.aws;

import dev.sluice.core.config.WarehouseConfig;
import dev.sluice.core.query.FailureClass;
import dev.sluice.core.query.ResultColumn;
import dev.sluice.core.query.ResultTable;
import dev.sluice.core.warehouse.StatementBatch;
import dev.sluice.core.warehouse.StatementStatus;
import dev.sluice.core.warehouse.SubStatement;
import dev.sluice.core.warehouse.Warehouse;
import dev.sluice.core.warehouse.WarehouseErrors;
import dev.sluice.core.warehouse.WarehouseException;
import dev.sluice.core.warehouse.WarehousePermanentException;
import dev.sluice.core.warehouse.WarehouseTransientException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import software.amazon.awssdk.services.redshiftdata.model.GetStatementResultRequest;
import software.amazon.awssdk.services.redshiftdata.model.DescribeStatementRequest;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.redshiftdata.RedshiftDataClient;
import software.amazon.awssdk.services.redshiftdata.model.BatchExecuteStatementRequest;
import software.amazon.awssdk.services.redshiftdata.model.DescribeStatementResponse;
import software.amazon.awssdk.services.redshiftdata.model.Field;
import software.amazon.awssdk.services.redshiftdata.model.GetStatementResultResponse;
import software.amazon.awssdk.services.redshiftdata.model.ResourceNotFoundException;
import software.amazon.awssdk.services.redshiftdata.model.SubStatementData;

/**
 * The {@link Warehouse} on the Redshift Data API: a batch is one BatchExecuteStatement (one transaction), addressed
 * to a Serverless workgroup or a provisioned cluster, authenticated by a Secrets Manager secret when configured and
 * otherwise by IAM (the workgroup's IAM identity, or temporary credentials for {@code dbUser} on a cluster).
 */
public final class RedshiftDataWarehouse implements Warehouse {

    private final RedshiftDataClient redshiftData;
    private final WarehouseConfig target;

    public RedshiftDataWarehouse(RedshiftDataClient redshiftData, WarehouseConfig target) {
        this.redshiftData = Objects.requireNonNull(redshiftData, "redshiftData");
        this.target = Objects.requireNonNull(target, "target");
        if (target.database() == null || target.database().isBlank()) {
            throw new IllegalArgumentException("warehouse.database is not set: name the Redshift database to load");
        }
        if ((target.workgroup() == null) == (target.clusterId() == null)) {
            throw new IllegalArgumentException("warehouse: set exactly one of workgroup (Serverless) and clusterId"
                    + " (provisioned)");
        }
        if (!target.serverless() && target.secretArn() == null && target.dbUser() == null) {
            throw new IllegalArgumentException("warehouse: a provisioned cluster needs secretArn or dbUser (IAM"
                    + " temporary credentials); set one");
        }
    }

    /** The request for {@code batch}: target, authentication, client token; no event to EventBridge. */
    BatchExecuteStatementRequest request(StatementBatch batch) {
        BatchExecuteStatementRequest.Builder b = BatchExecuteStatementRequest.builder()
                .sqls(batch.statements())
                .database(target.database())
                .statementName(batch.statementName() + "-" + batch.runId())
                .clientToken(batch.clientToken())
                .withEvent(false);
        if (target.serverless()) {
            b.workgroupName(target.workgroup());
        } else {
            b.clusterIdentifier(target.clusterId());
        }
        if (target.secretArn() != null) {
            b.secretArn(target.secretArn());
        } else if (!target.serverless()) {
            b.dbUser(target.dbUser());
        }
        return b.build();
    }

    @Override
    public String startBatch(StatementBatch batch) {
        try {
            return redshiftData.batchExecuteStatement(request(batch)).id();
        } catch (SdkException e) {
            throw failure("start batch " + batch.statementName() + " of run " + batch.runId(), e);
        }
    }

    @Override
    public StatementStatus check(String statementId) {
        DescribeStatementResponse statement;
        try {
            statement = redshiftData.describeStatement(DescribeStatementRequest.builder().id(statementId).build());
        } catch (SdkException e) {
            throw failure("describe statement " + statementId, e);
        }
        List<SubStatement> subStatements = statement.subStatements().stream().map(RedshiftDataWarehouse::sub)
                .toList();
        String status = statement.statusAsString();
        return switch (statement.status()) {
            case SUBMITTED, PICKED, STARTED -> new StatementStatus(StatementStatus.State.RUNNING, status,
                    subStatements, "", null);
            case FINISHED -> new StatementStatus(StatementStatus.State.FINISHED, status, subStatements, "", null);
            case FAILED, ABORTED -> failed(statementId, statement, subStatements);
            default -> throw new WarehousePermanentException("statement " + statementId + " is in status " + status
                    + ", unknown to this Sluice version: upgrade the AWS SDK", null);
        };
    }

    @Override
    public ResultTable results(String subStatementId) {
        List<ResultColumn> columns = null;
        List<List<String>> rows = new ArrayList<>();
        String token = null;
        try {
            do {
                GetStatementResultResponse page = redshiftData.getStatementResult(
                        GetStatementResultRequest.builder().id(subStatementId).nextToken(token).build());
                if (columns == null) {
                    columns = page.columnMetadata().stream().map(c -> new ResultColumn(c.name(), c.typeName()))
                            .toList();
                }
                for (List<Field> record : page.records()) {
                    rows.add(record.stream().map(RedshiftDataWarehouse::text).toList());
                }
                token = page.nextToken();
            } while (token != null && !token.isEmpty());
        } catch (SdkException e) {
            throw failure("read the result of statement " + subStatementId, e);
        }
        return new ResultTable(columns, rows);
    }

    private static StatementStatus failed(String statementId, DescribeStatementResponse statement,
            List<SubStatement> subStatements) {
        String error = statement.error();
        String failedStatement = "";
        for (SubStatement sub : subStatements) {
            if (!sub.error().isEmpty()) {
                error = error == null || error.isBlank() ? sub.error() : error;
                failedStatement = " (sub-statement " + sub.id() + ")";
                break;
            }
        }
        FailureClass failureClass = statement.statusAsString().equals("ABORTED") && (error == null || error.isBlank())
                ? FailureClass.TRANSIENT // aborted by an operator or a cluster restart, with no SQL error
                : WarehouseErrors.classify(error);
        return new StatementStatus(StatementStatus.State.FAILED, statement.statusAsString(), subStatements,
                "batch " + statementId + " " + statement.statusAsString() + failedStatement + ": "
                        + WarehouseErrors.explain(error), failureClass);
    }

    private static SubStatement sub(SubStatementData data) {
        return new SubStatement(data.id(), data.statusAsString(), data.resultRows() == null ? -1 : data.resultRows(),
                Boolean.TRUE.equals(data.hasResultSet()), data.error());
    }

    /** A field as text: SQL NULL as {@code null}, numbers and booleans in their Java text form. */
    private static String text(Field field) {
        if (Boolean.TRUE.equals(field.isNull())) {
            return null;
        }
        if (field.stringValue() != null) {
            return field.stringValue();
        }
        if (field.longValue() != null) {
            return Long.toString(field.longValue());
        }
        if (field.doubleValue() != null) {
            return Double.toString(field.doubleValue());
        }
        if (field.booleanValue() != null) {
            return Boolean.toString(field.booleanValue());
        }
        if (field.blobValue() != null) {
            return java.util.HexFormat.of().formatHex(field.blobValue().asByteArray());
        }
        return null;
    }

    private static WarehouseException failure(String action, SdkException e) {
        String text = "the Redshift Data API could not " + action + ": " + AwsFailures.message(e);
        if (e instanceof ResourceNotFoundException) {
            return new WarehousePermanentException(text + "; the statement id is unknown (results are kept 24"
                    + " hours): rerun the load step", e);
        }
        return AwsFailures.isTransient(e)
                ? new WarehouseTransientException(text + "; retrying can help", e)
                : new WarehousePermanentException(text + "; check the workgroup or cluster, database, secret and the"
                        + " Lambda role's redshift-data permissions", e);
    }
}

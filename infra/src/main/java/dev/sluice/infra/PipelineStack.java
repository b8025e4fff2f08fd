package dev.sluice.infra;

import dev.sluice.core.config.SluiceConfig;
import dev.sluice.core.config.TableConfig;
import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.scheduler.ScheduleGroup;
import software.amazon.awscdk.services.sqs.Queue;
import software.amazon.awscdk.services.sqs.QueueEncryption;
import software.constructs.Construct;

/**
 * The stateless half of an environment: the functions, the Redshift COPY role, the state machine, one schedule per
 * table, the alarms and the dashboard. Safe to destroy and redeploy; everything it keeps lives in the
 * {@link LakehouseStack}.
 */
public final class PipelineStack extends Stack {

    private final PipelineFunctions functions;
    private final MigrationPipeline pipeline;
    private final Map<String, TableSchedule> schedules = new LinkedHashMap<>();
    private final PipelineAlarms alarms;
    private final Queue scheduleDeadLetters;
    private final RedshiftCopyRole copyRole;

    public PipelineStack(Construct scope, String id, StackProps props, Deployment deployment, LakehouseStack lakehouse) {
        super(scope, id, props);
        addStackDependency(lakehouse, "grants name the lake bucket, crawlers and workgroup the lakehouse stack creates");
        SluiceConfig config = deployment.config();
        String env = deployment.environment();
        LakeLayout layout = lakehouse.layout();
        LambdaJar.require(deployment.lambdaJar()); // the usual missing prerequisite: say so first
        StateMachineDefinition definition = StateMachineDefinition.read(deployment.stateMachineDefinition());

        String copyRoleArn = config.warehouse() == null ? null : config.warehouse().copyRoleArn();
        if (copyRoleArn == null) {
            copyRole = new RedshiftCopyRole(this, "RedshiftCopy", RedshiftCopyRole.Props.builder()
                    .environment(env).layout(layout).lakeKey(lakehouse.storage().lakeKey()).build());
            copyRoleArn = copyRole.role().getRoleArn();
        } else {
            copyRole = null;
        }

        this.functions = new PipelineFunctions(this, "Functions", PipelineFunctions.Props.builder()
                .environment(env)
                .config(config)
                .layout(layout)
                .lakeKey(lakehouse.storage().lakeKey())
                .topic(lakehouse.notifications().topic())
                .topicKey(lakehouse.notifications().key())
                .lambdaJar(deployment.lambdaJar())
                .glueDatabase(lakehouse.catalog().databaseName())
                .athenaWorkgroup(lakehouse.workgroup().name())
                .crawlerNames(lakehouse.catalog().crawlerNames().values())
                .copyRoleArn(copyRoleArn)
                .disposable(deployment.disposable())
                .configFile(deployment.configFile())
                .build());

        this.pipeline = new MigrationPipeline(this, "MigrateTable", MigrationPipeline.Props.builder()
                .environment(env)
                .definition(definition)
                .functions(functions)
                .layout(layout)
                .lakeKey(lakehouse.storage().lakeKey())
                .topic(lakehouse.notifications().topic())
                .athenaWorkgroup(lakehouse.workgroup().name())
                .glueDatabase(lakehouse.catalog().databaseName())
                .disposable(deployment.disposable())
                .build());

        this.scheduleDeadLetters = Queue.Builder.create(this, "ScheduleDeadLetters")
                .queueName("sluice-" + env + "-schedule-dead-letters")
                .encryption(QueueEncryption.SQS_MANAGED)
                .enforceSsl(true)
                .retentionPeriod(Duration.days(14))
                .removalPolicy(RemovalPolicy.DESTROY)
                .build();
        NagSuppressions.addResourceSuppressions(scheduleDeadLetters, List.of(NagPackSuppression.builder()
                .id("AwsSolutions-SQS3")
                .reason("This queue is itself the dead-letter queue of the table schedules; its messages are alarmed on"
                        + " and replayed by hand, so a further dead-letter queue would add nothing.")
                .build()));
        ScheduleGroup group = ScheduleGroup.Builder.create(this, "Schedules")
                .scheduleGroupName("sluice-" + env)
                .removalPolicy(RemovalPolicy.DESTROY)
                .build();
        for (TableConfig table : config.tables()) {
            if (table.schedule() == null) {
                continue; // run by hand only (backfills, one-off loads): no schedule, no schedule input needed
            }
            schedules.put(TableNames.qualified(table), new TableSchedule(this, "Schedule-" + TableNames.slug(table),
                    TableSchedule.Props.builder()
                            .table(table)
                            .inputFile(deployment.scheduleInput(table))
                            .stateMachine(pipeline.stateMachine())
                            .deadLetterQueue(scheduleDeadLetters)
                            .group(group)
                            .build()));
        }

        this.alarms = new PipelineAlarms(this, "Alarms", PipelineAlarms.Props.builder()
                .environment(env)
                .stateMachine(pipeline.stateMachine())
                .functions(functions)
                .tables(config.tables())
                .topic(lakehouse.notifications().topic())
                .scheduleDeadLetters(scheduleDeadLetters)
                .build());
        new OperationsDashboard(this, "Operations", OperationsDashboard.Props.builder()
                .environment(env)
                .stateMachine(pipeline.stateMachine())
                .functions(functions)
                .tables(config.tables())
                .build());

        CfnOutput.Builder.create(this, "StateMachineArn").value(pipeline.stateMachine().getStateMachineArn())
                .description("Start a manual run: aws stepfunctions start-execution --state-machine-arn <this>"
                        + " --input file://events/" + env + "/<source>.<schema>.<table>.json").build();
        CfnOutput.Builder.create(this, "RedshiftCopyRoleArn").value(copyRoleArn)
                .description("Associate with the Redshift namespace or cluster (README: Deploy with CDK)").build();
    }

    public PipelineFunctions functions() {
        return functions;
    }

    public MigrationPipeline pipeline() {
        return pipeline;
    }

    public Map<String, TableSchedule> schedules() {
        return Map.copyOf(schedules);
    }

    public PipelineAlarms alarms() {
        return alarms;
    }

    public Queue scheduleDeadLetters() {
        return scheduleDeadLetters;
    }

    /** The COPY role the stack created, or null when config names one ({@code warehouse.copyRoleArn}). */
    public RedshiftCopyRole copyRole() {
        return copyRole;
    }
}

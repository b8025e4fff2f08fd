package dev.sluice.infra;

import dev.sluice.core.config.TableConfig;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.ComparisonOperator;
import software.amazon.awscdk.services.cloudwatch.MetricOptions;
import software.amazon.awscdk.services.cloudwatch.TreatMissingData;
import software.amazon.awscdk.services.cloudwatch.actions.SnsAction;
import software.amazon.awscdk.services.sns.ITopic;
import software.amazon.awscdk.services.sqs.IQueue;
import software.amazon.awscdk.services.stepfunctions.IStateMachine;
import software.constructs.Construct;

/**
 * What wakes on call, all to the notifications topic: executions failed, timed out or throttled; a table's
 * watermark lag beyond its SLA (twice the longest gap between its scheduled runs: one missed run is tolerated, two
 * are not; tables without a schedule have no lag alarm); a function erroring repeatedly (one transient error is retried by the state machine and is not paged).
 */
public final class PipelineAlarms extends Construct {

    /** Errors of one function within {@link #PERIOD} that page: more than a retried transient failure. */
    public static final int FUNCTION_ERRORS_THRESHOLD = 3;
    public static final Duration PERIOD = Duration.minutes(5);
    /** Used when a schedule runs fewer than twice in two years (no cadence to derive an SLA from). */
    public static final java.time.Duration DEFAULT_LAG_SLA = java.time.Duration.ofDays(2);

    private final Map<String, Alarm> lagAlarms = new LinkedHashMap<>();
    private final List<Alarm> alarms = new ArrayList<>();

    /** What is watched; see {@link #builder()}. */
    public record Props(String environment, IStateMachine stateMachine, PipelineFunctions functions,
                        List<TableConfig> tables, ITopic topic, IQueue scheduleDeadLetters) {

        public Props {
            Objects.requireNonNull(environment, "environment");
            Objects.requireNonNull(stateMachine, "stateMachine");
            Objects.requireNonNull(functions, "functions");
            Objects.requireNonNull(topic, "topic");
            tables = tables == null ? List.of() : List.copyOf(tables);
        }

        public static Builder builder() {
            return new Builder();
        }

        /** Builds {@link Props}. */
        public static final class Builder {
            private String environment;
            private IStateMachine stateMachine;
            private PipelineFunctions functions;
            private List<TableConfig> tables;
            private ITopic topic;
            private IQueue scheduleDeadLetters;

            public Builder environment(String v) { environment = v; return this; }
            public Builder stateMachine(IStateMachine v) { stateMachine = v; return this; }
            public Builder functions(PipelineFunctions v) { functions = v; return this; }
            public Builder tables(List<TableConfig> v) { tables = v; return this; }
            public Builder topic(ITopic v) { topic = v; return this; }
            public Builder scheduleDeadLetters(IQueue v) { scheduleDeadLetters = v; return this; }

            public Props build() {
                return new Props(environment, stateMachine, functions, tables, topic, scheduleDeadLetters);
            }
        }
    }

    /** A table's lag SLA: twice the longest gap between its scheduled runs. */
    public static java.time.Duration lagSla(TableConfig table) {
        if (table.schedule() == null || table.schedule().cron() == null) {
            return DEFAULT_LAG_SLA;
        }
        return ScheduleCadence.longestGap(table.schedule().cron()).map(gap -> gap.multipliedBy(2)).orElse(DEFAULT_LAG_SLA);
    }

    public PipelineAlarms(Construct scope, String id, Props props) {
        super(scope, id);
        SnsAction notify = new SnsAction(props.topic());
        String prefix = "sluice-" + props.environment() + "-";
        MetricOptions sum = MetricOptions.builder().statistic("Sum").period(PERIOD).build();

        add(notify, Alarm.Builder.create(this, "ExecutionsFailed")
                .alarmName(prefix + "executions-failed")
                .alarmDescription("A migrate-table execution failed: read the failure notice on this topic for the table,"
                        + " failed step and safe action.")
                .metric(props.stateMachine().metricFailed(sum)), 1);
        add(notify, Alarm.Builder.create(this, "ExecutionsTimedOut")
                .alarmName(prefix + "executions-timed-out")
                .alarmDescription("A migrate-table execution timed out: check the execution history; redrive it once the"
                        + " slow step (source, crawler, Athena, Redshift) is healthy.")
                .metric(props.stateMachine().metricTimedOut(sum)), 1);
        add(notify, Alarm.Builder.create(this, "ExecutionsThrottled")
                .alarmName(prefix + "executions-throttled")
                .alarmDescription("Step Functions throttled migrate-table: too many tables start at once; spread the"
                        + " schedules (flexible window) or raise the quota.")
                .metric(props.stateMachine().metric("ExecutionThrottled", sum)), 1);

        if (props.scheduleDeadLetters() != null) {
            add(notify, Alarm.Builder.create(this, "ScheduleDeadLetters")
                    .alarmName(prefix + "schedule-dead-letters")
                    .alarmDescription("EventBridge Scheduler could not start a scheduled run (the message in the"
                            + " dead-letter queue names the schedule): start the run by hand with its events/ input.")
                    .metric(props.scheduleDeadLetters().metricApproximateNumberOfMessagesVisible(
                            MetricOptions.builder().statistic("Maximum").period(PERIOD).build())), 1);
        }
        for (PipelineFunction f : PipelineFunction.values()) {
            add(notify, Alarm.Builder.create(this, f.id() + "Errors")
                    .alarmName(prefix + f.id() + "-errors")
                    .alarmDescription(f.id() + " failed " + FUNCTION_ERRORS_THRESHOLD + " or more times in 5 minutes:"
                            + " read its log group for the failure class.")
                    .metric(props.functions().function(f).metricErrors(sum)), FUNCTION_ERRORS_THRESHOLD);
        }

        for (TableConfig table : props.tables()) {
            if (table.schedule() == null) {
                continue; // a table run by hand has no cadence, so no lag it could be late against
            }
            String qualified = TableNames.qualified(table);
            java.time.Duration sla = lagSla(table);
            Alarm alarm = Alarm.Builder.create(this, "WatermarkLag-" + TableNames.slug(table))
                    .alarmName(prefix + TableNames.slug(table) + "-watermark-lag")
                    .alarmDescription("Data of " + qualified + " is older than its SLA of " + sla.toMinutes()
                            + " minutes (twice its schedule period): check the last executions and the source.")
                    .metric(PipelineMetrics.forTable(PipelineMetrics.WATERMARK_LAG_SECONDS, qualified, "Maximum",
                            Duration.minutes(15)))
                    .threshold(sla.toSeconds())
                    .comparisonOperator(ComparisonOperator.GREATER_THAN_THRESHOLD)
                    .evaluationPeriods(1)
                    .treatMissingData(TreatMissingData.NOT_BREACHING)
                    .build();
            alarm.addAlarmAction(notify);
            alarm.addOkAction(notify);
            lagAlarms.put(qualified, alarm);
            alarms.add(alarm);
        }
    }

    private void add(SnsAction notify, Alarm.Builder builder, int threshold) {
        Alarm alarm = builder
                .threshold(threshold)
                .comparisonOperator(ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD)
                .evaluationPeriods(1)
                .treatMissingData(TreatMissingData.NOT_BREACHING)
                .build();
        alarm.addAlarmAction(notify);
        alarms.add(alarm);
    }

    /** Lag alarms by qualified table name. */
    public Map<String, Alarm> lagAlarms() {
        return Map.copyOf(lagAlarms);
    }

    public List<Alarm> alarms() {
        return List.copyOf(alarms);
    }
}

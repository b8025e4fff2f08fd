package dev.sluice.infra;

import dev.sluice.core.config.TableConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.cloudwatch.Dashboard;
import software.amazon.awscdk.services.cloudwatch.GraphWidget;
import software.amazon.awscdk.services.cloudwatch.HorizontalAnnotation;
import software.amazon.awscdk.services.cloudwatch.IMetric;
import software.amazon.awscdk.services.cloudwatch.IWidget;
import software.amazon.awscdk.services.cloudwatch.MathExpression;
import software.amazon.awscdk.services.cloudwatch.MetricOptions;
import software.amazon.awscdk.services.cloudwatch.TextWidget;
import software.amazon.awscdk.services.stepfunctions.IStateMachine;
import software.constructs.Construct;

/**
 * The environment's dashboard {@code sluice-<env>}: extraction throughput (rows/s) and watermark lag per table,
 * chunk duration, execution outcomes and function errors.
 */
public final class OperationsDashboard extends Construct {

    private static final Duration PERIOD = Duration.minutes(5);

    private final Dashboard dashboard;

    /** What the dashboard shows; see {@link #builder()}. */
    public record Props(String environment, IStateMachine stateMachine, PipelineFunctions functions,
                        List<TableConfig> tables) {

        public Props {
            Objects.requireNonNull(environment, "environment");
            Objects.requireNonNull(stateMachine, "stateMachine");
            Objects.requireNonNull(functions, "functions");
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

            public Builder environment(String v) { environment = v; return this; }
            public Builder stateMachine(IStateMachine v) { stateMachine = v; return this; }
            public Builder functions(PipelineFunctions v) { functions = v; return this; }
            public Builder tables(List<TableConfig> v) { tables = v; return this; }

            public Props build() {
                return new Props(environment, stateMachine, functions, tables);
            }
        }
    }

    public OperationsDashboard(Construct scope, String id, Props props) {
        super(scope, id);
        List<IMetric> rowsPerSecond = new ArrayList<>();
        List<IMetric> lag = new ArrayList<>();
        List<IMetric> chunkDuration = new ArrayList<>();
        List<HorizontalAnnotation> slas = new ArrayList<>();
        int i = 0;
        for (TableConfig table : props.tables()) {
            String qualified = TableNames.qualified(table);
            rowsPerSecond.add(MathExpression.Builder.create()
                    .expression("rows" + i + " / PERIOD(rows" + i + ")")
                    .usingMetrics(Map.of("rows" + i, PipelineMetrics.forTable(PipelineMetrics.ROWS_EXTRACTED,
                            qualified, "Sum", PERIOD)))
                    .label(qualified)
                    .period(PERIOD)
                    .build());
            lag.add(PipelineMetrics.forTable(PipelineMetrics.WATERMARK_LAG_SECONDS, qualified, "Maximum", PERIOD));
            chunkDuration.add(PipelineMetrics.forTable(PipelineMetrics.CHUNK_DURATION_SECONDS, qualified, "p90", PERIOD));
            slas.add(HorizontalAnnotation.builder().value(PipelineAlarms.lagSla(table).toSeconds())
                    .label(qualified + " SLA").build());
            i++;
        }
        MetricOptions sum = MetricOptions.builder().statistic("Sum").period(PERIOD).build();
        IStateMachine sm = props.stateMachine();
        List<IMetric> functionErrors = new ArrayList<>();
        for (PipelineFunction f : PipelineFunction.values()) {
            functionErrors.add(props.functions().function(f).metricErrors(
                    MetricOptions.builder().statistic("Sum").period(PERIOD).label(f.id()).build()));
        }

        List<IWidget> header = List.of(TextWidget.Builder.create()
                .markdown("# Sluice " + props.environment() + "\nOne migrate-table execution per table run. Lag above"
                        + " a table's SLA line pages on call; failures carry the failed step and the safe action.")
                .width(24).height(2).build());
        dashboard = Dashboard.Builder.create(this, "Dashboard")
                .dashboardName("sluice-" + props.environment())
                .widgets(List.of(
                        header,
                        List.of(graph("Rows extracted per second", rowsPerSecond, List.of()),
                                graph("Watermark lag (s)", lag, slas)),
                        List.of(graph("Chunk duration p90 (s)", chunkDuration, List.of()),
                                graph("Executions", List.of(sm.metricStarted(sum), sm.metricSucceeded(sum),
                                        sm.metricFailed(sum), sm.metricTimedOut(sum),
                                        sm.metric("ExecutionThrottled", sum)), List.of())),
                        List.of(GraphWidget.Builder.create().title("Function errors").left(functionErrors)
                                .width(24).height(6).build())))
                .build();
    }

    private static IWidget graph(String title, List<IMetric> metrics, List<HorizontalAnnotation> annotations) {
        return GraphWidget.Builder.create().title(title).left(metrics).leftAnnotations(annotations)
                .width(12).height(6).build();
    }

    public Dashboard dashboard() {
        return dashboard;
    }
}

package dev.sluice.infra;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.core.config.ScheduleConfig;
import dev.sluice.core.config.TableConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.TimeZone;
import software.amazon.awscdk.services.scheduler.IScheduleGroup;
import software.amazon.awscdk.services.scheduler.Schedule;
import software.amazon.awscdk.services.scheduler.ScheduleExpression;
import software.amazon.awscdk.services.scheduler.ScheduleTargetInput;
import software.amazon.awscdk.services.scheduler.TimeWindow;
import software.amazon.awscdk.services.scheduler.targets.ScheduleTargetBaseProps;
import software.amazon.awscdk.services.scheduler.targets.StepFunctionsStartExecution;
import software.amazon.awscdk.services.sqs.IQueue;
import software.amazon.awscdk.services.stepfunctions.IStateMachine;
import software.constructs.Construct;

/**
 * One table's EventBridge Scheduler schedule: the configured cron in its time zone, an optional flexible window,
 * retries with a bounded event age and a dead-letter queue, starting the state machine with the canonical input
 * {@code events/<env>/<source>.<schema>.<table>.json}.
 */
public final class TableSchedule extends Construct {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Scheduler retries a failed StartExecution (throttling, service errors) this many times... */
    public static final int RETRY_ATTEMPTS = 5;
    /** ...for at most this long; a start older than this is stale and goes to the dead-letter queue. */
    public static final Duration MAX_EVENT_AGE = Duration.hours(1);

    private final Schedule schedule;
    private final String expression;

    /** One table's schedule; see {@link #builder()}. */
    public record Props(TableConfig table, Path inputFile, IStateMachine stateMachine, IQueue deadLetterQueue,
                        IScheduleGroup group) {

        public Props {
            Objects.requireNonNull(table, "table");
            Objects.requireNonNull(inputFile, "inputFile");
            Objects.requireNonNull(stateMachine, "stateMachine");
            Objects.requireNonNull(deadLetterQueue, "deadLetterQueue");
        }

        public static Builder builder() {
            return new Builder();
        }

        /** Builds {@link Props}. */
        public static final class Builder {
            private TableConfig table;
            private Path inputFile;
            private IStateMachine stateMachine;
            private IQueue deadLetterQueue;
            private IScheduleGroup group;

            public Builder table(TableConfig v) { table = v; return this; }
            public Builder inputFile(Path v) { inputFile = v; return this; }
            public Builder stateMachine(IStateMachine v) { stateMachine = v; return this; }
            public Builder deadLetterQueue(IQueue v) { deadLetterQueue = v; return this; }
            public Builder group(IScheduleGroup v) { group = v; return this; }

            public Props build() {
                return new Props(table, inputFile, stateMachine, deadLetterQueue, group);
            }
        }
    }

    public TableSchedule(Construct scope, String id, Props props) {
        super(scope, id);
        TableConfig table = props.table();
        String qualified = TableNames.qualified(table);
        ScheduleConfig config = table.schedule();
        if (config == null || config.cron() == null || config.cron().isBlank()) {
            throw new SynthException("Config tables[" + table.table() + "].schedule.cron is missing: give an EventBridge"
                    + " cron such as 'cron(0 2 * * ? *)' for the table's incremental runs.");
        }
        this.expression = ScheduleCadence.expression(config.cron());
        String zone = config.timeZone() == null ? "UTC" : config.timeZone();
        String input = input(props.inputFile(), qualified);

        Schedule.Builder builder = Schedule.Builder.create(this, "Schedule")
                .scheduleName(TableNames.slug(table))
                .description("Incremental run of " + qualified)
                .schedule(ScheduleExpression.expression(expression, TimeZone.of(zone)))
                .target(new StepFunctionsStartExecution(props.stateMachine(), ScheduleTargetBaseProps.builder()
                        .input(ScheduleTargetInput.fromText(input))
                        .deadLetterQueue(props.deadLetterQueue())
                        .retryAttempts(RETRY_ATTEMPTS)
                        .maxEventAge(MAX_EVENT_AGE)
                        .build()))
                .timeWindow(config.flexibleWindowMinutes() == null || config.flexibleWindowMinutes() == 0
                        ? TimeWindow.off()
                        : TimeWindow.flexible(Duration.minutes(config.flexibleWindowMinutes())));
        if (props.group() != null) {
            builder.scheduleGroup(props.group());
        }
        this.schedule = builder.build();

        getNode().addValidation(() -> {
            List<String> errors = new ArrayList<>();
            try {
                ZoneId.of(zone);
            } catch (RuntimeException e) {
                errors.add("Config tables[" + table.table() + "].schedule.timeZone '" + zone + "' is not an IANA time"
                        + " zone (e.g. Europe/Paris, UTC).");
            }
            try {
                ScheduleCadence.longestGap(expression);
            } catch (IllegalArgumentException e) {
                errors.add("Config tables[" + table.table() + "].schedule.cron '" + config.cron() + "': "
                        + e.getMessage() + ".");
            }
            Integer window = config.flexibleWindowMinutes();
            if (window != null && (window < 0 || window > 1440)) {
                errors.add("Config tables[" + table.table() + "].schedule.flexibleWindowMinutes is " + window
                        + ": EventBridge Scheduler takes 1 to 1440 minutes (or leave it out).");
            }
            if (TableNames.slug(table).length() > 64) {
                errors.add("Schedule name '" + TableNames.slug(table) + "' for " + qualified
                        + " exceeds Scheduler's 64 characters; shorten the source name.");
            }
            return errors;
        });
    }

    private static String input(Path file, String qualified) {
        if (!Files.isRegularFile(file)) {
            throw new SynthException("Schedule input " + file + " for table " + qualified + " is missing: write the"
                    + " execution input of its scheduled run there (see events/README.md).");
        }
        try {
            JsonNode node = JSON.readTree(file.toFile());
            if (node == null || !node.isObject()) {
                throw new SynthException("Schedule input " + file + " must be a JSON object (the execution input).");
            }
            return JSON.writeValueAsString(node);
        } catch (IOException e) {
            throw new SynthException("Schedule input " + file + " for table " + qualified + " is not valid JSON: "
                    + e.getMessage(), e);
        }
    }

    public Schedule schedule() {
        return schedule;
    }

    /** The EventBridge expression, e.g. {@code cron(0 2 * * ? *)}. */
    public String expression() {
        return expression;
    }
}

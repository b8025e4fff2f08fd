package dev.sluice.infra;

import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.amazon.awscdk.services.sns.ITopic;
import software.amazon.awscdk.services.stepfunctions.DefinitionBody;
import software.amazon.awscdk.services.stepfunctions.LogLevel;
import software.amazon.awscdk.services.stepfunctions.LogOptions;
import software.amazon.awscdk.services.stepfunctions.StateMachine;
import software.amazon.awscdk.services.stepfunctions.StateMachineType;
import software.constructs.Construct;

/**
 * The migrate-table state machine: the ASL file loaded with {@code DefinitionBody.fromFile}, every placeholder
 * substituted (the Lambda aliases, the lake, the topic, the workgroup and the database), all events logged to
 * CloudWatch Logs with execution data, X-Ray tracing on. Its role may invoke exactly the pipeline's aliases, read the
 * runs' chunk item lists (the Distributed Map's ItemReader gets {@code <runs prefix>.../items.json}) and start, follow
 * and stop the child executions a Distributed Map runs of this same state machine. Nothing else of the lake.
 */
public final class MigrationPipeline extends Construct {

    /**
     * The file name of a run's chunk item list ({@code [{"chunkIndex": 0}, ...]}) that Plan writes beside
     * {@code plan.json} under {@code <runs prefix><source>/<schema>.<table>/<runId>/} (docs/PIPELINE.md).
     */
    public static final String ITEMS_FILE = "items.json";

    private final StateMachine stateMachine;
    private final Map<String, String> substitutions;

    /** What the state machine is built from; see {@link #builder()}. */
    public record Props(String environment, StateMachineDefinition definition, PipelineFunctions functions,
                        LakeLayout layout, LakeKey lakeKey, ITopic topic, String athenaWorkgroup, String glueDatabase,
                        boolean disposable) {

        public Props {
            Objects.requireNonNull(environment, "environment");
            Objects.requireNonNull(definition, "definition");
            Objects.requireNonNull(functions, "functions");
            Objects.requireNonNull(layout, "layout");
            Objects.requireNonNull(lakeKey, "lakeKey");
            Objects.requireNonNull(topic, "topic");
            Objects.requireNonNull(athenaWorkgroup, "athenaWorkgroup");
            Objects.requireNonNull(glueDatabase, "glueDatabase");
        }

        public static Builder builder() {
            return new Builder();
        }

        /** Builds {@link Props}. */
        public static final class Builder {
            private String environment;
            private StateMachineDefinition definition;
            private PipelineFunctions functions;
            private LakeLayout layout;
            private LakeKey lakeKey;
            private ITopic topic;
            private String athenaWorkgroup;
            private String glueDatabase;
            private boolean disposable;

            public Builder environment(String v) { environment = v; return this; }
            public Builder definition(StateMachineDefinition v) { definition = v; return this; }
            public Builder functions(PipelineFunctions v) { functions = v; return this; }
            public Builder layout(LakeLayout v) { layout = v; return this; }
            public Builder lakeKey(LakeKey v) { lakeKey = v; return this; }
            public Builder topic(ITopic v) { topic = v; return this; }
            public Builder athenaWorkgroup(String v) { athenaWorkgroup = v; return this; }
            public Builder glueDatabase(String v) { glueDatabase = v; return this; }
            public Builder disposable(boolean v) { disposable = v; return this; }

            public Props build() {
                return new Props(environment, definition, functions, layout, lakeKey, topic, athenaWorkgroup,
                        glueDatabase, disposable);
            }
        }
    }

    /** The state machine of an environment: {@code sluice-<env>-migrate-table}. */
    public static String stateMachineName(String environment) {
        return "sluice-" + environment + "-migrate-table";
    }

    public MigrationPipeline(Construct scope, String id, Props props) {
        super(scope, id);
        String name = stateMachineName(props.environment());
        LakeLayout layout = props.layout();

        Map<String, String> available = new LinkedHashMap<>();
        for (PipelineFunction f : PipelineFunction.values()) {
            available.put(f.placeholder(), props.functions().alias(f).getFunctionArn());
        }
        available.put("LakeBucket", layout.bucket());
        available.put("StatePrefix", layout.statePrefix());
        available.put("RawPrefix", layout.rawPrefix());
        available.put("NotificationTopicArn", props.topic().getTopicArn());
        available.put("AthenaWorkgroup", props.athenaWorkgroup());
        available.put("GlueDatabase", props.glueDatabase());
        this.substitutions = props.definition().substitutions(available);

        LogGroup logs = LogGroup.Builder.create(this, "Logs")
                .logGroupName("/aws/vendedlogs/states/" + name)
                .retention(RetentionDays.THREE_MONTHS)
                .removalPolicy(props.disposable() ? RemovalPolicy.DESTROY : RemovalPolicy.RETAIN)
                .build();

        Role role = Role.Builder.create(this, "Role")
                .assumedBy(new ServicePrincipal("states.amazonaws.com"))
                .description("Sluice " + props.environment() + " migrate-table state machine")
                .build();

        this.stateMachine = StateMachine.Builder.create(this, "StateMachine")
                .stateMachineName(name)
                .stateMachineType(StateMachineType.STANDARD)
                .definitionBody(DefinitionBody.fromFile(props.definition().file().toString()))
                .definitionSubstitutions(substitutions)
                .role(role)
                .tracingEnabled(true)
                .logs(LogOptions.builder().destination(logs).level(LogLevel.ALL).includeExecutionData(true).build())
                .build();

        for (PipelineFunction f : PipelineFunction.values()) {
            props.functions().alias(f).grantInvoke(role);
        }
        // Distributed Map: its ItemReader (s3:getObject) reads the run's chunk item list, and it runs one child
        // execution of this state machine per chunk. Only the item lists: manifests, reports and watermarks are the
        // functions' business. ARNs are built from the name to avoid a self-reference.
        String stateMachineArn = ResourceArns.regional("states", "stateMachine:" + name);
        String executions = ResourceArns.regional("states", "execution:" + name + "/*");
        role.addToPolicy(PolicyStatement.Builder.create()
                .sid("ReadChunkItemLists")
                .actions(List.of("s3:GetObject"))
                .resources(List.of(itemListsArn(layout)))
                .build());
        role.addToPolicy(props.lakeKey().allow("DecryptChunkItemLists", List.of("kms:Decrypt")));
        role.addToPolicy(PolicyStatement.Builder.create()
                .sid("RunDistributedMapChildren")
                .actions(List.of("states:StartExecution"))
                .resources(List.of(stateMachineArn))
                .build());
        role.addToPolicy(PolicyStatement.Builder.create()
                .sid("FollowDistributedMapChildren")
                .actions(List.of("states:DescribeExecution", "states:StopExecution"))
                .resources(List.of(executions))
                .build());

        List<String> wildcards = new ArrayList<>(List.of(
                "Resource::*",
                "Resource::" + ResourceArns.bucketAsNag(layout.bucket()) + "/" + layout.runsPrefix() + "*/" + ITEMS_FILE,
                "Resource::" + ResourceArns.regionalAsNag("states", "execution:" + name + "/*")));
        if (props.lakeKey().wildcardAsNag() != null) {
            wildcards.add(props.lakeKey().wildcardAsNag());
        }
        NagSuppressions.addResourceSuppressions(role, List.of(NagPackSuppression.builder()
                .id("AwsSolutions-IAM5")
                .reason("Step Functions log delivery and X-Ray take '*' (no resource-level permissions); chunk item"
                        + " lists are one per run (<runs prefix>*/items.json, read by the Distributed Map's"
                        + " ItemReader); Distributed Map child executions get generated names"
                        + " under this state machine only; a lake key configured by alias is granted as key/* limited"
                        + " to that alias by kms:ResourceAliases.")
                .appliesTo(wildcards)
                .build()), true);

        getNode().addValidation(() -> {
            List<String> errors = new ArrayList<>();
            if (name.length() > 80) {
                errors.add("State machine name " + name + " exceeds 80 characters; shorten the environment name.");
            }
            return errors;
        });
    }

    /** Every run's chunk item list: {@code arn:<partition>:s3:::<bucket>/<runs prefix>*}{@code /items.json}. */
    static String itemListsArn(LakeLayout layout) {
        return ResourceArns.bucket(layout.bucket()) + "/" + layout.runsPrefix() + "*/" + ITEMS_FILE;
    }

    public StateMachine stateMachine() {
        return stateMachine;
    }

    /** The substitutions handed to CloudFormation: exactly the placeholders of the ASL file. */
    public Map<String, String> substitutions() {
        return Map.copyOf(substitutions);
    }
}

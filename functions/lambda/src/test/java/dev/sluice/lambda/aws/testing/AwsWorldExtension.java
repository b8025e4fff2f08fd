package dev.sluice.lambda.aws.testing;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * Gives tests the {@link AwsWorld} of this JVM ({@link AwsWorld#selection()}), started on first use and closed when
 * the test run ends (one LocalStack container, or one set of stand-ins, for every test class). Test methods and
 * lifecycle methods declare a parameter of type {@link AwsWorld} (or {@link LocalStackWorld} in a
 * {@link LocalStackOnly} class). Every test prints the world it ran in.
 *
 * <p>Classes annotated {@link LocalStackOnly} are disabled, with the reason, in the stand-in world: they never fail
 * for want of Docker.
 */
public final class AwsWorldExtension implements ExecutionCondition, BeforeAllCallback, BeforeEachCallback,
        ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(AwsWorld.class);

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        boolean localStackOnly = context.getTestClass()
                .map(c -> AnnotationSupport.isAnnotated(c, LocalStackOnly.class)).orElse(false);
        AwsWorld.Selection selection = AwsWorld.selection();
        if (localStackOnly && selection.kind() != AwsWorld.Kind.LOCALSTACK) {
            String reason = "LocalStack-only test skipped: " + selection.reason();
            if (context.getTestMethod().isEmpty()) {
                System.out.println(context.getRequiredTestClass().getSimpleName() + ": " + reason);
            }
            return ConditionEvaluationResult.disabled(reason);
        }
        return ConditionEvaluationResult.enabled("AWS world: " + selection.kind().label());
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        world(context);
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        System.out.println("[AWS world: " + world(context).kind().label() + "] " + context.getRequiredTestClass()
                .getSimpleName() + "." + context.getRequiredTestMethod().getName());
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == AwsWorld.class || type == LocalStackWorld.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        AwsWorld world = world(context);
        Class<?> type = parameter.getParameter().getType();
        if (!type.isInstance(world)) {
            throw new ParameterResolutionException(parameter.getDeclaringExecutable() + " needs a " + type.getSimpleName()
                    + " but this JVM runs in the " + world.kind().label() + " world: annotate the class @LocalStackOnly");
        }
        return world;
    }

    private static AwsWorld world(ExtensionContext context) {
        return context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent(AwsWorld.class, key -> start(),
                AwsWorld.class);
    }

    private static AwsWorld start() {
        AwsWorld.Selection selection = AwsWorld.selection();
        try {
            AwsWorld world = selection.kind() == AwsWorld.Kind.LOCALSTACK ? LocalStackWorld.start()
                    : StandInWorld.start();
            System.out.println("AWS world for the integration tests: " + world.description() + " ("
                    + selection.reason() + ")");
            return world;
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the " + selection.kind().label() + " AWS world ("
                    + selection.reason() + "): " + e.getMessage(), e);
        }
    }
}

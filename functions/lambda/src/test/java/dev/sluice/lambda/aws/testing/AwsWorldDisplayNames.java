package dev.sluice.lambda.aws.testing;

import java.lang.reflect.Method;
import java.util.List;
import org.junit.jupiter.api.DisplayNameGenerator;

/**
 * Display names that say which {@link AwsWorld} a test ran in: the standard names followed by
 * {@code [LocalStack]} or {@code [stand-ins]}. Use with {@code @DisplayNameGeneration(AwsWorldDisplayNames.class)}.
 */
public final class AwsWorldDisplayNames extends DisplayNameGenerator.Standard {

    @Override
    public String generateDisplayNameForClass(Class<?> testClass) {
        return super.generateDisplayNameForClass(testClass) + suffix();
    }

    @Override
    public String generateDisplayNameForMethod(List<Class<?>> enclosingInstanceTypes, Class<?> testClass,
            Method testMethod) {
        return super.generateDisplayNameForMethod(enclosingInstanceTypes, testClass, testMethod) + suffix();
    }

    private static String suffix() {
        return " [" + AwsWorld.selection().kind().label() + "]";
    }
}

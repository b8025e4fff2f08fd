package dev.sluice.lambda.aws.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A test class of the LocalStack tier: tagged {@code localstack} (the default build leaves the tag out, the
 * {@code localstack} Maven profile runs it) and skipped, with the reason, unless this JVM's {@link AwsWorld} is
 * LocalStack (a Docker engine is available).
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Tag("localstack")
@ExtendWith(AwsWorldExtension.class)
public @interface LocalStackOnly {
}

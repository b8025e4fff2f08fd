package dev.sluice.lambda.aws.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A test class that runs in whichever {@link AwsWorld} this JVM selected (LocalStack or the stand-ins), with the
 * world in its display names. The same class is the proof in both worlds.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(AwsWorldExtension.class)
@DisplayNameGeneration(AwsWorldDisplayNames.class)
public @interface InAwsWorld {
}

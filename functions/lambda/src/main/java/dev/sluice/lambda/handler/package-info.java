/**
 * The Lambda functions of {@code statemachines/migrate-table.asl.json}: one {@code <Step>Handler} per
 * {@link dev.sluice.core.pipeline.StepName}, each a one-line subclass of {@link dev.sluice.lambda.handler.StepHandler}
 * naming its step and the core use case that implements it. The base class owns everything the handlers share: JSON
 * binding, the failure contract ({@link dev.sluice.lambda.handler.StepFailures}: only
 * {@link dev.sluice.core.failure.SluiceFailure} subclasses leave, messages redacted by
 * {@link dev.sluice.lambda.handler.SecretRedaction}), JSON logs keyed by step, table, run and chunk, the CloudWatch
 * metrics the alarms and dashboard read ({@link dev.sluice.lambda.handler.StepMeasurement}), X-Ray subsegments and
 * SnapStart priming ({@link dev.sluice.lambda.handler.SnapStartPriming}). The AWS composition root is
 * {@link dev.sluice.lambda.aws.AwsPipeline}.
 */
package dev.sluice.lambda.handler;

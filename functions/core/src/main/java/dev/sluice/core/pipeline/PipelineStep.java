package dev.sluice.core.pipeline;

/**
 * One step of {@code statemachines/migrate-table.asl.json}: a use case that takes the step's typed input (bound
 * from the state's JSON by the handler) and returns its typed output (written back at the state's
 * {@code ResultPath}). Every step is safe to run twice with the same input: a redrive or a retry repeats nothing
 * that already happened. Failures leave as {@link dev.sluice.core.failure.SluiceFailure} subclasses.
 *
 * @param <I> the step's input record
 * @param <O> the step's output record
 */
public interface PipelineStep<I, O> {

    /** The input record type, for binding the state's JSON. */
    Class<I> inputType();

    /** Runs the step. */
    O run(I input);
}

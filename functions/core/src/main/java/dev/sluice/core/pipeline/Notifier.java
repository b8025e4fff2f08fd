package dev.sluice.core.pipeline;

/**
 * Where run outcomes go for people: SNS in AWS, {@code .sluice/notifications.jsonl} locally. Publishing the same
 * notification twice (a redriven Notify step) is harmless: subscribers see a duplicate, never a lost message.
 */
public interface Notifier {

    /** Publishes {@code notification}; returns the transport's message id. */
    String publish(Notification notification);
}

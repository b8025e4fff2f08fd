package dev.sluice.infra;

import dev.sluice.core.config.SluiceConfig;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.constructs.Construct;

/**
 * The stateful half of an environment: the lake (key, bucket, access logs), the Glue database and crawlers, the
 * Athena workgroup and the notifications topic. Deployed rarely; outside a disposable environment its data
 * outlives the stack.
 */
public final class LakehouseStack extends Stack {

    private final LakeLayout layout;
    private final LakeStorage storage;
    private final LakeCatalog catalog;
    private final ValidationWorkgroup workgroup;
    private final NotificationTopic notifications;

    public LakehouseStack(Construct scope, String id, StackProps props, Deployment deployment) {
        super(scope, id, props);
        SluiceConfig config = deployment.config();
        this.layout = LakeLayout.of(config.lake());
        this.storage = new LakeStorage(this, "Lake", LakeStorage.Props.builder()
                .layout(layout)
                .rawRetentionDays(config.lake().rawRetentionDays())
                .kmsKeyArn(config.lake().kmsKeyArn())
                .disposable(deployment.disposable())
                .build());
        this.catalog = new LakeCatalog(this, "Catalog", LakeCatalog.Props.builder()
                .environment(deployment.environment())
                .layout(layout)
                .key(storage.lakeKey())
                .tables(config.tables())
                .disposable(deployment.disposable())
                .build());
        this.workgroup = new ValidationWorkgroup(this, "Validation", ValidationWorkgroup.Props.builder()
                .environment(deployment.environment())
                .layout(layout)
                .key(storage.key())
                .disposable(deployment.disposable())
                .build());
        this.notifications = new NotificationTopic(this, "Notifications", NotificationTopic.Props.builder()
                .environment(deployment.environment())
                .notifications(config.notifications())
                .disposable(deployment.disposable())
                .build());
    }

    public LakeLayout layout() {
        return layout;
    }

    public LakeStorage storage() {
        return storage;
    }

    public LakeCatalog catalog() {
        return catalog;
    }

    public ValidationWorkgroup workgroup() {
        return workgroup;
    }

    public NotificationTopic notifications() {
        return notifications;
    }
}

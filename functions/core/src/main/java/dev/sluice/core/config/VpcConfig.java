package dev.sluice.core.config;

import java.util.List;

/**
 * The network the source is reached from, given as attributes so that {@code cdk synth} never needs a lookup.
 * Absent when the source is reachable without a VPC (local mode, public endpoints).
 */
public record VpcConfig(
        String vpcId,
        List<String> availabilityZones,
        List<String> subnetIds,
        List<String> securityGroupIds) {

    public VpcConfig {
        availabilityZones = availabilityZones == null ? List.of() : List.copyOf(availabilityZones);
        subnetIds = subnetIds == null ? List.of() : List.copyOf(subnetIds);
        securityGroupIds = securityGroupIds == null ? List.of() : List.copyOf(securityGroupIds);
    }
}

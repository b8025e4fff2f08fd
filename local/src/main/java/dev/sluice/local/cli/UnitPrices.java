package dev.sluice.local.cli;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * The AWS unit prices {@code sluice plan} costs a migration with. Explicit constants, not looked up: the estimate
 * must be reproducible and this machine has no AWS access.
 *
 * <p>Source: the public on-demand price pages (aws.amazon.com/lambda/pricing, /step-functions/pricing,
 * /s3/pricing, /athena/pricing) for US East (N. Virginia), as published in 2025 ({@link #AS_OF}); other regions
 * differ by a few percent (eu-west-1 is about the same), free tiers are ignored. Re-check them before quoting a
 * number to anyone who pays the bill.
 *
 * @param lambdaPerGbSecond        Lambda duration, x86_64 (the functions' architecture in infra), first tier
 * @param lambdaPerMillionRequests Lambda requests
 * @param stepFunctionsPerThousandTransitions Step Functions Standard workflows, per 1,000 state transitions
 * @param s3PerThousandPuts        S3 Standard PUT, COPY, POST, LIST requests (multipart parts count as PUTs)
 * @param s3PerGbMonth             S3 Standard storage, first 50 TB, per GB-month (GB = 2^30 bytes)
 * @param athenaPerTbScanned       Athena SQL queries, per TB scanned (TB = 2^40 bytes), 10 MB minimum per query
 */
@JsonPropertyOrder({"region", "asOf", "source", "lambdaPerGbSecond", "lambdaPerMillionRequests",
        "stepFunctionsPerThousandTransitions", "s3PerThousandPuts", "s3PerGbMonth", "athenaPerTbScanned"})
record UnitPrices(String region, String asOf, String source, double lambdaPerGbSecond,
                  double lambdaPerMillionRequests, double stepFunctionsPerThousandTransitions,
                  double s3PerThousandPuts, double s3PerGbMonth, double athenaPerTbScanned) {

    static final String AS_OF = "2025";

    static final UnitPrices US_EAST_1 = new UnitPrices("us-east-1", AS_OF,
            "AWS public on-demand price pages for Lambda, Step Functions, S3 and Athena (US East, N. Virginia); "
                    + "free tiers ignored; not re-checked from this machine",
            0.0000166667, 0.20, 0.025, 0.005, 0.023, 5.00);
}

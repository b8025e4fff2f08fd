#!/usr/bin/env bash
# The app command of cdk.json: `npx cdk synth -c env=dev` runs this from the repository root.
# Picks a JDK >= 21 (the default java may be 17), compiles the infra module and what it depends on (no tests,
# no install), then runs dev.sluice.infra.SluiceApp on the classpath Maven wrote. Build output goes to stderr so
# that stdout stays the CDK CLI's.
set -euo pipefail
cd "$(dirname "$0")/.."

# shellcheck source=select-jdk.sh
source bin/select-jdk.sh

./mvnw -q -B -pl infra -am process-classes 1>&2
exec "$JAVA_HOME/bin/java" -cp "infra/target/classes:$(cat infra/target/cdk-app.classpath)" dev.sluice.infra.SluiceApp "$@"

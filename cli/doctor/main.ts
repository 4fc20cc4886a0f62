/**
 * `npm run doctor -- <environment>`: checks the deployed integration of one environment of
 * the config (DATADOG_AWS_CONFIG, default datadog-aws.config.json) in AWS and in Datadog,
 * and reports what is wrong and how to fix it. See cli/doctor/command.ts.
 */
import { main } from "./command";

main().then((code) => (process.exitCode = code));

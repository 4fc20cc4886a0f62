/**
 * `npm run discover`: enrolls every active account of the AWS Organization named by the
 * config's `organization` section (DATADOG_AWS_CONFIG, default datadog-aws.config.json)
 * into its accounts file, which `npm run synth` reads. See cli/discover/command.ts.
 */
import { main } from "./command";

main().then((code) => (process.exitCode = code));

/**
 * The app cdktf runs (see cdktf.json) and `npm run synth` runs: synthesizes one stack per
 * environment of datadog-aws.config.json (or the file DATADOG_AWS_CONFIG names) into
 * cdktf.out (or CDKTF_OUTDIR).
 */
import { main } from "./cli/synth/synth-app";

main().then((code) => (process.exitCode = code));

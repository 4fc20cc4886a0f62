/**
 * The AWS tags of everything metric streams and log delivery create: the integration's
 * Datadog tags ("key:value" as key and value, a bare "key" with an empty value) and a tag
 * saying what manages them, so even an account with no tags can find them.
 */

/** The tag on every delivery resource naming what manages it. */
export const MANAGED_BY_TAG = { key: "managed-by", value: "datadog-aws-cdktf" } as const;

/** AWS tags from the integration's Datadog tags (the first `:` splits key and value, as Datadog reads them). */
export function deliveryTags(datadogTags: readonly string[]): Record<string, string> {
  const tags: Record<string, string> = { [MANAGED_BY_TAG.key]: MANAGED_BY_TAG.value };
  for (const tag of datadogTags) {
    const at = tag.indexOf(":");
    if (at === -1) tags[tag] = "";
    else tags[tag.slice(0, at)] = tag.slice(at + 1);
  }
  return tags;
}

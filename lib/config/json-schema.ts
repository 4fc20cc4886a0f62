/**
 * The published JSON Schema of the config file, for editors: generated from the zod
 * schemas, then reshaped where an environment's override of `defaults` needs it.
 */
import { z } from "zod";
import { configFileSchema, defaultsSchema, environmentShape } from "./schema";
import { ORGANIZATION_ENVIRONMENT_DESCRIPTION, organizationShape } from "./fields/organization";
import { STACK_NAME_PATTERN } from "./fields/rules";

type JsonSchema = Record<string, unknown>;

/** `schema`, or null ("not set here"), keeping its description and default on top where editors show them. */
function orNull(schema: JsonSchema): JsonSchema {
  const { description, default: byDefault, ...rest } = schema;
  const keys = Object.keys(rest);
  const union = keys.length === 1 && (keys[0] === "anyOf" || keys[0] === "oneOf") ? (rest[keys[0]] as JsonSchema[]) : [rest];
  return {
    ...(byDefault === undefined ? {} : { default: byDefault }),
    ...(description === undefined ? {} : { description }),
    anyOf: [...union, { type: "null" }],
  };
}

interface OverrideForm {
  /** Nested objects need none of their keys: `defaults` may supply them. */
  readonly partial: boolean;
  /** Optional keys may be null, unsetting what the environment inherits. */
  readonly nullable: boolean;
}

/** The properties of an object schema in an override's form (see `overrideOf`). */
function overrideProperties(object: JsonSchema, form: OverrideForm): Record<string, JsonSchema> {
  const required = new Set((object.required as string[] | undefined) ?? []);
  return Object.fromEntries(
    Object.entries(object.properties as Record<string, JsonSchema>).map(([key, field]) => {
      const inner = overrideOf(field, form);
      return [key, form.nullable && !required.has(key) ? orNull(inner) : inner];
    }),
  );
}

/**
 * A field's schema as an environment may write it. Objects merge key by key with
 * `defaults`, which JSON Schema cannot see from inside one environment, so in the partial
 * form nested objects require none of their keys (and union branches may then overlap:
 * oneOf becomes anyOf). Lists are replaced, not merged: what is inside them keeps its own
 * rules. Unknown keys and the shape of every value stay as strict as before.
 */
function overrideOf(field: JsonSchema, form: OverrideForm): JsonSchema {
  const union = (field.oneOf ?? field.anyOf) as JsonSchema[] | undefined;
  if (union) {
    const { oneOf: _oneOf, anyOf: _anyOf, ...rest } = field;
    return { ...rest, anyOf: union.map((branch) => overrideOf(branch, form)) };
  }
  if (field.type !== "object" || typeof field.properties !== "object") return field;
  const { required, ...rest } = field;
  return { ...(form.partial ? rest : { ...rest, ...(required ? { required } : {}) }), properties: overrideProperties(field, form) };
}

/**
 * The whole file as editors see it (the published JSON Schema). It accepts what the tool
 * accepts wherever JSON Schema can say so: an environment overrides any part of a nested
 * object from `defaults` and may set an optional key to null ("not set here"); `defaults`
 * may leave out any key, but an object it gives is complete, as the tool checks it, and it
 * holds no `awsAccountId` and no null. Where the file has no `defaults` for a nested object, an
 * environment's object must be complete (`auth.type`, `backend.type`, an s3 backend's
 * `bucket`), as the tool demands. Other cross-field rules are not expressible there;
 * `npm run synth` reports them.
 */
export function configFileJsonSchema(): Record<string, unknown> {
  const file = z.strictObject({
    $schema: configFileSchema.shape.$schema,
    defaults: defaultsSchema.omit({ awsAccountId: true }).optional().meta({ description: configFileSchema.shape.defaults.description }),
    environments: z.record(z.string().regex(STACK_NAME_PATTERN), z.strictObject(environmentShape)).meta({ description: configFileSchema.shape.environments.description }),
    organization: z
      .strictObject({
        ...organizationShape,
        environment: z.strictObject(environmentShape).omit({ awsAccountId: true }).optional().meta({ description: ORGANIZATION_ENVIRONMENT_DESCRIPTION }),
      })
      .optional()
      .meta({ description: configFileSchema.shape.organization.description }),
  });
  const generated = z.toJSONSchema(file, { io: "input", unrepresentable: "any", target: "draft-7" }) as JsonSchema;
  const properties = generated.properties as Record<string, JsonSchema>;
  const environments = properties.environments;
  const environment = environments.additionalProperties as JsonSchema;
  const organization = properties.organization;
  const organizationProperties = organization.properties as Record<string, JsonSchema>;
  const template = organizationProperties.environment;

  const partial = overrideProperties(environment, { partial: true, nullable: true });
  const complete = overrideProperties(environment, { partial: false, nullable: true });
  // organization.environment is an environment's own settings, but its strings may hold
  // placeholders ({accountId}), which no pattern of the filled-in value can judge.
  const templatePartial = withoutStringRules(overrideProperties(template, { partial: true, nullable: true }));
  const templateComplete = withoutStringRules(overrideProperties(template, { partial: false, nullable: true }));
  // Without defaults for a nested object, nothing can fill in what an environment leaves out.
  const completeWithoutDefaults = Object.keys(complete)
    .filter((key) => JSON.stringify(complete[key]) !== JSON.stringify(partial[key]))
    .map((key) => ({
      if: { type: "object", required: ["defaults"], properties: { defaults: { type: "object", required: [key] } } },
      else: {
        type: "object",
        properties: {
          environments: { type: "object", additionalProperties: { type: "object", properties: { [key]: complete[key] } } },
          ...(templateComplete[key] ? { organization: { type: "object", properties: { environment: { type: "object", properties: { [key]: templateComplete[key] } } } } } : {}),
        },
      },
    }));
  // With an organization section, the environments may all be discovered ones.
  const environmentsUnlessOrganization = {
    if: { type: "object", required: ["organization"] },
    else: { type: "object", required: ["environments"], properties: { environments: { type: "object", minProperties: 1 } } },
  };
  const { required: generatedRequired, ...rest } = generated;
  const required = ((generatedRequired as string[] | undefined) ?? []).filter((key) => key !== "environments");

  return {
    ...rest,
    properties: {
      ...properties,
      environments: { ...environments, additionalProperties: { ...environment, properties: partial } },
      organization: { ...organization, properties: { ...organizationProperties, environment: { ...template, properties: templatePartial } } },
    },
    ...(required.length > 0 ? { required } : {}),
    allOf: [...completeWithoutDefaults, environmentsUnlessOrganization],
    title: "Datadog AWS integration config (datadog-aws-cdktf)",
  };
}

/** A schema without the patterns and lengths of its strings, at any depth (types, keys and choices stay). */
function withoutStringRules<T>(schema: T): T {
  if (Array.isArray(schema)) return schema.map(withoutStringRules) as T;
  if (typeof schema !== "object" || schema === null) return schema;
  return Object.fromEntries(
    Object.entries(schema as JsonSchema)
      .filter(([key]) => key !== "pattern" && key !== "maxLength")
      .map(([key, value]) => [key, withoutStringRules(value)]),
  ) as T;
}

import * as aws from "@pulumi/aws";
import { PolicyResource, StackValidationPolicy } from "@pulumi/policy";
import { BUCKET, configures, ofClasses } from "../lib/buckets";
import { PolicySpec, StackContext, guarded, stackPolicy } from "../lib/define";
import { refersTo } from "../lib/graph";
import { subject } from "../lib/naming";
import { Statement, conditionKeys, lowerActions, statementsOf } from "../lib/policyDocument";
import { asArray, asRecord, listing, stringList } from "../lib/values";

/** A policy document in the stack and the resource a finding about it is reported against. */
interface HeldDocument {
  holder: PolicyResource;
  /** The resource whose tags exempt it: the bucket of a bucket policy, the role of a role policy. */
  owner: PolicyResource;
  /** Reads the document; inside a guard, since it may be unknown during preview. */
  document: () => unknown;
  /** Key policies: `Resource: "*"` means the key itself. */
  keyPolicy: boolean;
  /** Which property held it, for messages. */
  property: string;
}

function ownerVia(
  resources: readonly PolicyResource[],
  holder: PolicyResource,
  property: string,
  isOwner: (r: PolicyResource) => boolean,
  keys: string[],
): PolicyResource {
  return resources.find((r) => isOwner(r) && refersTo(holder, property, r, keys)) ?? holder;
}

/** Every IAM, bucket and key policy document the stack declares. */
function heldDocuments(resources: readonly PolicyResource[]): HeldDocument[] {
  const docs: HeldDocument[] = [];
  const buckets = ofClasses(resources, BUCKET);
  for (const r of resources) {
    if (r.isType(aws.iam.Policy) || r.isType(aws.iam.GroupPolicy)) {
      docs.push({
        holder: r,
        owner: r,
        document: () => r.props["policy"],
        keyPolicy: false,
        property: "policy",
      });
    } else if (r.isType(aws.iam.RolePolicy)) {
      const owner = ownerVia(resources, r, "role", (o) => o.isType(aws.iam.Role), ["name", "id"]);
      docs.push({
        holder: r,
        owner,
        document: () => r.props["policy"],
        keyPolicy: false,
        property: "policy",
      });
    } else if (r.isType(aws.iam.UserPolicy)) {
      const owner = ownerVia(resources, r, "user", (o) => o.isType(aws.iam.User), ["name", "id"]);
      docs.push({
        holder: r,
        owner,
        document: () => r.props["policy"],
        keyPolicy: false,
        property: "policy",
      });
    } else if (r.isType(aws.iam.Role)) {
      for (const [i, inline] of asArray(r.props["inlinePolicies"]).entries()) {
        if (asRecord(inline)?.["policy"] === undefined) continue;
        docs.push({
          holder: r,
          owner: r,
          document: () => asRecord(inline)?.["policy"],
          keyPolicy: false,
          property: `inlinePolicies[${i}].policy`,
        });
      }
    } else if (r.isType(aws.s3.BucketPolicy)) {
      const owner = buckets.find((b) => configures(r, b)) ?? r;
      docs.push({
        holder: r,
        owner,
        document: () => r.props["policy"],
        keyPolicy: false,
        property: "policy",
      });
    } else if (r.isType(aws.kms.Key)) {
      if ("policy" in r.props) {
        docs.push({
          holder: r,
          owner: r,
          document: () => r.props["policy"],
          keyPolicy: true,
          property: "policy",
        });
      }
    } else if (r.isType(aws.kms.KeyPolicy)) {
      const owner = ownerVia(resources, r, "keyId", (o) => o.isType(aws.kms.Key), [
        "keyId",
        "id",
        "arn",
      ]);
      docs.push({
        holder: r,
        owner,
        document: () => r.props["policy"],
        keyPolicy: true,
        property: "policy",
      });
    } else if (r.isType(aws.cloudwatch.LogDestinationPolicy)) {
      docs.push({
        holder: r,
        owner: r,
        document: () => r.props["accessPolicy"],
        keyPolicy: false,
        property: "accessPolicy",
      });
    } else if (r.isType(aws.cloudwatch.LogResourcePolicy)) {
      docs.push({
        holder: r,
        owner: r,
        document: () => r.props["policyDocument"],
        keyPolicy: false,
        property: "policyDocument",
      });
    }
  }
  return docs;
}

function where(doc: HeldDocument): string {
  const holder = subject(doc.holder.type, doc.holder.name);
  return doc.holder === doc.owner
    ? `${holder} ${doc.property}`
    : `${holder} (of ${subject(doc.owner.type, doc.owner.name)})`;
}

/** Runs `check` per document; an unknown document stops only that document's check. */
function eachDocument<C>(
  stack: StackContext<C>,
  docs: HeldDocument[],
  check: (doc: HeldDocument, statements: Statement[], report: (message: string) => void) => void,
): void {
  for (const doc of docs) {
    const finding = stack.findingFor(doc.owner);
    guarded(finding, () => {
      const statements = statementsOf(doc.document());
      if (!statements) {
        finding.violation(`${where(doc)} is not a valid policy document: fix its JSON.`);
        return;
      }
      check(doc, statements, (message) => finding.violation(message));
    });
  }
}

const ADMIN_POLICY = /^arn:[^:]+:iam::aws:policy\/AdministratorAccess$/;

interface WildcardConfig {
  protectedServices: string[];
}

const wildcardSpec: PolicySpec = {
  name: "iam-no-wildcard-admin",
  description:
    'No IAM, bucket or key policy grants "*" (or a whole sensitive service) on every resource.',
  severity: "critical",
  enforcementLevel: "mandatory",
  controls: {},
  remediationSteps:
    "List the actions the principal needs and scope Resource to specific ARNs; attach no " +
    "AdministratorAccess; in key policies grant kms:* only to the key's own account root.",
  configSchema: {
    properties: {
      protectedServices: {
        type: "array",
        items: { type: "string", pattern: "^[a-z0-9-]+$" },
        uniqueItems: true,
        default: ["iam", "kms", "s3", "cloudtrail", "logs"],
        description: 'Services whose "<service>:*" on Resource "*" counts as administrator access.',
      },
    },
  },
};

function keyAccount(key: PolicyResource): string | undefined {
  const arn = key.props["arn"];
  return typeof arn === "string" ? /^arn:[^:]+:kms:[^:]*:(\d{12}):/.exec(arn)?.[1] : undefined;
}

function accountOfPrincipal(principal: string): string | undefined {
  if (/^\d{12}$/.test(principal)) return principal;
  return /^arn:[^:]+:iam::(\d{12}):root$/.exec(principal)?.[1];
}

/** Platform guardrail: the stack's own policies grant no administrator access. */
export const iamNoWildcardAdmin: StackValidationPolicy = stackPolicy<WildcardConfig>(
  wildcardSpec,
  (stack) => {
    const services = stack.config.protectedServices.map((s) => `${s}:*`);
    eachDocument(stack, heldDocuments(stack.resources), (doc, statements, report) => {
      for (const s of statements) {
        if (s.effect !== "Allow") continue;
        const actions = lowerActions(s);
        const wildcard = actions.filter((a) => a === "*" || services.includes(a));
        if (doc.keyPolicy) {
          if (wildcard.length === 0) continue;
          const own = keyAccount(doc.owner);
          const foreign = s.awsPrincipals.filter((p) => {
            const account = accountOfPrincipal(p);
            return account === undefined || (own !== undefined && account !== own);
          });
          if (s.anyPrincipal || foreign.length > 0) {
            report(
              `${where(doc)} statement ${s.label} grants ${listing(wildcard)} to ` +
                `${s.anyPrincipal ? "every principal" : listing(foreign)}: grant full key access only ` +
                "to the key's own account root and list specific kms: actions for everyone else.",
            );
          }
          continue;
        }
        if (!s.resources.includes("*")) continue;
        if (wildcard.length > 0) {
          report(
            `${where(doc)} statement ${s.label} allows ${listing(wildcard.map((a) => `"${a}"`))} on ` +
              'Resource "*": list the actions needed and scope Resource to specific ARNs.',
          );
        } else if (s.notActions.length > 0) {
          report(
            `${where(doc)} statement ${s.label} allows everything except ${listing(s.notActions)} on ` +
              'Resource "*": replace NotAction with the actions needed.',
          );
        }
      }
    });
    const attachments = stack.resources.filter(
      (r) =>
        r.isType(aws.iam.RolePolicyAttachment) ||
        r.isType(aws.iam.UserPolicyAttachment) ||
        r.isType(aws.iam.GroupPolicyAttachment) ||
        r.isType(aws.iam.PolicyAttachment) ||
        r.isType(aws.iam.Role),
    );
    stack.each(attachments, (r, finding) => {
      const arns = r.isType(aws.iam.Role)
        ? stringList(r.props["managedPolicyArns"])
        : stringList(r.props["policyArn"]);
      if (arns.some((a) => ADMIN_POLICY.test(a))) {
        finding.violation(
          `${finding.subject} attaches AdministratorAccess: attach a policy with the actions needed instead.`,
        );
      }
    });
  },
);

interface ScopedConfig {
  scopingConditionKeys: string[];
}

const scopedSpec: PolicySpec = {
  name: "cross-account-delivery-scoped",
  description:
    "Bucket, key and log-destination policies that grant AWS services access say for whose resources.",
  severity: "high",
  enforcementLevel: "mandatory",
  controls: {},
  remediationSteps:
    "Add a condition on aws:SourceOrgID, aws:SourceAccount or aws:SourceArn to every Allow statement " +
    "whose Principal is an AWS service (confused-deputy protection).",
  configSchema: {
    properties: {
      scopingConditionKeys: {
        type: "array",
        items: { type: "string", minLength: 1 },
        minItems: 1,
        uniqueItems: true,
        default: ["aws:SourceOrgID", "aws:SourceOrgPaths", "aws:SourceAccount", "aws:SourceArn"],
        description: "Condition keys that scope a service principal to the intended sources.",
      },
    },
  },
};

const DELIVERY_DOCUMENT_TYPES = [
  "aws:s3/bucketPolicy:BucketPolicy",
  "aws:kms/key:Key",
  "aws:kms/keyPolicy:KeyPolicy",
  "aws:cloudwatch/logDestinationPolicy:LogDestinationPolicy",
  "aws:cloudwatch/logResourcePolicy:LogResourcePolicy",
];

/** Platform guardrail: a service principal cannot be used on behalf of someone else's resources. */
export const crossAccountDeliveryScoped: StackValidationPolicy = stackPolicy<ScopedConfig>(
  scopedSpec,
  (stack) => {
    const keys = stack.config.scopingConditionKeys.map((k) => k.toLowerCase());
    const docs = heldDocuments(stack.resources).filter((d) =>
      DELIVERY_DOCUMENT_TYPES.includes(d.holder.type),
    );
    eachDocument(stack, docs, (doc, statements, report) => {
      for (const s of statements) {
        if (s.effect !== "Allow" || s.servicePrincipals.length === 0) continue;
        if (conditionKeys(s).some((k) => keys.includes(k))) continue;
        report(
          `${where(doc)} statement ${s.label} lets ${listing(s.servicePrincipals)} in without saying ` +
            `for whom: add a condition on ${listing(stack.config.scopingConditionKeys)}.`,
        );
      }
    });
  },
);

import { Document, YAMLMap, YAMLSeq, isMap, isSeq, parseDocument } from "yaml";
import {
  CONFIG_NAMESPACE,
  PlatformConfig,
  decodeRuntimeConfig,
  parsePlatformConfig,
} from "../../components/config";
import { StackConfigError, loadStackWithText } from "../offline/stackConfig";
import { MemberRequest } from "./membership";

/** The key of the member list in a stack file. */
export const MEMBERS_KEY = `${CONFIG_NAMESPACE}:members`;

/** Render options that reproduce an untouched document byte for byte (no re-folding). */
const RENDER = { lineWidth: 0 } as const;

function parse(text: string, file: string): Document {
  const doc = parseDocument(text);
  if (doc.errors.length > 0) {
    throw new StackConfigError(`${file} is not valid YAML: ${doc.errors[0].message}`);
  }
  if (!isMap(doc.get("config"))) {
    throw new StackConfigError(`${file}: "config" must be a mapping`);
  }
  return doc;
}

function membersOf(doc: Document, file: string): YAMLSeq | undefined {
  const node = doc.getIn(["config", MEMBERS_KEY], true);
  if (node === undefined) return undefined;
  if (!isSeq(node)) throw new StackConfigError(`${file}: ${MEMBERS_KEY} must be a list`);
  return node;
}

/**
 * The stack file with `member` appended to the member list (created at the end of `config` when
 * absent). Comments, key order and every other byte of the file are kept.
 */
export function withMemberAdded(text: string, member: MemberRequest, file: string): string {
  const doc = parse(text, file);
  const entry: Record<string, unknown> = {
    id: member.accountId,
    name: member.name,
    regions: member.regions,
  };
  if (member.roleName !== undefined) entry["roleName"] = member.roleName;
  const members = membersOf(doc, file);
  if (members) members.add(doc.createNode(entry));
  else (doc.get("config") as YAMLMap).set(MEMBERS_KEY, doc.createNode([entry]));
  return doc.toString(RENDER);
}

/** The stack file without the member of `accountId` (an empty list stays as `[]`). */
export function withMemberRemoved(text: string, accountId: string, file: string): string {
  const doc = parse(text, file);
  const members = membersOf(doc, file);
  const index =
    members?.items.findIndex((item) => isMap(item) && String(item.get("id")) === accountId) ?? -1;
  if (members === undefined || index < 0) {
    throw new StackConfigError(`${file}: no member with id "${accountId}"`);
  }
  members.delete(index);
  if (members.items.length === 0) members.flow = true;
  return doc.toString(RENDER);
}

/**
 * Validates a stack file's text exactly as the program does: the project's Pulumi.yaml defaults
 * overlaid with the stack's config (tools/offline/stackConfig), decoded and parsed by
 * components/config. Only Pulumi.yaml is read; nothing is written.
 * @throws ConfigValidationError or StackConfigError.
 */
export function validateStackText(programDir: string, stack: string, text: string): PlatformConfig {
  const loaded = loadStackWithText(programDir, stack, text);
  return parsePlatformConfig(decodeRuntimeConfig(loaded.config), { stack });
}

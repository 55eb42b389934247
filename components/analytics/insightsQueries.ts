import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { QueryFile } from "./athena";

/** A set of log groups a query header may name, and where they live. */
export interface LogGroupSet {
  /** Provider of the account and Region holding the groups (the query is saved there). */
  provider: aws.Provider;
  /** The groups; at least one (a query bound to none would open with no group selected). */
  logGroupNames: pulumi.Input<string>[];
}

/** Args of {@link SavedInsightsQueries}. */
export interface SavedInsightsQueriesArgs {
  /** Console folder of the saved queries (query names become `<folder>/<name>`). Required. */
  folder: string;
  /** The queries (queries/insights/*), each with a `-- log-groups:` header naming a set. Required. */
  queries: QueryFile[];
  /** The sets a query header may name (e.g. `trail`, `lambda`). Required. */
  logGroupSets: Readonly<Record<string, LogGroupSet>>;
}

/**
 * CloudWatch Logs Insights saved queries, each saved in the account of the set its header names
 * and bound to that set's log groups, so they open with the platform's own groups selected.
 * @throws Error naming the file when a header names no set or an unknown one, or the set that
 *   lists no log group.
 */
export class SavedInsightsQueries extends pulumi.ComponentResource {
  readonly definitions: readonly aws.cloudwatch.QueryDefinition[];

  constructor(
    name: string,
    args: SavedInsightsQueriesArgs,
    opts?: pulumi.ComponentResourceOptions,
  ) {
    super("logging:analytics:SavedInsightsQueries", name, {}, opts);
    for (const [setName, set] of Object.entries(args.logGroupSets)) {
      if (set.logGroupNames.length === 0) {
        throw new Error(`log group set "${setName}": must list at least one log group`);
      }
    }
    this.definitions = args.queries.map((q) => {
      const setName = q.fields["log-groups"];
      const set = setName === undefined ? undefined : args.logGroupSets[setName];
      if (set === undefined) {
        throw new Error(
          `${q.file}: header "-- log-groups:" must name one of ${Object.keys(args.logGroupSets).join(", ")}, got ${JSON.stringify(setName)}`,
        );
      }
      return new aws.cloudwatch.QueryDefinition(
        `${name}-${q.file.replace(/\.[a-z]+$/, "")}`,
        {
          name: `${args.folder}/${q.name}`,
          queryString: q.query,
          logGroupNames: set.logGroupNames,
        },
        { parent: this, provider: set.provider },
      );
    });
    this.registerOutputs({});
  }
}

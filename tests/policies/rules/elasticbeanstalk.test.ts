import { policies } from "../../../policies/rules";
import { assertClean, assertLines, res, run } from "../harness";

const policy = (name: string) => policies.find((p) => p.name === name)!;
const ENV = "aws:elasticbeanstalk/environment:Environment";
const TEMPLATE = "aws:elasticbeanstalk/configurationTemplate:ConfigurationTemplate";
const stream = (value: string) => ({
  namespace: "aws:elasticbeanstalk:cloudwatch:logs",
  name: "StreamLogs",
  value,
});

describe("elasticbeanstalk-logs", () => {
  const p = policy("elasticbeanstalk-logs");
  const message =
    'mandatory web: [ElasticBeanstalk.3] aws.elasticbeanstalk.Environment "web" keeps instance logs on the instances: add setting { namespace: "aws:elasticbeanstalk:cloudwatch:logs", name: "StreamLogs", value: "true" }.';

  it("accepts StreamLogs on the environment or its configuration template", async () => {
    assertClean(
      await run(p, [res(ENV, "web", { application: "app", settings: [stream("true")] })]),
    );
    const template = res(TEMPLATE, "base", {
      application: "app",
      name: "base",
      settings: [stream("true")],
    });
    assertClean(
      await run(p, [template, res(ENV, "web", { application: "app", templateName: "base" })]),
    );
  });

  it("fails an environment that does not stream, even if its template does", async () => {
    assertLines(await run(p, [res(ENV, "web", { application: "app" })]), [message]);
    const template = res(TEMPLATE, "base", {
      application: "app",
      name: "base",
      settings: [stream("true")],
    });
    assertLines(
      await run(p, [
        template,
        res(ENV, "web", { application: "app", templateName: "base", settings: [stream("false")] }),
      ]),
      [message],
    );
  });
});

/**
 * The permissions `npm run discover` and `npm run doctor` ask for when AWS refuses them
 * (lib/facts/command-permissions.ts), against AWS's own catalogue of IAM actions: each is
 * a real action of its service, spelled as AWS spells it, and only reads, as the messages
 * promise ("the doctor only reads IAM"; AWSOrganizationsReadOnlyAccess has them).
 */
import { actionInfo } from "../support/iam/action-catalogue";
import { DISCOVER_PERMISSIONS, DOCTOR_IAM_PERMISSIONS } from "../../lib/facts/command-permissions";

const LISTS = [
  ["discover", "organizations", DISCOVER_PERMISSIONS],
  ["doctor", "iam", DOCTOR_IAM_PERMISSIONS],
] as const;

describe.each(LISTS)("what %s asks for", (_command, service, actions) => {
  test(`each is a real ${service} action, once, as AWS spells it`, async () => {
    expect(new Set(actions).size).toBe(actions.length);
    for (const action of actions) {
      const [prefix, name] = action.split(":");
      expect(prefix).toBe(service);
      expect((await actionInfo(prefix, name)).action).toBe(action);
    }
  });

  test("none changes anything (only Read and List access levels)", async () => {
    const infos = await Promise.all(actions.map((a) => actionInfo(a.split(":")[0], a.split(":")[1])));
    const changing = infos.filter((i) => !i.accessLevels.every((l) => l === "Read" || l === "List"));
    expect(changing.map((i) => `${i.action}: ${i.accessLevels.join(", ")}`)).toEqual([]);
  });
});

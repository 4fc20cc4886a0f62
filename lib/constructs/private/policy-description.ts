/**
 * The description of a permissions policy says only what never changes: IAM cannot change
 * a policy's description, so Terraform would replace the policy (a moment without the
 * permission) whenever it changed. Which lists a policy holds is in a tag
 * (PERMISSIONS_TAG), which updates in place; descriptions written by earlier versions are
 * left as they are (the policies ignore changes to it).
 */
export function permissionsPolicyDescription(principalName: string, part: number | string): string {
  return `Datadog AWS integration permissions for ${principalName}, part ${part}`;
}

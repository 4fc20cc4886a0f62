/**
 * A line diff of two versions of a file, as `npm run discover -- --dry-run` prints what it
 * would change in the accounts file: unchanged lines with two spaces, removed with "- ",
 * added with "+ ", and runs of unchanged lines shortened to the few around each change.
 */

/** Lines of context kept around each change. */
const CONTEXT = 2;

type Line = { readonly mark: " " | "-" | "+"; readonly text: string };

/** The edit from `a` to `b` as a longest common subsequence (both trimmed of their common ends first: changes are usually few). */
function lineEdits(a: readonly string[], b: readonly string[]): Line[] {
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA--;
    endB--;
  }
  const midA = a.slice(start, endA);
  const midB = b.slice(start, endB);
  // lcs[i][j]: the longest common subsequence of midA[i..] and midB[j..].
  const lcs = Array.from({ length: midA.length + 1 }, () => new Uint32Array(midB.length + 1));
  for (let i = midA.length - 1; i >= 0; i--) for (let j = midB.length - 1; j >= 0; j--) lcs[i][j] = midA[i] === midB[j] ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
  const middle: Line[] = [];
  let i = 0;
  let j = 0;
  while (i < midA.length || j < midB.length) {
    if (i < midA.length && j < midB.length && midA[i] === midB[j]) {
      middle.push({ mark: " ", text: midA[i++] });
      j++;
    } else if (j < midB.length && (i === midA.length || lcs[i][j + 1] >= lcs[i + 1][j])) middle.push({ mark: "+", text: midB[j++] });
    else middle.push({ mark: "-", text: midA[i++] });
  }
  const same = (text: string): Line => ({ mark: " ", text });
  return [...a.slice(0, start).map(same), ...middle, ...a.slice(endA).map(same)];
}

/** `before` → `after` as marked lines, unchanged runs shortened to "  ..."; "" when they are the same. */
export function describeTextChange(before: string, after: string): string {
  const split = (text: string) => (text === "" ? [] : text.replace(/\n$/, "").split("\n"));
  const lines = lineEdits(split(before), split(after));
  if (lines.every((l) => l.mark === " ")) return "";
  const near = lines.map((_, k) => lines.slice(Math.max(0, k - CONTEXT), k + CONTEXT + 1).some((l) => l.mark !== " "));
  const out: string[] = [];
  lines.forEach((line, k) => {
    if (near[k]) out.push(`${line.mark} ${line.text}`);
    else if (near[k - 1] !== false) out.push("  ...");
  });
  return `${out.join("\n")}\n`;
}

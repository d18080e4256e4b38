/**
 * The README's install example, read from README.md at run time so that the tarball test runs
 * exactly what a user copies: the first ```ts block of the "Install into your program" section.
 */
import * as fs from "fs";
import * as path from "path";

/** The README of the package. */
export const README = path.resolve(__dirname, "..", "..", "README.md");

/** The heading of the section the example is taken from. */
export const INSTALL_HEADING = "## Install into your program";

/** The text of a `## ` section of `markdown` (up to the next `## ` heading). */
export function section(markdown: string, heading: string): string {
  const start = markdown.split("\n").findIndex((line) => line.trim() === heading);
  if (start < 0) throw new Error(`no "${heading}" section in the README`);
  const rest = markdown.split("\n").slice(start + 1);
  const end = rest.findIndex((line) => line.startsWith("## "));
  return (end < 0 ? rest : rest.slice(0, end)).join("\n");
}

/** The first fenced code block of `lang` in `markdown`. */
export function firstCodeBlock(markdown: string, lang: string): string {
  const match = new RegExp("^```" + lang + "[ \\t]*\\n([\\s\\S]*?)^```[ \\t]*$", "m").exec(markdown);
  if (!match) throw new Error(`no \`\`\`${lang} block`);
  return match[1];
}

/** The README's install example program (TypeScript source). */
export function readmeInstallExample(readme = fs.readFileSync(README, "utf8")): string {
  return firstCodeBlock(section(readme, INSTALL_HEADING), "ts");
}

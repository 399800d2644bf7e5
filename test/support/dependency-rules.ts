import { cruise, type IFlattenedRuleSet } from 'dependency-cruiser';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import ts from 'typescript';

export interface DependencyViolation {
  rule: string;
  from: string;
  to: string;
  /** the modules of the circle, for no-circular */
  cycle?: string[];
}

function typeScriptFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return e.name === 'node_modules' ? [] : typeScriptFiles(path);
    return e.name.endsWith('.ts') && !e.name.endsWith('.d.ts') ? [path] : [];
  });
}

/** Every module a TypeScript file names: imports and re-exports, type-only ones too, and import() calls and types. */
function importedSpecifiers(fileName: string, source: string): string[] {
  const specifiers: string[] = [];
  const visit = (node: ts.Node) => {
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      specifiers.push(node.moduleSpecifier.text);
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument) && ts.isStringLiteral(node.argument.literal)) {
      specifiers.push(node.argument.literal.text);
    } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword && node.arguments[0] && ts.isStringLiteral(node.arguments[0])) {
      specifiers.push(node.arguments[0].text);
    }
    ts.forEachChild(node, visit);
  };
  visit(ts.createSourceFile(fileName, source, ts.ScriptTarget.Latest, false));
  return specifiers;
}

/**
 * Cruises the TypeScript under `dirs` (relative to `root`) with dependency-cruiser and returns
 * what breaks `ruleSet`. dependency-cruiser 16 parses TypeScript only below version 6, so each
 * file is mirrored, in a temporary folder, as a .js file holding nothing but its relative imports
 * (`./x.js` then names the mirror of `./x.ts`); dependency-cruiser resolves them and applies the
 * rules there. Package imports are left out: the rules are about our own modules.
 */
export async function dependencyViolations(root: string, dirs: string[], ruleSet: IFlattenedRuleSet): Promise<DependencyViolation[]> {
  const mirror = mkdtempSync(join(tmpdir(), 'dependency-rules-'));
  try {
    for (const dir of dirs) {
      for (const file of typeScriptFiles(join(root, dir))) {
        const relative = file.slice(root.length + 1);
        const imports = importedSpecifiers(file, readFileSync(file, 'utf8')).filter((s) => s.startsWith('.'));
        const target = join(mirror, relative.replace(/\.ts$/, '.js'));
        mkdirSync(dirname(target), { recursive: true });
        writeFileSync(target, imports.map((s) => `import ${JSON.stringify(s)};\n`).join(''));
      }
    }
    const result = await cruise(dirs, { baseDir: mirror, validate: true, ruleSet });
    if (typeof result.output === 'string') throw new Error('dependency-cruiser returned a report instead of results');
    const named = (path: string) => path.replace(/\.js$/, '.ts');
    return result.output.summary.violations.map((v) => ({
      rule: v.rule.name,
      from: named(v.from),
      to: named(v.to),
      ...(v.cycle ? { cycle: v.cycle.map((c) => named(c.name)) } : {}),
    }));
  } finally {
    rmSync(mirror, { recursive: true, force: true });
  }
}

import { cruise, type IFlattenedRuleSet } from 'dependency-cruiser';

export interface DependencyViolation {
  rule: string;
  from: string;
  to: string;
  /** the modules of the circle, for no-circular */
  cycle?: string[];
}

/**
 * Cruises the TypeScript under `dirs` (relative to `root`) with dependency-cruiser and returns
 * what breaks `ruleSet`. Type-only imports count (`tsPreCompilationDeps`); `./x.js` in an import
 * names `./x.ts` (the project's ESM imports), as TypeScript resolves it.
 */
export async function dependencyViolations(root: string, dirs: string[], ruleSet: IFlattenedRuleSet): Promise<DependencyViolation[]> {
  const result = await cruise(
    dirs,
    { baseDir: root, validate: true, ruleSet, tsPreCompilationDeps: true, exclude: { path: 'node_modules' }, doNotFollow: { path: 'node_modules' } },
    { extensionAlias: { '.js': ['.ts', '.js'] } },
  );
  if (typeof result.output === 'string') throw new Error('dependency-cruiser returned a report instead of results');
  // a parser that cannot read the files cruises nothing and so finds nothing: that is not a pass
  if (result.output.summary.totalCruised === 0) throw new Error(`dependency-cruiser read no module under ${dirs.join(', ')}`);
  return result.output.summary.violations.map((v) => ({
    rule: v.rule.name,
    from: v.from,
    to: v.to,
    ...(v.cycle ? { cycle: v.cycle.map((c) => c.name) } : {}),
  }));
}

export interface LintProblem {
  file: string;
  line: number;
  why: string;
  source: string;
}
export const SRC_DIRS: string[];
export function lintSource(rel: string, text: string): LintProblem[];
export function sourceFiles(base?: string): string[];
export function format(p: LintProblem): string;
export const MAX_LINES: number;
export const OVERSIZE_PENDING: ReadonlySet<string>;
export function importAllowed(from: string, target: string): boolean;

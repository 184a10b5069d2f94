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

/** Types for check-layers.mjs (plain JS so it runs before any build). */
export interface LayerViolation {
  /** The importing file, relative to the cruised root. */
  from: string;
  /** The import as written and what it resolved to, e.g. "../kms/engine.js (src-main/kms/engine.ts)". */
  to: string;
  /** The rule's name in .dependency-cruiser.mjs, e.g. "layer:vault" or "crypto-door:node". */
  rule: string;
  comment: string;
}
export interface Tree {
  roots: string[];
  tsConfig: string;
}
export declare const ROOT: string;
export declare const TREES: Tree[];
export declare function checkSources(root?: string, options?: { tsConfigDir?: string; trees?: Tree[] }): Promise<LayerViolation[]>;
export declare function formatViolation(v: LayerViolation): string;
export declare function checkBuiltHost(entry?: string): string[];

/** Types for layers.config.mjs (plain data, read by .dependency-cruiser.mjs). */
export interface Layer {
  path: string;
  description: string;
  imports: string[];
  packages: string[];
  node: string[];
  testPackages?: string[];
  testNode?: string[];
  typeOnly?: string[];
}
export declare const TEST_FILES: string;
export declare const LAYERS: Record<string, Layer>;
export declare const EXCLUSIVE: { name: string; node: string[]; packages: string[]; only: string[]; why: string }[];

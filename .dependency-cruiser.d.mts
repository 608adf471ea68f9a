/** Types for .dependency-cruiser.mjs (rules generated from layers.config.mjs). */
import type { IConfiguration } from 'dependency-cruiser';
import type { Layer } from './layers.config.mjs';
export declare function assertAcyclic(layers?: Record<string, Layer>): void;
declare const config: IConfiguration;
export default config;

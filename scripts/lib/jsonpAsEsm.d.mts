import type { Plugin as EsbuildPlugin } from 'esbuild';
import type { Plugin as VitePlugin } from 'vite';

export declare const NO_DEBUG: string;
/** A Rollup-style plugin: Vite's type, which tsdown (rolldown) takes as well. */
export declare function jsonpEsmPlugin(): VitePlugin;
export declare function jsonpEsmEsbuildPlugin(): EsbuildPlugin;

export declare const JSONP_MODULE: RegExp;
export declare function jsonpAsEsm(code: string): string;

export type { OneTapConfig } from './config.js';
export type { OneTapLabels } from './labels.js';
export type { OneTapLoginProps } from './OneTapLogin.js';
export { OneTapLogin } from './OneTapLogin.js';
export type { OneTapPhoneProviderProps } from './OneTapPhoneProvider.js';
export { OneTapPhoneProvider } from './OneTapPhoneProvider.js';
export type { UseOneTapPhoneOptions, UseOneTapPhoneResult } from './useOneTapPhone.js';
export { useOneTapPhone } from './useOneTapPhone.js';

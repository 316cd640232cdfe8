export type { OneTapConfig } from './config';
export type { OneTapLabels } from './labels';
export { LABELS } from './labels';
export type { OneTapLoginProps } from './OneTapLogin';
export { OneTapLogin } from './OneTapLogin';
export type { OneTapPhoneProviderProps } from './OneTapPhoneProvider';
export { createOneTapQueryClient, OneTapPhoneProvider } from './OneTapPhoneProvider';
export type { OneTapPhoneState, UseOneTapPhoneOptions, UseOneTapPhoneResult } from './useOneTapPhone';
export { useOneTapPhone } from './useOneTapPhone';

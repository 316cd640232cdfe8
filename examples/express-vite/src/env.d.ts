interface ImportMetaEnv {
  readonly VITE_ONE_TAP_APP_ID?: string;
  readonly VITE_ONE_TAP_BASE_URL?: string;
}

interface ImportMeta {
  readonly env: ImportMetaEnv;
}

// Three views of one build, by path: the login page, the SMS login, the signed-in page.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { AccountPage } from './AccountPage';
import { LoginPage } from './LoginPage';
import { SmsPage } from './SmsPage';

const VIEWS: Record<string, () => React.JSX.Element> = {
  '/login': LoginPage,
  '/login/sms': SmsPage,
  '/': AccountPage,
};
const View = VIEWS[window.location.pathname] ?? AccountPage;

createRoot(document.getElementById('root') as HTMLElement).render(
  <StrictMode>
    <View />
  </StrictMode>,
);

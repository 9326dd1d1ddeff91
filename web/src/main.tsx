/** Entry point: language, theme, query cache, session, routes. */
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { ConfigProvider } from 'antd';
import enUSAntd from 'antd/locale/en_US';
import zhCNAntd from 'antd/locale/zh_CN';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { RouterProvider } from 'react-router-dom';
import { ApiProblem } from './api/problem.ts';
import { AuthProvider } from './app/auth.tsx';
import { router } from './app/router.tsx';
import { I18nProvider, useI18n } from './i18n/i18n.tsx';
import { theme } from './ui/theme.ts';
import './ui/global.css';

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      // Problems (4xx) will not go away by asking again; network failures might.
      retry: (count, e) => count < 2 && !(e instanceof ApiProblem && e.status >= 400 && e.status < 500),
      refetchOnWindowFocus: false,
    },
  },
});

function Themed() {
  const { locale } = useI18n();
  return (
    <ConfigProvider theme={theme} locale={locale === 'zh-CN' ? zhCNAntd : enUSAntd}>
      <AuthProvider>
        <RouterProvider router={router} />
      </AuthProvider>
    </ConfigProvider>
  );
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <I18nProvider>
        <Themed />
      </I18nProvider>
    </QueryClientProvider>
  </StrictMode>,
);

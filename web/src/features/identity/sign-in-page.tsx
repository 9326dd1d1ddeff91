/** Sign-in: username and password; wrong password, locked and disabled accounts explained plainly. */
import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { Button, Flex, Form, Input, theme } from 'antd';
import { useState } from 'react';
import { Navigate, useNavigate, useSearchParams } from 'react-router-dom';
import { useAuth } from '../../app/auth.tsx';
import { LanguageSwitch, SkipLink } from '../../app/chrome.tsx';
import { useI18n } from '../../i18n/i18n.tsx';
import { ErrorAlert } from '../../ui/error-alert.tsx';
import { tokens } from '../../ui/theme.ts';

/** Only same-site paths are followed after sign-in. */
function safeNext(next: string | null): string {
  return next?.startsWith('/') && !next.startsWith('//') ? next : '/';
}

export default function SignInPage() {
  const { t } = useI18n();
  const { account, signIn } = useAuth();
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const next = safeNext(params.get('next'));
  const { token } = theme.useToken();

  if (account) return <Navigate to={next} replace />;

  const onFinish = async (v: { username: string; password: string }) => {
    setBusy(true);
    setError(null);
    try {
      await signIn(v.username, v.password);
      navigate(next, { replace: true });
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Flex
      vertical
      align="center"
      justify="center"
      style={{
        minHeight: '100vh',
        padding: 16,
        background: '#f1f5f9',
        // What Ant Design's App gives the signed-in pages (this page is outside it).
        fontFamily: token.fontFamily,
        fontSize: token.fontSize,
        lineHeight: token.lineHeight,
        color: token.colorText,
      }}
    >
      <SkipLink />
      <main id="main" tabIndex={-1} style={{ width: '100%', maxWidth: 400 }}>
        <Flex justify="flex-end" style={{ marginBottom: 8 }}>
          <LanguageSwitch />
        </Flex>
        {/* A plain box in the theme's card colours: Ant Design's Card brings Tabs, Menu and Skeleton. */}
        <div
          style={{
            background: token.colorBgContainer,
            border: `1px solid ${token.colorBorderSecondary}`,
            borderRadius: token.borderRadiusLG,
            padding: token.paddingLG,
          }}
        >
          {/* Plain elements, not Typography: it would bring tooltips and text editing to this page. */}
          <h1 style={{ fontSize: 24, fontWeight: 600, marginTop: 0, marginBottom: 12 }}>
            {t('signIn.title')}
          </h1>
          <p style={{ color: tokens.colorTextSecondary, marginTop: 0 }}>{t('signIn.subtitle')}</p>
          <div aria-live="assertive">
            <ErrorAlert error={error} />
          </div>
          <Form layout="vertical" onFinish={onFinish} requiredMark={false} disabled={busy}>
            <Form.Item
              label={t('signIn.username')}
              name="username"
              rules={[{ required: true, whitespace: true, message: t('signIn.required.username') }]}
            >
              <Input prefix={<UserOutlined aria-hidden />} autoComplete="username" autoFocus />
            </Form.Item>
            <Form.Item
              label={t('signIn.password')}
              name="password"
              rules={[{ required: true, message: t('signIn.required.password') }]}
            >
              <Input.Password prefix={<LockOutlined aria-hidden />} autoComplete="current-password" />
            </Form.Item>
            <Button type="primary" htmlType="submit" block loading={busy}>
              {t('signIn.submit')}
            </Button>
          </Form>
        </div>
      </main>
    </Flex>
  );
}

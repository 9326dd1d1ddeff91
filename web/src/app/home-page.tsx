/** Home: who you are, your scope, and the shortcuts your role has. */
import { Card, Col, Descriptions, Row } from 'antd';
import { Link } from 'react-router-dom';
import { useI18n } from '../i18n/i18n.tsx';
import { Page } from '../ui/ui.tsx';
import { useAuth } from './auth.tsx';
import { navFor } from './nav.ts';

export default function HomePage() {
  const { account } = useAuth();
  const { t } = useI18n();
  if (!account) return null;
  const links = navFor(account).filter((i) => i.path !== '/');
  return (
    <Page title={t('home.title', { name: account.displayName })}>
      <Descriptions column={1} size="small" style={{ marginBottom: 24 }}>
        <Descriptions.Item label={t('account.role')}>{t(`role.${account.role}`)}</Descriptions.Item>
        <Descriptions.Item label={t('account.username')}>{account.username}</Descriptions.Item>
        {account.divisionCode ? (
          <Descriptions.Item label={t('units.division')}>{account.divisionCode}</Descriptions.Item>
        ) : null}
      </Descriptions>
      <h2 style={{ fontSize: 18 }}>{t('home.links')}</h2>
      <Row gutter={[16, 16]}>
        {links.map((l) => (
          <Col key={l.path} xs={24} sm={12} lg={8}>
            <Card size="small">
              <Link to={l.path}>{t(l.label)}</Link>
            </Card>
          </Col>
        ))}
      </Row>
    </Page>
  );
}

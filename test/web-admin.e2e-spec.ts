import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { Conversation, Message, NotificationPreferences, PushSubscriptionList, ReportReceipt } from '#contracts';
import { collectErrors, describeWithBrowser, launchChromium, logInThroughForm, screenshotsDir, until } from './harness/browser.js';
import { registerUser, startSystem, uniqueUsername, type System, type TestUser } from './harness/index.js';

// The staff screens and the push opt-in of the web client (issue 15), in headless Chromium against the real
// processes. The admin is made by ADMIN_USERNAMES, as an operator would. Push: this machine has no internet, so the
// browser's push service (Google's FCM for Chromium) cannot be reached: what is tested for real is the service
// worker (served, registered, active), its push handler (a push delivered through the DevTools protocol shows
// the notification) and the plain error when subscribing fails; the server side of a subscription is
// test/notifications.e2e-spec.ts's.
const describeBrowser = describeWithBrowser('web-admin');
const SCREENSHOTS = screenshotsDir('chat-web-admin-screens');

/** The DOM types are not in the server's tsconfig: the page's service worker API, as far as used here. */
interface PageServiceWorkers {
  serviceWorker: {
    ready: Promise<{ scope: string; active: { state: string } | null; getNotifications(): Promise<{ title: string; body: string; tag: string }[]> }>;
  };
}

interface Person {
  user: TestUser;
  context: BrowserContext;
  page: Page;
  errors: string[];
}

describeBrowser('the web client: staff screens and push notifications, in Chromium', () => {
  const adminName = uniqueUsername('boss');
  let system: System;
  let browser: Browser;
  let admin: Person;
  let carol: Person;
  let dave: Person;
  let eve: TestUser;

  async function person(user: TestUser, permissions: string[] = []): Promise<Person> {
    const context = await browser.newContext({ viewport: { width: 1200, height: 800 } });
    if (permissions.length) await context.grantPermissions(permissions);
    const page = await context.newPage();
    return { user, context, page, errors: collectErrors(page) };
  }
  const logIn = (p: Person, path = '/') => logInThroughForm(p.page, system.baseUrl, p.user.username, p.user.password, path);
  const shot = (p: Person, name: string) => p.page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
  const section = (p: Person, name: string) => p.page.getByRole('navigation', { name: 'Administration sections' }).getByRole('button', { name }).click();

  beforeAll(async () => {
    system = await startSystem({ env: { ADMIN_USERNAMES: adminName } });
    const [boss, c, d, e] = await Promise.all([registerUser(system, { username: adminName }), registerUser(system), registerUser(system), registerUser(system)]);
    eve = e;
    browser = await launchChromium();
    admin = await person(boss);
    carol = await person(c);
    // Dave may show notifications: the permission prompt cannot be answered in a headless browser.
    dave = await person(d, ['notifications']);
    await Promise.all([logIn(admin), logIn(carol), logIn(dave)]);
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await system?.shutdown();
    process.stdout.write(`[web-admin] screenshots in ${SCREENSHOTS}\n`);
  });

  it('shows no admin entry to a plain user, and "not allowed" at the admin URL', async () => {
    await admin.page.getByRole('button', { name: 'Admin', exact: true }).waitFor();
    expect(await dave.page.getByRole('button', { name: 'Admin', exact: true }).count()).toBe(0);
    // A typed URL reloads the page (tokens are in memory): log in there, and be told.
    const page = await browser.newPage();
    const errors = collectErrors(page);
    await logInThroughForm(page, system.baseUrl, dave.user.username, dave.user.password, '/admin/users');
    await page.getByRole('heading', { name: 'Not allowed' }).waitFor();
    expect(await page.getByRole('list', { name: 'Accounts' }).count()).toBe(0);
    await page.getByRole('button', { name: 'Back to chat' }).click();
    await page.getByRole('status').filter({ hasText: 'Online' }).waitFor();
    expect(errors).toEqual([]);
    await page.close();
  }, 60_000);

  it('an admin disables a user: that user\'s open browser returns to login and says why', async () => {
    await admin.page.getByRole('button', { name: 'Admin', exact: true }).click();
    await admin.page.getByRole('heading', { name: 'Users' }).waitFor();
    await admin.page.getByLabel('Username or email starts with').fill(carol.user.username);
    const row = admin.page.getByTestId('admin-user').filter({ hasText: `@${carol.user.username}` });
    await until('the search narrows the list to her', async () => (await admin.page.getByTestId('admin-user').count()) === 1);
    await row.getByRole('button', { name: `Disable ${carol.user.username}` }).click();
    await row.getByLabel('Reason').fill('spamming everyone');
    await row.getByRole('form', { name: `Disable ${carol.user.username}` }).getByRole('button', { name: `Disable ${carol.user.username}` }).click();
    await row.getByText('disabled', { exact: true }).waitFor();

    // Carol's tab: session:revoked ends the session at once.
    await carol.page.getByRole('button', { name: 'Log in', exact: true }).waitFor();
    await carol.page.locator('[data-reason="account_disabled"]').filter({ hasText: 'disabled' }).waitFor();
    await carol.page.getByLabel('Username or email').fill(carol.user.username);
    await carol.page.getByLabel('Password').fill(carol.user.password);
    await carol.page.getByRole('button', { name: 'Log in', exact: true }).click();
    await carol.page.getByRole('alert').filter({ hasText: 'This account is disabled' }).waitFor();

    // The status filter finds her; the role filter does not list her among admins.
    await admin.page.getByLabel('Username or email starts with').fill('');
    await admin.page.getByLabel('Status').selectOption('disabled');
    await admin.page.getByTestId('admin-user').filter({ hasText: `@${carol.user.username}` }).waitFor();
    await admin.page.getByLabel('Status').selectOption('');
    await admin.page.getByLabel('Role', { exact: true }).selectOption('admin');
    await until('only admins listed', async () => (await admin.page.getByTestId('admin-user').count()) === 1);
    // The only admin cannot give the role up: LAST_ADMIN, shown on the row, and the role stays.
    const me = admin.page.getByTestId('admin-user').filter({ hasText: `@${adminName}` });
    await me.getByLabel(`Role of ${adminName}`).selectOption('user');
    await me.getByRole('alert').filter({ hasText: 'LAST_ADMIN' }).waitFor();
    expect(await me.getByLabel(`Role of ${adminName}`).inputValue()).toBe('admin');
    await admin.page.getByLabel('Role', { exact: true }).selectOption('');
    await admin.page.getByTestId('admin-user').filter({ hasText: `@${carol.user.username}` }).getByText('disabled', { exact: true }).waitFor();
    await shot(admin, 'admin-users');
  }, 90_000);

  it('resolves in the UI a report made through the API, and the resolution is carried out', async () => {
    const sent = await system.request<Message>('POST', '/api/chat/send', { token: eve.accessToken, body: { recipientId: dave.user.user.id, message: 'buy cheap watches' } });
    expect(sent.status).toBe(201);
    const report = await system.request<ReportReceipt>('POST', '/api/reports', { token: dave.user.accessToken, body: { messageId: sent.body.id, reason: 'spam', note: 'unsolicited' } });
    expect(report.status).toBe(201);

    await section(admin, 'Reports');
    const item = admin.page.getByTestId('report').filter({ hasText: 'unsolicited' });
    await item.getByText(`reported by ${dave.user.username}`).waitFor();
    await item.getByRole('button', { name: 'Delete the message' }).click();
    await until('the report leaves the open list', async () => (await admin.page.getByTestId('report').filter({ hasText: 'unsolicited' }).count()) === 0);
    await admin.page.getByLabel('Show reports').selectOption('resolved');
    await admin.page.getByTestId('report').filter({ hasText: 'unsolicited' }).filter({ hasText: 'resolved: message deleted' }).waitFor();

    const history = await system.request<{ items: Message[] }>('GET', `/api/chat/conversations/${sent.body.conversationId}/messages`, { token: dave.user.accessToken });
    expect(history.body.items.find((m) => m.id === sent.body.id)?.deletedAt).toEqual(expect.any(String));
  }, 60_000);

  it('posts an announcement that reaches another user\'s browser live', async () => {
    const text = `Maintenance tonight ${uniqueUsername('m')}`;
    await section(admin, 'Announcements');
    await admin.page.getByLabel('New announcement (every user receives it live)').fill(text);
    await admin.page.getByRole('button', { name: 'Post announcement' }).click();
    await admin.page.getByRole('status').filter({ hasText: 'Announcement sent' }).waitFor();
    await admin.page.getByTestId('announcement').filter({ hasText: text }).waitFor();

    const entry = dave.page.getByRole('navigation', { name: 'Conversations' }).getByRole('button', { name: /^Announcements/ });
    await until('the Announcements conversation with an unread badge', async () => (await entry.count()) === 1 && ((await entry.getAttribute('aria-label'))?.includes('1 unread') ?? false));
    await entry.click();
    await dave.page.getByRole('list', { name: 'Messages' }).getByText(text).waitFor();
    // Nobody posts there through the ordinary route: no composer.
    expect(await dave.page.getByRole('textbox', { name: 'Message', exact: true }).isVisible()).toBe(false);
  }, 60_000);

  it('lists these actions in the audit log', async () => {
    await section(admin, 'Audit log');
    const rows = admin.page.getByTestId('audit-entry');
    await rows.filter({ hasText: 'account.disabled' }).filter({ hasText: 'spamming everyone' }).filter({ hasText: carol.user.user.id }).waitFor();
    await rows.filter({ hasText: 'report.resolved' }).first().waitFor();
    await rows.filter({ hasText: 'announcement.posted' }).first().waitFor();
    // Actors show by name once looked up (carol, disabled, is hidden from user lookups: her id shows).
    await rows.filter({ hasText: 'account.disabled' }).filter({ hasText: adminName }).waitFor();
    await shot(admin, 'admin-audit');
    // Chromium logs every failed response: the LAST_ADMIN refusal this suite provoked, and the name lookup of
    // disabled carol (404, shown as her id). Nothing else.
    expect(admin.errors.filter((e) => !/status of (409 \(Conflict\)|404 \(Not Found\))/.test(e))).toEqual([]);
  }, 60_000);

  it('serves the service worker at /sw.js for the whole origin, revalidated, never the app page', async () => {
    const sw = await fetch(`${system.baseUrl}/sw.js`, { headers: { accept: '*/*' } });
    expect(sw.status).toBe(200);
    expect(sw.headers.get('content-type')).toContain('javascript');
    expect(sw.headers.get('cache-control')).toBe('no-cache');
    expect(sw.headers.get('service-worker-allowed')).toBe('/');
    expect(await sw.text()).toContain("addEventListener(`push`");
  });

  it('registers the service worker, whose push handler shows the sender and the preview', async () => {
    const state = await dave.page.evaluate(async () => {
      const registration = await (navigator as unknown as PageServiceWorkers).serviceWorker.ready;
      return { scope: registration.scope, state: registration.active?.state };
    });
    expect(state).toEqual({ scope: `${system.baseUrl}/`, state: 'activated' });

    // A push as the notifications service sends it (API.md "Notifications"), delivered by the DevTools protocol.
    const cdp = await dave.context.newCDPSession(dave.page);
    const registrations = new Promise<string>((resolve) => {
      cdp.on('ServiceWorker.workerRegistrationUpdated', ({ registrations: list }) => {
        const ours = list.find((r) => r.scopeURL === `${system.baseUrl}/` && !r.isDeleted);
        if (ours) resolve(ours.registrationId);
      });
    });
    await cdp.send('ServiceWorker.enable');
    const registrationId = await registrations;
    const payload = { type: 'message', conversationId: 'c-1', messageId: 'm-1', seq: 7, senderName: 'Eve', preview: 'Are you there?' };
    let shown: { title: string; body: string; tag: string }[] = [];
    const notifications = async () => {
      shown = await dave.page.evaluate(async () => {
        const registration = await (navigator as unknown as PageServiceWorkers).serviceWorker.ready;
        return (await registration.getNotifications()).map((n) => ({ title: n.title, body: n.body, tag: n.tag }));
      });
      return shown.length > 0;
    };
    // The protocol's delivery was once lost in a CI run (nothing shown, no error): it is sent again, up to three
    // times. A broken handler still shows nothing, and the same tag keeps one notification however many arrive.
    for (let attempt = 1; attempt <= 3 && shown.length === 0; attempt++) {
      await cdp.send('ServiceWorker.deliverPushMessage', { origin: system.baseUrl, registrationId, data: JSON.stringify(payload) });
      await until('the notification is shown', notifications, 8_000).catch((error: unknown) => {
        if (attempt === 3) throw error;
      });
    }
    expect(shown).toEqual([{ title: 'Eve', body: 'Are you there?', tag: 'conversation:c-1' }]);
    await cdp.detach();
  }, 60_000);

  it('settings: a push service that cannot be reached is said plainly; preferences and levels are saved', async () => {
    await dave.page.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name: 'Settings' }).click();
    const device = dave.page.getByRole('switch', { name: 'Notifications on this device' });
    await until('the device state is known', async () => await device.isEnabled());
    // A controlled switch: it turns on once the subscription is made, so a plain click (not check()).
    await device.click();
    const error = dave.page.getByTestId('push-error');
    await error.waitFor({ timeout: 40_000 });
    expect(await error.textContent()).toMatch(/push service/i);
    expect(await device.isChecked()).toBe(false);
    // Nothing was registered with the server.
    const subscriptions = await system.request<PushSubscriptionList>('GET', '/api/notifications/push-subscriptions', { token: dave.user.accessToken });
    expect(subscriptions.body.items).toEqual([]);

    await dave.page.getByLabel('Email me about unread messages').selectOption('all');
    await dave.page.getByRole('status').filter({ hasText: 'Preferences saved' }).waitFor();
    await dave.page.getByRole('switch', { name: 'Push notifications while I am not connected' }).click();
    await until('the preferences are stored', async () => {
      const prefs = await system.request<NotificationPreferences>('GET', '/api/notifications/preferences', { token: dave.user.accessToken });
      return prefs.body.email === 'all' && !prefs.body.push;
    });

    const direct = await system.request<{ items: Conversation[] }>('GET', '/api/chat/conversations', { token: dave.user.accessToken });
    const withEve = direct.body.items.find((c) => c.type === 'direct');
    expect(withEve).toBeDefined();
    await dave.page.getByLabel(`Notifications for ${eve.username}`).selectOption('mentions');
    await until('the level is stored', async () => {
      const c = await system.request<Conversation>('GET', `/api/chat/conversations/${withEve!.id}`, { token: dave.user.accessToken });
      return c.body.notificationLevel === 'mentions';
    });
    await shot(dave, 'notification-settings');
    // Chromium's own console line when a non-persistent (incognito-like) profile calls pushManager.subscribe().
    expect(dave.errors.filter((e) => !e.includes('does not support the Push API in incognito mode'))).toEqual([]);
  }, 90_000);
});

import { afterAll, beforeAll, expect, it } from '@jest/globals';
import type { Browser } from 'playwright-core';
import { startSystem, uniqueUsername, type System } from './harness/index.js';
import { describeWithBrowser, launchChromium, newPerson, registerInBrowser, screenshotsDir, screenshotter, SETUP_TIMEOUT_MS, until, type Person } from './harness/browser.js';

// The reference web client in Debian's Chromium (never a downloaded browser), two browser contexts as two
// users, against the real processes. `.ci/run` installs chromium with apt when it is missing.
const describeBrowser = describeWithBrowser('web');
const SCREENSHOTS = screenshotsDir('chat-web-screens');
const screenshot = screenshotter(SCREENSHOTS);

describeBrowser('the web client, in Chromium, as two users', () => {
  let system: System;
  let browser: Browser;
  let alice: Person;
  let bob: Person;
  const room = `room-${uniqueUsername('r').slice(-8)}`;

  const messages = (p: Person) => p.page.getByRole('list', { name: 'Messages' }).getByTestId('message');
  const bodies = async (p: Person) => (await p.page.locator('[data-testid="message"] .message-body').allInnerTexts()).map((t) => t.trim());
  const tab = (p: Person, name: string) => p.page.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name }).click();
  const conversationButton = (p: Person, title: string) => p.page.getByRole('navigation', { name: 'Conversations' }).getByRole('button', { name: new RegExp(`^${title}`) });
  const send = async (p: Person, text: string) => {
    await p.page.getByRole('textbox', { name: 'Message', exact: true }).fill(text);
    await p.page.keyboard.press('Enter');
  };
  const shot = screenshot;
  const register = (p: Person) => registerInBrowser(p, system.baseUrl);

  beforeAll(async () => {
    system = await startSystem();
    browser = await launchChromium();
    alice = await newPerson(browser, uniqueUsername('alice'));
    bob = await newPerson(browser, uniqueUsername('bob'));
  }, SETUP_TIMEOUT_MS);

  afterAll(async () => {
    await browser?.close();
    await system?.shutdown();
    process.stdout.write(`[web] screenshots in ${SCREENSHOTS}\n`);
  });

  it('serves the app at / and keeps /api answers as they were', async () => {
    const page = await fetch(`${system.baseUrl}/some/client/route`, { headers: { accept: 'text/html' } });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<div id="root">');
    expect(page.headers.get('content-security-policy')).toMatch(/connect-src 'self' ws: wss:/);
    const api = await fetch(`${system.baseUrl}/api/no-such-route`, { headers: { accept: 'text/html' } });
    expect(api.status).toBe(404);
    expect(api.headers.get('content-type')).toContain('application/problem+json');
  });

  it('registers both users, who become friends', async () => {
    await register(alice);
    await register(bob);
    await tab(alice, 'People');
    await alice.page.getByRole('textbox', { name: 'Search users' }).fill(bob.name);
    await alice.page.getByRole('search').getByRole('button', { name: 'Search' }).click();
    await alice.page.getByRole('button', { name: `Add ${bob.name} as friend` }).click();
    await tab(bob, 'People');
    // Live: the friend:request event reloads Bob's requests.
    await bob.page.getByRole('button', { name: `Accept ${alice.name}` }).click();
    await alice.page.getByRole('list', { name: 'Friends' }).getByText(bob.name).first().waitFor();
    await shot(bob, 'people');
  }, 60_000);

  it('exchanges direct messages live, with a typing indicator and unread badges that clear on open', async () => {
    await alice.page.getByRole('list', { name: 'Friends' }).getByRole('button', { name: `Message ${bob.name}` }).click();
    await send(alice, 'Hi Bob');
    await messages(alice).filter({ hasText: 'Hi Bob' }).first().waitFor();
    await until('the message stored (no longer sending)', async () => (await alice.page.getByText('Sending…').count()) === 0);

    await tab(bob, 'Chats');
    const fromAlice = conversationButton(bob, alice.name);
    await until('an unread badge on Bob\'s list', async () => (await fromAlice.getAttribute('aria-label'))?.includes('1 unread') ?? false);
    await shot(bob, 'conversation-list');
    await fromAlice.click();
    await messages(bob).filter({ hasText: 'Hi Bob' }).first().waitFor();
    await until('the badge clears on open', async () => (await fromAlice.getAttribute('aria-label')) === alice.name);

    await bob.page.getByRole('textbox', { name: 'Message', exact: true }).pressSequentially('Hi Al', { delay: 30 });
    await alice.page.getByTestId('typing').filter({ hasText: `${bob.name} is typing` }).waitFor();
    await bob.page.keyboard.type('ice');
    await bob.page.keyboard.press('Enter');
    await messages(alice).filter({ hasText: 'Hi Alice' }).first().waitFor();
    // Bob saw Alice's message while it was on his screen: "Seen" under it on Alice's side.
    await alice.page.locator('.message.own .seen').first().waitFor();
    await shot(alice, 'conversation');
  }, 60_000);

  it('shows edits and deletions on the other side', async () => {
    await send(alice, 'to be deleted');
    await messages(bob).filter({ hasText: 'to be deleted' }).first().waitFor();
    await alice.page.getByRole('button', { name: 'Edit message: Hi Bob' }).click();
    await alice.page.getByRole('textbox', { name: 'Edit message' }).fill('Hi Bob, edited');
    await alice.page.getByRole('button', { name: 'Save' }).click();
    await messages(bob).filter({ hasText: 'Hi Bob, edited' }).filter({ hasText: '(edited)' }).first().waitFor();
    await alice.page.getByRole('button', { name: 'Delete message: to be deleted' }).click();
    await messages(bob).filter({ hasText: 'Message deleted' }).first().waitFor();
    expect(await bob.page.getByText('to be deleted').count()).toBe(0);
  }, 60_000);

  it('reacts, replies and pins, seen live by the other side', async () => {
    const hiAlice = (p: Person) => messages(p).filter({ hasText: 'Hi Alice' }).first();
    await hiAlice(alice).getByRole('button', { name: 'Add reaction' }).click();
    await hiAlice(alice).getByRole('button', { name: 'React with 👍' }).click();
    await hiAlice(alice).getByRole('button', { name: '👍 1, you reacted' }).waitFor();
    await hiAlice(bob).getByRole('button', { name: '👍 1', exact: true }).waitFor();
    // Bob adds his: one count per user, and his button shows it as his.
    await hiAlice(bob).getByRole('button', { name: '👍 1', exact: true }).click();
    await hiAlice(bob).getByRole('button', { name: '👍 2, you reacted' }).waitFor();
    await hiAlice(alice).getByRole('button', { name: '👍 2, you reacted' }).waitFor();

    await alice.page.getByRole('button', { name: 'Reply to message: Hi Alice' }).click();
    await send(alice, 'a reply to that');
    const reply = messages(bob).filter({ hasText: 'a reply to that' }).first();
    // On Bob's side the quoted message is his own, so the quote names "You".
    await reply.locator('blockquote.quoted-message').filter({ hasText: 'You' }).filter({ hasText: 'Hi Alice' }).waitFor();

    await bob.page.getByRole('button', { name: 'Pin message: a reply to that' }).click();
    await messages(alice).filter({ hasText: 'a reply to that' }).filter({ hasText: 'pinned' }).first().waitFor();
    await shot(bob, 'reactions-and-replies');
  }, 60_000);

  it('catches up after going offline: every message once, in order', async () => {
    await bob.context.setOffline(true);
    await bob.page.getByRole('status').filter({ hasText: 'Offline' }).waitFor();
    for (const n of [1, 2, 3]) await send(alice, `while away ${n}`);
    await until('Alice\'s messages stored', async () => (await alice.page.getByText('Sending…').count()) === 0);
    expect((await bodies(bob)).filter((t) => t.startsWith('while away'))).toEqual([]);
    await bob.context.setOffline(false);
    await bob.page.getByRole('status').filter({ hasText: 'Online' }).waitFor();
    await until('the catch-up', async () => (await bodies(bob)).filter((t) => t.startsWith('while away')).length >= 3);
    // A moment more, so a duplicate delivered late would show.
    await new Promise((r) => setTimeout(r, 500));
    expect((await bodies(bob)).filter((t) => t.startsWith('while away'))).toEqual(['while away 1', 'while away 2', 'while away 3']);
    expect(await bodies(bob)).toEqual(await bodies(alice));

    // Reactions and pins made while Bob is away come back through the sync replay as well.
    await bob.context.setOffline(true);
    await bob.page.getByRole('status').filter({ hasText: 'Offline' }).waitFor();
    const away3 = (p: Person) => messages(p).filter({ hasText: 'while away 3' }).first();
    await away3(alice).getByRole('button', { name: 'Add reaction' }).click();
    await away3(alice).getByRole('button', { name: 'React with 🎉' }).click();
    await away3(alice).getByRole('button', { name: '🎉 1, you reacted' }).waitFor();
    await alice.page.getByRole('button', { name: 'Pin message: while away 3' }).click();
    await away3(alice).filter({ hasText: 'pinned' }).waitFor();
    await bob.context.setOffline(false);
    await away3(bob).getByRole('button', { name: '🎉 1', exact: true }).waitFor();
    await away3(bob).filter({ hasText: 'pinned' }).waitFor();
  }, 60_000);

  it('shares a room', async () => {
    await tab(alice, 'Rooms');
    await alice.page.getByLabel('New room name').fill(room);
    await alice.page.getByRole('button', { name: 'Create room' }).click();
    await alice.page.getByRole('heading', { name: room }).waitFor();
    // History Bob will page through backwards: more than one page (30), posted over REST before he joins.
    const login = await system.request<{ accessToken: string }>('POST', '/api/auth/login', { body: { login: alice.name, password: 'correct horse battery' } });
    const rooms = await system.request<{ items: { id: string }[] }>('GET', `/api/chat/rooms?search=${room}`, { token: login.body.accessToken });
    const roomId = rooms.body.items[0]?.id ?? '';
    for (let n = 1; n <= 45; n++) {
      await system.request('POST', `/api/chat/rooms/${roomId}/messages`, { token: login.body.accessToken, body: { message: `old ${n}` } });
    }
    await tab(bob, 'Rooms');
    await bob.page.getByRole('textbox', { name: 'Search rooms' }).fill(room);
    await bob.page.getByRole('search').getByRole('button', { name: 'Search' }).click();
    await bob.page.getByRole('button', { name: `Members of ${room}` }).click();
    await bob.page.getByRole('region', { name: `Members of ${room}` }).getByText('owner').waitFor();
    await bob.page.getByRole('button', { name: `Join ${room}` }).click();
    await bob.page.getByRole('heading', { name: room }).waitFor();
    await messages(bob).filter({ hasText: 'old 45' }).first().waitFor();
    expect(await bob.page.getByText('old 1', { exact: true }).count()).toBe(0);
    // Scrolling to the top loads the older pages.
    await until('the oldest message after scrolling up', async () => {
      await bob.page.getByRole('list', { name: 'Messages' }).hover();
      await bob.page.mouse.wheel(0, -100_000);
      return (await bob.page.getByText('old 1', { exact: true }).count()) === 1;
    });
    const history = (await bodies(bob)).filter((t) => t.startsWith('old '));
    expect(history).toEqual(Array.from({ length: 45 }, (_, i) => `old ${i + 1}`));
    await send(alice, 'hello room');
    await messages(bob).filter({ hasText: 'hello room' }).first().waitFor();
    await send(bob, 'hi everyone');
    await messages(alice).filter({ hasText: 'hi everyone' }).first().waitFor();
    await shot(alice, 'room');
  }, 60_000);

  it('finds messages and jumps to them', async () => {
    await tab(bob, 'Search');
    await bob.page.getByRole('textbox', { name: 'Search messages' }).fill('away 2');
    await bob.page.getByRole('search').getByRole('button', { name: 'Search' }).click();
    await bob.page.getByRole('button', { name: /while away 2/ }).click();
    await bob.page.locator('.message.highlighted').filter({ hasText: 'while away 2' }).waitFor();
    await shot(bob, 'search-jump');
  }, 60_000);

  it('stops messages once blocked', async () => {
    await tab(bob, 'People');
    await bob.page.getByRole('list', { name: 'Friends' }).getByRole('button', { name: `Block ${alice.name}` }).click();
    await bob.page.getByRole('list', { name: 'Blocked users' }).getByText(alice.name).first().waitFor();
    await tab(alice, 'Chats');
    await conversationButton(alice, bob.name).click();
    await send(alice, 'can you hear me');
    await alice.page.getByText('failed —').waitFor();
    await tab(bob, 'Chats');
    await conversationButton(bob, alice.name).click();
    await new Promise((r) => setTimeout(r, 500));
    expect(await bob.page.getByText('can you hear me').count()).toBe(0);
  }, 60_000);

  it('fits a phone-sized screen', async () => {
    await bob.page.setViewportSize({ width: 390, height: 780 });
    await bob.page.getByRole('button', { name: 'Back to conversations' }).click();
    await bob.page.getByRole('navigation', { name: 'Conversations' }).waitFor();
    await shot(bob, 'phone');
  });

  it('logged no console errors', () => {
    expect(alice.errors).toEqual([]);
    expect(bob.errors).toEqual([]);
  });

  // Last: it stops a service, and Chromium logs the 503 response itself as a console error.
  it('shows a banner when the server answers SERVICE_UNAVAILABLE', async () => {
    await system.stopService('users');
    await tab(alice, 'People');
    await alice.page.getByRole('textbox', { name: 'Search users' }).fill(bob.name);
    await alice.page.getByRole('search').getByRole('button', { name: 'Search' }).click();
    await alice.page.getByRole('alert').filter({ hasText: 'The server is temporarily unavailable' }).waitFor();
    // The People tab's other requests to the stopped service fail too and raise the same banner again: let them
    // all answer before dismissing it.
    await new Promise((r) => setTimeout(r, 2000));
    await alice.page.getByRole('button', { name: 'Dismiss alert' }).click();
    expect(await alice.page.getByText('The server is temporarily unavailable').count()).toBe(0);
    // Still logged in: a 503 is retriable, never a reason to end the session.
    await alice.page.getByRole('button', { name: 'Log out' }).waitFor();
  }, 60_000);
});

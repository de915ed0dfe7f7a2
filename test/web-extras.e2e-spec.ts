import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import type { Browser } from 'playwright-core';
import sharp from 'sharp';
import { startSystem, uniqueUsername, type System } from './harness/index.js';
import { describeWithBrowser, launchChromium, newPerson, registerInBrowser, screenshotsDir, screenshotter, SETUP_TIMEOUT_MS, until, type Person } from './harness/browser.js';

// The web client's threads, mention autocomplete and attachments (issue 15), two users in a room, in Chromium.
const describeBrowser = describeWithBrowser('web-extras');
const SCREENSHOTS = screenshotsDir('chat-web-extras-screens');
const screenshot = screenshotter(SCREENSHOTS);

/** The browser globals a synthetic drop uses (the server's tsconfig has no DOM types). */
interface DragGlobals {
  DataTransfer: new () => { items: { add(file: unknown): void } };
  File: new (parts: Uint8Array[], name: string, options: { type: string }) => unknown;
  DragEvent: new (type: string, init: { dataTransfer: unknown; bubbles: boolean; cancelable: boolean }) => Event;
  atob(data: string): string;
  dropping?: unknown;
}

describeBrowser('the web client: threads, mentions, attachments', () => {
  let system: System;
  let browser: Browser;
  let alice: Person;
  let bob: Person;
  const room = `extras-${uniqueUsername('r').slice(-8)}`;

  const messages = (p: Person) => p.page.getByRole('list', { name: 'Messages' }).getByTestId('message');
  const thread = (p: Person) => p.page.getByRole('region', { name: 'Thread' });
  const tab = (p: Person, name: string) => p.page.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name }).click();
  const roomButton = (p: Person) => p.page.getByRole('navigation', { name: 'Conversations' }).getByRole('button', { name: new RegExp(`^${room}`) });
  const composer = (p: Person) => p.page.getByRole('textbox', { name: 'Message', exact: true });
  const send = async (p: Person, text: string) => {
    await composer(p).fill(text);
    await p.page.keyboard.press('Enter');
  };

  beforeAll(async () => {
    system = await startSystem();
    browser = await launchChromium();
    alice = await newPerson(browser, uniqueUsername('alice'));
    bob = await newPerson(browser, uniqueUsername('bob'));
    await registerInBrowser(alice, system.baseUrl);
    await registerInBrowser(bob, system.baseUrl);
    // The room is set up over REST (the rooms screens have their own suite); both then work in the browser.
    const token = async (p: Person) =>
      (await system.request<{ accessToken: string }>('POST', '/api/auth/login', { body: { login: p.name, password: 'correct horse battery' } })).body.accessToken;
    const created = await system.request<{ id: string }>('POST', '/api/chat/rooms', { token: await token(alice), body: { name: room, visibility: 'public' } });
    await system.request('POST', `/api/chat/rooms/${created.body.id}/join`, { token: await token(bob) });
    for (const p of [alice, bob]) {
      await roomButton(p).click();
      await p.page.getByRole('heading', { name: room }).waitFor();
    }
  }, SETUP_TIMEOUT_MS);

  afterAll(async () => {
    await browser?.close();
    await system?.shutdown();
    process.stdout.write(`[web-extras] screenshots in ${SCREENSHOTS}\n`);
  });

  it('replies in a thread, seen live in the other side\'s thread panel and not in the main history', async () => {
    await send(alice, 'thread root');
    await messages(bob).filter({ hasText: 'thread root' }).first().waitFor();
    await alice.page.getByRole('button', { name: 'Reply in thread: thread root' }).click();
    await thread(alice).waitFor();
    await bob.page.getByRole('button', { name: 'Reply in thread: thread root' }).click();
    // Opening a thread puts the keyboard in its composer.
    // (Browser code as strings: the server's tsconfig has no DOM types.)
    await until('focus in the thread composer', async () => (await bob.page.evaluate("document.activeElement?.getAttribute('aria-label')")) === 'Reply in thread');
    await bob.page.keyboard.type('first reply');
    await bob.page.keyboard.press('Enter');

    await thread(alice).getByRole('list', { name: 'Thread replies' }).getByTestId('message').filter({ hasText: 'first reply' }).waitFor();
    await alice.page.getByRole('button', { name: '1 reply, open thread' }).waitFor();
    await bob.page.getByRole('button', { name: '1 reply, open thread' }).waitFor();
    expect(await messages(alice).filter({ hasText: 'first reply' }).count()).toBe(0);
    expect(await messages(bob).filter({ hasText: 'first reply' }).count()).toBe(0);
    // Alice answers from her panel; the count moves on both sides.
    await thread(alice).getByRole('textbox', { name: 'Reply in thread' }).fill('second reply');
    await alice.page.keyboard.press('Enter');
    await thread(bob).getByTestId('message').filter({ hasText: 'second reply' }).waitFor();
    await bob.page.getByRole('button', { name: '2 replies, open thread' }).waitFor();
    await screenshot(alice, 'thread-panel');

    // A reload of the thread (a fresh panel) lists the same replies from the server, in order.
    await alice.page.getByRole('button', { name: 'Close thread' }).click();
    await alice.page.getByRole('button', { name: '2 replies, open thread' }).click();
    await until('the replies in order', async () => {
      const texts = await thread(alice).locator('[data-testid="message"] .message-body').allInnerTexts();
      return JSON.stringify(texts.map((t) => t.trim())) === JSON.stringify(['thread root', 'first reply', 'second reply']);
    });
    await alice.page.keyboard.press('Escape');
    await thread(alice).waitFor({ state: 'detached' });
    await bob.page.getByRole('button', { name: 'Close thread' }).click();
  }, 90_000);

  it('mentions through the autocomplete, with the keyboard, giving the other user a mention badge', async () => {
    // Bob looks elsewhere, so the message stays unread.
    await tab(bob, 'People');
    await composer(alice).focus();
    await alice.page.keyboard.type(`hey @${bob.name.slice(0, 4)}`);
    const listbox = alice.page.getByRole('listbox', { name: 'Mention suggestions' });
    await listbox.waitFor();
    const option = listbox.getByRole('option', { name: new RegExp(`^@${bob.name}`) });
    expect(await option.getAttribute('aria-selected')).toBe('true');
    expect(await composer(alice).getAttribute('aria-activedescendant')).toBe(await option.getAttribute('id'));
    await alice.page.keyboard.press('Tab');
    await listbox.waitFor({ state: 'detached' });
    expect(await composer(alice).inputValue()).toBe(`hey @${bob.name} `);
    await alice.page.keyboard.type('look at this');
    await alice.page.keyboard.press('Enter');
    await messages(alice).filter({ hasText: 'look at this' }).getByTestId('mention').waitFor();

    await tab(bob, 'Chats');
    await until('a mention badge on Bob\'s list', async () => (await roomButton(bob).getAttribute('aria-label'))?.includes('1 mention') ?? false);
    await roomButton(bob).getByLabel('1 mention').waitFor();
    await roomButton(bob).click();
    // On his side the mention is of him: marked more strongly.
    await messages(bob).filter({ hasText: 'look at this' }).getByTestId('mention-me').waitFor();
    await until('the badge clears on open', async () => !((await roomButton(bob).getAttribute('aria-label')) ?? '').includes('mention'));
  }, 90_000);

  it('attaches an image with the file button, showing progress, then a thumbnail on both sides', async () => {
    // Noise does not compress: a PNG of ~1 MB, sent through a throttled uplink so the progress bar has time to move.
    const png = await sharp(randomBytes(900 * 400 * 3), { raw: { width: 900, height: 400, channels: 3 } }).png().toBuffer();
    const cdp = await alice.context.newCDPSession(alice.page);
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: 256 * 1024 });
    await alice.page.getByLabel('Attach files (Message)').setInputFiles({ name: 'noise.png', mimeType: 'image/png', buffer: png });
    const progress = alice.page.getByRole('progressbar', { name: 'Uploading noise.png' });
    await progress.waitFor();
    await until('the progress bar moving', async () => {
      const value = Number((await progress.getAttribute('value').catch(() => null)) ?? 0);
      return value > 0 && value < 100;
    }, 30_000);
    await screenshot(alice, 'attachment-uploading');
    await alice.page.getByRole('list', { name: 'Files to send' }).getByText('Ready').waitFor({ timeout: 60_000 });
    await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });
    // An attachment alone is a message: no text needed.
    await alice.page.getByRole('button', { name: 'Send', exact: true }).click();
    await until('the message stored (no longer sending)', async () => (await alice.page.getByText('Sending…').count()) === 0);

    for (const p of [alice, bob]) {
      const image = messages(p).getByRole('img', { name: 'noise.png' });
      await image.waitFor();
      expect(await image.getAttribute('src')).toMatch(/\/thumbnail/);
      // Sized before it loads (320 px longest side, as the thumbnail), so the list does not jump.
      expect([await image.getAttribute('width'), await image.getAttribute('height')]).toEqual(['320', '142']);
      await until(`${p.name}'s thumbnail loaded`, () =>
        image.evaluate((element) => {
          const img = element as unknown as { complete: boolean; naturalWidth: number };
          return img.complete && img.naturalWidth > 0;
        }),
      );
    }
    await screenshot(bob, 'attachment-image');
  }, 120_000);

  it('takes a file dropped onto the conversation, shown as a chip that downloads the same bytes', async () => {
    const bytes = randomBytes(3000);
    const target = alice.page.locator('.conversation-view');
    // A drag that carries a file, as the OS would start it: the drop zone shows, then the drop hands the file over.
    await target.evaluate(
      (element, { base64, name }) => {
        const g = globalThis as unknown as DragGlobals;
        const transfer = new g.DataTransfer();
        transfer.items.add(new g.File([Uint8Array.from(g.atob(base64), (c) => c.charCodeAt(0))], name, { type: 'application/octet-stream' }));
        g.dropping = transfer;
        (element as unknown as EventTarget).dispatchEvent(new g.DragEvent('dragenter', { dataTransfer: transfer, bubbles: true, cancelable: true }));
      },
      { base64: bytes.toString('base64'), name: 'notes.bin' },
    );
    await alice.page.getByTestId('drop-overlay').filter({ hasText: 'Drop files to attach to the message' }).waitFor();
    await screenshot(alice, 'attachment-drop-zone');
    await target.evaluate((element) => {
      const g = globalThis as unknown as DragGlobals;
      (element as unknown as EventTarget).dispatchEvent(new g.DragEvent('drop', { dataTransfer: g.dropping, bubbles: true, cancelable: true }));
    });
    await alice.page.getByTestId('drop-overlay').waitFor({ state: 'detached' });
    await alice.page.getByRole('list', { name: 'Files to send' }).getByText('notes.bin').waitFor();
    await alice.page.getByRole('list', { name: 'Files to send' }).getByText('Ready').waitFor();
    await send(alice, 'the notes');

    const chip = messages(bob).filter({ hasText: 'the notes' }).getByRole('link', { name: 'Download notes.bin, 2.9 KB' });
    await chip.waitFor();
    const [download] = await Promise.all([bob.page.waitForEvent('download'), chip.click()]);
    expect(download.suggestedFilename()).toBe('notes.bin');
    expect(readFileSync(await download.path()).equals(bytes)).toBe(true);
    await screenshot(bob, 'attachment-file');
  }, 90_000);

  it('works on a phone-sized screen: the thread takes the screen', async () => {
    await bob.page.setViewportSize({ width: 390, height: 780 });
    await bob.page.getByRole('button', { name: '2 replies, open thread' }).click();
    await thread(bob).waitFor();
    expect(await bob.page.getByRole('list', { name: 'Messages' }).isVisible()).toBe(false);
    await screenshot(bob, 'thread-phone');
    await bob.page.getByRole('button', { name: 'Close thread' }).click();
    await bob.page.getByRole('list', { name: 'Messages' }).waitFor();
  }, 60_000);

  it('logged no console errors', () => {
    expect(alice.errors).toEqual([]);
    expect(bob.errors).toEqual([]);
  });
});

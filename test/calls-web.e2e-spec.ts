import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import type { Browser, Page } from 'playwright-core';
import type { Message } from '#contracts';
import { describeWithBrowser, launchChromium, logInThroughForm, screenshotsDir, until as pollUntil } from './harness/browser.js';
import { registerUser, startSystem, type System, type TestUser } from './harness/index.js';

// A video call between two real browsers through the web client (the pattern of test/web.e2e-spec.ts): Chromium's
// fake camera and microphone, no permission prompt, and plain host ICE candidates instead of mDNS names, which need
// not resolve here. Media flows browser to browser over loopback/host candidates; our servers carry only signalling.
const describeBrowser = describeWithBrowser('calls-web');

const SCREENSHOTS = screenshotsDir('chat-calls-screens');

/** Media setup over loopback takes longer than the chat screens: a longer deadline, a slower poll. */
const until = (what: string, check: () => Promise<boolean>) => pollUntil(what, check, 30_000, 200);

describeBrowser('calls in the web client: two Chromium pages place a video call', () => {
  let system: System;
  let browser: Browser;
  let alice: TestUser;
  let bob: TestUser;
  let alicePage: Page;
  let bobPage: Page;
  const errors: string[] = [];

  async function logIn(user: TestUser): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 1200, height: 800 } });
    const page = await context.newPage();
    page.on('pageerror', (e) => errors.push(e.message));
    await logInThroughForm(page, system.baseUrl, user.username, user.password);
    return page;
  }

  /** The remote <video> presents frames: requestVideoFrameCallback fires, and the decoder counted some. */
  const remoteFrames = (page: Page) =>
    page.locator('[data-testid="remote-video"] video').evaluate(
      (element) =>
        new Promise<number>((resolve, reject) => {
          // The DOM types are not in the server's tsconfig: the two methods used, as the browser has them.
          const video = element as unknown as { requestVideoFrameCallback(cb: () => void): number; getVideoPlaybackQuality(): { totalVideoFrames: number } };
          const timer = setTimeout(() => reject(new Error('no frame within 20 s')), 20_000);
          video.requestVideoFrameCallback(() => {
            clearTimeout(timer);
            resolve(video.getVideoPlaybackQuality().totalVideoFrames);
          });
        }),
    );

  beforeAll(async () => {
    system = await startSystem();
    [alice, bob] = await Promise.all([registerUser(system), registerUser(system)]);
    const sent = await system.request<Message>('POST', '/api/chat/send', { token: alice.accessToken, body: { recipientId: bob.user.id, message: 'call me?' } });
    expect(sent.status).toBe(201);
    browser = await launchChromium([
      '--use-fake-device-for-media-stream',
      '--use-fake-ui-for-media-stream',
      '--disable-features=WebRtcHideLocalIpsWithMdns',
      '--autoplay-policy=no-user-gesture-required',
    ]);
    [alicePage, bobPage] = await Promise.all([logIn(alice), logIn(bob)]);
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await system?.shutdown();
    process.stdout.write(`[calls-web] screenshots in ${SCREENSHOTS}\n`);
  });

  it('connects both RTCPeerConnections, shows the remote video, and both sides see the hang-up', async () => {
    await alicePage.getByRole('navigation', { name: 'Conversations' }).getByRole('button', { name: new RegExp(`^${bob.username}`) }).click();
    await alicePage.getByRole('button', { name: 'Video call' }).click();

    const dialog = bobPage.getByRole('alertdialog', { name: 'Incoming call' });
    await dialog.waitFor();
    await bobPage.screenshot({ path: join(SCREENSHOTS, 'incoming-call.png') });
    await dialog.getByRole('button', { name: 'Accept' }).click();

    for (const page of [alicePage, bobPage]) {
      await until('the peer connection is connected', async () => (await page.locator('[data-testid="remote-video"][data-connection-state="connected"]').count()) === 1);
    }
    const [framesAlice, framesBob] = await Promise.all([remoteFrames(alicePage), remoteFrames(bobPage)]);
    expect(framesAlice).toBeGreaterThan(0);
    expect(framesBob).toBeGreaterThan(0);
    await alicePage.screenshot({ path: join(SCREENSHOTS, 'call.png') });

    // Mute and camera toggles say what they do next.
    await alicePage.getByRole('button', { name: 'Mute' }).click();
    await alicePage.getByRole('button', { name: 'Unmute' }).waitFor();
    await alicePage.getByRole('button', { name: 'Camera off' }).click();
    await alicePage.getByRole('button', { name: 'Camera on' }).waitFor();

    await alicePage.getByRole('button', { name: 'Hang up' }).click();
    for (const page of [alicePage, bobPage]) {
      await page.locator('[data-testid="call-ended"][data-reason="hangup"]').waitFor();
      expect(await page.getByTestId('call-panel').count()).toBe(0);
    }
    // The call is in the timeline of the conversation that is open.
    await alicePage.getByTestId('call-entry').filter({ hasText: 'Video call' }).waitFor();
    await alicePage.screenshot({ path: join(SCREENSHOTS, 'call-ended.png') });
    expect(errors).toEqual([]);
  }, 120_000);
});
